package keystorm.engine.insights;

/** The item operations the insights recorder counts, each with DynamoDB's name and how it reaches items. */
public enum Operation {
    GET_ITEM("GetItem", AccessKind.KEY_LOOKUP),
    PUT_ITEM("PutItem", AccessKind.WRITE),
    UPDATE_ITEM("UpdateItem", AccessKind.WRITE),
    DELETE_ITEM("DeleteItem", AccessKind.WRITE),
    QUERY("Query", AccessKind.QUERY),
    SCAN("Scan", AccessKind.SCAN),
    BATCH_GET_ITEM("BatchGetItem", AccessKind.KEY_LOOKUP),
    BATCH_WRITE_ITEM("BatchWriteItem", AccessKind.BATCH),
    TRANSACT_WRITE_ITEMS("TransactWriteItems", AccessKind.TRANSACTION),
    TRANSACT_GET_ITEMS("TransactGetItems", AccessKind.KEY_LOOKUP);

    private final String wireName;
    private final AccessKind kind;

    Operation(String wireName, AccessKind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    /** DynamoDB's name of the operation ("GetItem"), as insights.jsonl writes it. */
    public String wireName() {
        return wireName;
    }

    public AccessKind kind() {
        return kind;
    }

    public static Operation byWireName(String name) {
        for (Operation operation : values()) {
            if (operation.wireName.equals(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + name + "'");
    }
}
