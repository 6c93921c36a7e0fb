package keystorm.engine.api;

import keystorm.engine.item.Item;

/**
 * What PutItem, UpdateItem and DeleteItem answer: the attributes ReturnValues asked for (null
 * when none) and the consumed capacity (null unless asked for).
 */
public record WriteResponse(Item attributes, ConsumedCapacity consumedCapacity) {
}
