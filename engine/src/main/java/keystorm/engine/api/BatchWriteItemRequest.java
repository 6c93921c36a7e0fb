package keystorm.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public record BatchWriteItemRequest(Map<String, List<WriteRequest>> requestItems,
                                    ReturnConsumedCapacity returnConsumedCapacity) {
    public BatchWriteItemRequest {
        requestItems = requestItems == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(requestItems));
    }
}
