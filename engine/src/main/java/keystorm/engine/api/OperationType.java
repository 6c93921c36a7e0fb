package keystorm.engine.api;

/** A stream record's eventName. */
public enum OperationType { INSERT, MODIFY, REMOVE }
