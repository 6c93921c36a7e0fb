package keystorm.engine.api;

import java.util.List;

/**
 * One of CreateTable's GlobalSecondaryIndexes (and UpdateTable's Create action).
 * {@code provisionedThroughput} is required on a PROVISIONED table and forbidden on a
 * PAY_PER_REQUEST one.
 */
public record GlobalSecondaryIndex(String indexName, List<KeySchemaElement> keySchema, Projection projection,
                                   ProvisionedThroughput provisionedThroughput) {
    public GlobalSecondaryIndex {
        keySchema = keySchema == null ? List.of() : List.copyOf(keySchema);
    }
}
