package keystorm.engine.api;

/** One entry of UpdateTable's GlobalSecondaryIndexUpdates: exactly one of Create, Update, Delete. */
public sealed interface GlobalSecondaryIndexUpdate {
    String indexName();

    /** A new global index, built from the table's items (backfilled) before it is ACTIVE. */
    record Create(GlobalSecondaryIndex index) implements GlobalSecondaryIndexUpdate {
        public String indexName() {
            return index.indexName();
        }
    }

    /** A new provisioned throughput for an existing global index. */
    record Update(String indexName, ProvisionedThroughput provisionedThroughput) implements GlobalSecondaryIndexUpdate {
    }

    record Delete(String indexName) implements GlobalSecondaryIndexUpdate {
    }
}
