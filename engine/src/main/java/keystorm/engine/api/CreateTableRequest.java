package keystorm.engine.api;

import java.util.List;

/**
 * CreateTable. {@code billingMode} null means PROVISIONED, DynamoDB's default;
 * {@code provisionedThroughput} is required for PROVISIONED and forbidden for PAY_PER_REQUEST.
 * The index lists are empty when the request names none; {@code streamSpecification} is null when it
 * gives none.
 */
public record CreateTableRequest(String tableName, List<AttributeDefinition> attributeDefinitions,
                                 List<KeySchemaElement> keySchema, BillingMode billingMode,
                                 ProvisionedThroughput provisionedThroughput,
                                 List<GlobalSecondaryIndex> globalSecondaryIndexes,
                                 List<LocalSecondaryIndex> localSecondaryIndexes,
                                 StreamSpecification streamSpecification) {
    public CreateTableRequest {
        attributeDefinitions = attributeDefinitions == null ? List.of() : List.copyOf(attributeDefinitions);
        keySchema = keySchema == null ? List.of() : List.copyOf(keySchema);
        globalSecondaryIndexes = globalSecondaryIndexes == null ? List.of() : List.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = localSecondaryIndexes == null ? List.of() : List.copyOf(localSecondaryIndexes);
    }

    /** A table without a stream. */
    public CreateTableRequest(String tableName, List<AttributeDefinition> attributeDefinitions,
                              List<KeySchemaElement> keySchema, BillingMode billingMode,
                              ProvisionedThroughput provisionedThroughput,
                              List<GlobalSecondaryIndex> globalSecondaryIndexes,
                              List<LocalSecondaryIndex> localSecondaryIndexes) {
        this(tableName, attributeDefinitions, keySchema, billingMode, provisionedThroughput, globalSecondaryIndexes,
                localSecondaryIndexes, null);
    }

    /** A table without secondary indexes. */
    public CreateTableRequest(String tableName, List<AttributeDefinition> attributeDefinitions,
                              List<KeySchemaElement> keySchema, BillingMode billingMode,
                              ProvisionedThroughput provisionedThroughput) {
        this(tableName, attributeDefinitions, keySchema, billingMode, provisionedThroughput, List.of(), List.of());
    }

    /** This request with these indexes. */
    public CreateTableRequest withIndexes(List<GlobalSecondaryIndex> globalSecondaryIndexes,
                                          List<LocalSecondaryIndex> localSecondaryIndexes) {
        return new CreateTableRequest(tableName, attributeDefinitions, keySchema, billingMode, provisionedThroughput,
                globalSecondaryIndexes, localSecondaryIndexes, streamSpecification);
    }

    /** This request with this StreamSpecification. */
    public CreateTableRequest withStream(StreamSpecification streamSpecification) {
        return new CreateTableRequest(tableName, attributeDefinitions, keySchema, billingMode, provisionedThroughput,
                globalSecondaryIndexes, localSecondaryIndexes, streamSpecification);
    }

    /** An on-demand table keyed by a partition key and, if {@code rangeKey} is not null, a sort key. */
    public static CreateTableRequest onDemand(String tableName, String hashKey, ScalarAttributeType hashType,
                                              String rangeKey, ScalarAttributeType rangeType) {
        List<AttributeDefinition> definitions = rangeKey == null
                ? List.of(new AttributeDefinition(hashKey, hashType))
                : List.of(new AttributeDefinition(hashKey, hashType), new AttributeDefinition(rangeKey, rangeType));
        List<KeySchemaElement> schema = rangeKey == null
                ? List.of(new KeySchemaElement(hashKey, KeyType.HASH))
                : List.of(new KeySchemaElement(hashKey, KeyType.HASH), new KeySchemaElement(rangeKey, KeyType.RANGE));
        return new CreateTableRequest(tableName, definitions, schema, BillingMode.PAY_PER_REQUEST, null);
    }
}
