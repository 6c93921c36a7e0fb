package keystorm.engine.api;

import keystorm.engine.item.Item;

/** {@code item} is null when there is no item with that key. */
public record GetItemResponse(Item item, ConsumedCapacity consumedCapacity) {
}
