package keystorm.engine.api;

/** INDEXES is accepted and answered as TOTAL: the engine has no secondary indexes yet. */
public enum ReturnConsumedCapacity { NONE, TOTAL, INDEXES }
