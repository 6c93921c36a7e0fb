package keystorm.engine.api;

import java.time.Instant;
import java.util.List;

/** What DescribeTable (and CreateTable, DeleteTable) answer. */
public record TableDescription(String tableName, String tableArn, String tableId,
                               List<AttributeDefinition> attributeDefinitions,
                               List<KeySchemaElement> keySchema, TableStatus tableStatus, Instant creationDateTime,
                               BillingMode billingMode, ProvisionedThroughput provisionedThroughput,
                               long itemCount, long tableSizeBytes, ThroughputHistory throughputHistory) {
    public TableDescription {
        attributeDefinitions = List.copyOf(attributeDefinitions);
        keySchema = List.copyOf(keySchema);
        throughputHistory = throughputHistory == null ? ThroughputHistory.NONE : throughputHistory;
    }

    /** A description without UpdateTable history. */
    public TableDescription(String tableName, String tableArn, String tableId,
                            List<AttributeDefinition> attributeDefinitions, List<KeySchemaElement> keySchema,
                            TableStatus tableStatus, Instant creationDateTime, BillingMode billingMode,
                            ProvisionedThroughput provisionedThroughput, long itemCount, long tableSizeBytes) {
        this(tableName, tableArn, tableId, attributeDefinitions, keySchema, tableStatus, creationDateTime, billingMode,
                provisionedThroughput, itemCount, tableSizeBytes, ThroughputHistory.NONE);
    }
}
