package keystorm.engine.api;

import java.util.List;

/** One of CreateTable's LocalSecondaryIndexes: the table's partition key, another sort key. */
public record LocalSecondaryIndex(String indexName, List<KeySchemaElement> keySchema, Projection projection) {
    public LocalSecondaryIndex {
        keySchema = keySchema == null ? List.of() : List.copyOf(keySchema);
    }
}
