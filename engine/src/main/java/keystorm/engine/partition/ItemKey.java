package keystorm.engine.partition;

import java.util.Map;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.table.TableSchema;

/** An item's primary key as one value: the partition-key value and the sort-key value (null if none). */
public record ItemKey(AttributeValue hash, AttributeValue range) {
    public static ItemKey of(TableSchema schema, Map<String, AttributeValue> key) {
        return new ItemKey(key.get(schema.hashKey()), schema.hasRangeKey() ? key.get(schema.rangeKey()) : null);
    }
}
