package keystorm.engine.api;

public enum StreamStatus { ENABLING, ENABLED, DISABLING, DISABLED }
