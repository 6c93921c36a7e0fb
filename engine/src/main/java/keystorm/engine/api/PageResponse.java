package keystorm.engine.api;

import java.util.List;
import java.util.Map;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/**
 * One page of a Query or Scan: the items (empty for Select COUNT), how many matched the filter
 * ({@code count}) and how many were evaluated ({@code scannedCount}), and where to continue
 * ({@code lastEvaluatedKey}, null on the last page).
 */
public record PageResponse(List<Item> items, int count, int scannedCount, Map<String, AttributeValue> lastEvaluatedKey,
                           ConsumedCapacity consumedCapacity) {
    public PageResponse {
        items = List.copyOf(items);
    }
}
