package keystorm.engine.wal;

import java.util.Locale;

/** When the write-ahead log is forced to disk. */
public enum SyncPolicy {
    /** fsync before a write is acknowledged; concurrent writers share one fsync (group commit). */
    ALWAYS,
    /** fsync every {@code batchMillis}; a crash may lose the writes of the last interval. */
    BATCH,
    /** never fsync; the operating system writes the log when it likes. */
    NEVER;

    public static SyncPolicy byCliName(String name) {
        for (SyncPolicy policy : values()) {
            if (policy.name().toLowerCase(Locale.ROOT).equals(name)) {
                return policy;
            }
        }
        return null;
    }
}
