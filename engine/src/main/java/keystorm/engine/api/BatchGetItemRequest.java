package keystorm.engine.api;

import java.util.LinkedHashMap;
import java.util.Map;

public record BatchGetItemRequest(Map<String, KeysAndAttributes> requestItems,
                                  ReturnConsumedCapacity returnConsumedCapacity) {
    public BatchGetItemRequest {
        requestItems = requestItems == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requestItems));
    }
}
