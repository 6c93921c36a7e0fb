package keystorm.engine.api;

import java.util.List;

/** Consumed capacity per table (null unless asked for). */
public record TransactWriteItemsResponse(List<ConsumedCapacity> consumedCapacity) {
}
