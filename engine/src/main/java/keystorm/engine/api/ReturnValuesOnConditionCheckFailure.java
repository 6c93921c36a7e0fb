package keystorm.engine.api;

public enum ReturnValuesOnConditionCheckFailure { NONE, ALL_OLD }
