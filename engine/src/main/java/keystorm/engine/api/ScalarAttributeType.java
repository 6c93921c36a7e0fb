package keystorm.engine.api;

/** The types a key attribute may have. */
public enum ScalarAttributeType { S, N, B }
