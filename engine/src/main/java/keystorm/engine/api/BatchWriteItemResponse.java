package keystorm.engine.api;

import java.util.List;
import java.util.Map;

/** Writes not applied (throttled) are in unprocessedItems, to be retried by the caller. */
public record BatchWriteItemResponse(Map<String, List<WriteRequest>> unprocessedItems,
                                     List<ConsumedCapacity> consumedCapacity) {
}
