package keystorm.engine.insights;

/**
 * How a request reached its items: by their keys, by one partition key's collection, by
 * reading the whole table, or by writing. What tells a user that the hot path is a Scan.
 */
public enum AccessKind {
    KEY_LOOKUP("key-lookup"), QUERY("query"), SCAN("scan"), WRITE("write"), BATCH("batch"),
    TRANSACTION("transaction");

    private final String wireName;

    AccessKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name insights.jsonl and results.json use. */
    public String wireName() {
        return wireName;
    }

    public static AccessKind byWireName(String name) {
        for (AccessKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown access kind '" + name + "'");
    }
}
