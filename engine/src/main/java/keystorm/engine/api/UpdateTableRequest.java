package keystorm.engine.api;

import java.util.List;

/**
 * UpdateTable: a billing mode switch, the table's provisioned throughput, and the global secondary
 * index updates (each one Create, Update or Delete). Null members are absent from the request;
 * {@code attributeDefinitions} (needed only by a Create) is empty when absent; {@code streamSpecification}
 * enables or disables the table's stream.
 */
public record UpdateTableRequest(String tableName, List<AttributeDefinition> attributeDefinitions,
                                 BillingMode billingMode, ProvisionedThroughput provisionedThroughput,
                                 List<GlobalSecondaryIndexUpdate> globalSecondaryIndexUpdates,
                                 StreamSpecification streamSpecification) {
    public UpdateTableRequest {
        attributeDefinitions = attributeDefinitions == null ? List.of() : List.copyOf(attributeDefinitions);
        globalSecondaryIndexUpdates = globalSecondaryIndexUpdates == null ? List.of()
                : List.copyOf(globalSecondaryIndexUpdates);
    }

    /** An update that leaves the stream as it is. */
    public UpdateTableRequest(String tableName, List<AttributeDefinition> attributeDefinitions,
                              BillingMode billingMode, ProvisionedThroughput provisionedThroughput,
                              List<GlobalSecondaryIndexUpdate> globalSecondaryIndexUpdates) {
        this(tableName, attributeDefinitions, billingMode, provisionedThroughput, globalSecondaryIndexUpdates, null);
    }

    /** A stream enabled or disabled, alone. */
    public static UpdateTableRequest stream(String tableName, StreamSpecification streamSpecification) {
        return new UpdateTableRequest(tableName, List.of(), null, null, List.of(), streamSpecification);
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
