package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/** One PutRequest or DeleteRequest of a BatchWriteItem. */
public sealed interface WriteRequest {
    record Put(Item item) implements WriteRequest {
    }

    record Delete(Map<String, AttributeValue> key) implements WriteRequest {
        public Delete {
            key = Map.copyOf(key);
        }
    }
}
