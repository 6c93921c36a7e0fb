package keystorm.engine.api;

import java.util.List;

/**
 * UpdateTable: a billing mode switch, the table's provisioned throughput, and the global secondary
 * index updates (each one Create, Update or Delete). Null members are absent from the request;
 * {@code attributeDefinitions} (needed only by a Create) is empty when absent.
 */
public record UpdateTableRequest(String tableName, List<AttributeDefinition> attributeDefinitions,
                                 BillingMode billingMode, ProvisionedThroughput provisionedThroughput,
                                 List<GlobalSecondaryIndexUpdate> globalSecondaryIndexUpdates) {
    public UpdateTableRequest {
        attributeDefinitions = attributeDefinitions == null ? List.of() : List.copyOf(attributeDefinitions);
        globalSecondaryIndexUpdates = globalSecondaryIndexUpdates == null ? List.of()
                : List.copyOf(globalSecondaryIndexUpdates);
    }

    /** A throughput change of the table alone. */
    public static UpdateTableRequest throughput(String tableName, ProvisionedThroughput throughput) {
        return new UpdateTableRequest(tableName, List.of(), null, throughput, List.of());
    }

    /** A billing mode switch, with the throughput PROVISIONED needs (null for PAY_PER_REQUEST). */
    public static UpdateTableRequest billing(String tableName, BillingMode mode, ProvisionedThroughput throughput) {
        return new UpdateTableRequest(tableName, List.of(), mode, throughput, List.of());
    }
}
