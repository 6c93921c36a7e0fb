package keystorm.engine.api;

/** INDEXES is accepted and answered as TOTAL: the engine has no secondary indexes yet. */
public enum ReturnConsumedCapacity {
    NONE, TOTAL, INDEXES;

    /** Whether a request asked for its consumed capacity (null: it did not say, so no). */
    public static boolean wanted(ReturnConsumedCapacity returnConsumedCapacity) {
        return returnConsumedCapacity != null && returnConsumedCapacity != NONE;
    }
}
