package keystorm.engine.api;

import java.util.List;
import keystorm.engine.item.Item;

/** One entry per Get, in request order: the item, or null where there is none. */
public record TransactGetItemsResponse(List<Item> responses, List<ConsumedCapacity> consumedCapacity) {
}
