package keystorm.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * One global secondary index as DescribeTable (and CreateTable, DeleteTable) answer it. A
 * PAY_PER_REQUEST table's index answers a throughput of zero units, as the service does; {@code
 * backfilling} is true only while an index added by UpdateTable is being filled from the table.
 * {@code indexArn} is the table's ARN followed by {@code /index/} and the index name.
 */
public record GlobalSecondaryIndexDescription(String indexName, List<KeySchemaElement> keySchema,
                                              Projection projection, IndexStatus indexStatus, boolean backfilling,
                                              ProvisionedThroughput provisionedThroughput,
                                              long numberOfDecreasesToday, long indexSizeBytes, long itemCount,
                                              String indexArn) {
    public GlobalSecondaryIndexDescription {
        Objects.requireNonNull(indexName, "indexName");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(indexStatus, "indexStatus");
        Objects.requireNonNull(provisionedThroughput, "provisionedThroughput");
        keySchema = List.copyOf(keySchema);
        if (keySchema.isEmpty() || keySchema.size() > 2) {
            throw new IllegalArgumentException("an index key schema has one or two elements: " + keySchema);
        }
        if (itemCount < 0 || indexSizeBytes < 0 || numberOfDecreasesToday < 0) {
            throw new IllegalArgumentException("negative counts for index " + indexName + ": items " + itemCount
                    + ", bytes " + indexSizeBytes + ", decreases " + numberOfDecreasesToday);
        }
    }
}
