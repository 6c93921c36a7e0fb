package keystorm.engine.api;

import java.util.List;
import java.util.Map;
import keystorm.engine.item.Item;

/** Items found per table; keys not served (throttled, or past 16 MB) are in unprocessedKeys. */
public record BatchGetItemResponse(Map<String, List<Item>> responses, Map<String, KeysAndAttributes> unprocessedKeys,
                                   List<ConsumedCapacity> consumedCapacity) {
}
