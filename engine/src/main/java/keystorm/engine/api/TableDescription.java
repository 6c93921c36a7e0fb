package keystorm.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * What DescribeTable (and CreateTable, DeleteTable) answer. The index lists are empty for a table
 * without indexes of that kind (the JSON then omits the member, as DynamoDB does); {@code stream} is null
 * for a table that never had a stream.
 */
public record TableDescription(String tableName, String tableArn, String tableId,
                               List<AttributeDefinition> attributeDefinitions,
                               List<KeySchemaElement> keySchema, TableStatus tableStatus, Instant creationDateTime,
                               BillingMode billingMode, ProvisionedThroughput provisionedThroughput,
                               long itemCount, long tableSizeBytes,
                               List<GlobalSecondaryIndexDescription> globalSecondaryIndexes,
                               List<LocalSecondaryIndexDescription> localSecondaryIndexes,
                               ThroughputHistory throughputHistory, TableStream stream) {
    public TableDescription {
        attributeDefinitions = List.copyOf(attributeDefinitions);
        keySchema = List.copyOf(keySchema);
        globalSecondaryIndexes = globalSecondaryIndexes == null ? List.of() : List.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = localSecondaryIndexes == null ? List.of() : List.copyOf(localSecondaryIndexes);
        throughputHistory = throughputHistory == null ? ThroughputHistory.NONE : throughputHistory;
    }

    /** A description of a table without a stream. */
    public TableDescription(String tableName, String tableArn, String tableId,
                            List<AttributeDefinition> attributeDefinitions, List<KeySchemaElement> keySchema,
                            TableStatus tableStatus, Instant creationDateTime, BillingMode billingMode,
                            ProvisionedThroughput provisionedThroughput, long itemCount, long tableSizeBytes,
                            List<GlobalSecondaryIndexDescription> globalSecondaryIndexes,
                            List<LocalSecondaryIndexDescription> localSecondaryIndexes,
                            ThroughputHistory throughputHistory) {
        this(tableName, tableArn, tableId, attributeDefinitions, keySchema, tableStatus, creationDateTime, billingMode,
                provisionedThroughput, itemCount, tableSizeBytes, globalSecondaryIndexes, localSecondaryIndexes,
                throughputHistory, null);
    }

    /** A description without UpdateTable history. */
    public TableDescription(String tableName, String tableArn, String tableId,
                            List<AttributeDefinition> attributeDefinitions, List<KeySchemaElement> keySchema,
                            TableStatus tableStatus, Instant creationDateTime, BillingMode billingMode,
                            ProvisionedThroughput provisionedThroughput, long itemCount, long tableSizeBytes,
                            List<GlobalSecondaryIndexDescription> globalSecondaryIndexes,
                            List<LocalSecondaryIndexDescription> localSecondaryIndexes) {
        this(tableName, tableArn, tableId, attributeDefinitions, keySchema, tableStatus, creationDateTime, billingMode,
                provisionedThroughput, itemCount, tableSizeBytes, globalSecondaryIndexes, localSecondaryIndexes,
                ThroughputHistory.NONE);
    }

    /** A table without secondary indexes. */
    public TableDescription(String tableName, String tableArn, String tableId,
                            List<AttributeDefinition> attributeDefinitions,
                            List<KeySchemaElement> keySchema, TableStatus tableStatus, Instant creationDateTime,
                            BillingMode billingMode, ProvisionedThroughput provisionedThroughput,
                            long itemCount, long tableSizeBytes) {
        this(tableName, tableArn, tableId, attributeDefinitions, keySchema, tableStatus, creationDateTime, billingMode,
                provisionedThroughput, itemCount, tableSizeBytes, List.of(), List.of());
    }
}
