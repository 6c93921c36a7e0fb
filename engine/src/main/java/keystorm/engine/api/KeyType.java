package keystorm.engine.api;

public enum KeyType { HASH, RANGE }
