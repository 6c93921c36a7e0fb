package keystorm.engine.api;

public enum TableStatus { CREATING, ACTIVE, DELETING, UPDATING }
