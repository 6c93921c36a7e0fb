package keystorm.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * One local secondary index as DescribeTable (and CreateTable, DeleteTable) answer it: no status
 * and no throughput of its own (it shares the table's). {@code indexArn} is the table's ARN
 * followed by {@code /index/} and the index name.
 */
public record LocalSecondaryIndexDescription(String indexName, List<KeySchemaElement> keySchema,
                                             Projection projection, long indexSizeBytes, long itemCount,
                                             String indexArn) {
    public LocalSecondaryIndexDescription {
        Objects.requireNonNull(indexName, "indexName");
        Objects.requireNonNull(projection, "projection");
        keySchema = List.copyOf(keySchema);
        if (keySchema.size() != 2) {
            throw new IllegalArgumentException("a local index key schema has two elements: " + keySchema);
        }
        if (itemCount < 0 || indexSizeBytes < 0) {
            throw new IllegalArgumentException("negative counts for index " + indexName + ": items " + itemCount
                    + ", bytes " + indexSizeBytes);
        }
    }
}
