package keystorm.engine.api;

public enum TimeToLiveStatus { ENABLING, ENABLED, DISABLING, DISABLED }
