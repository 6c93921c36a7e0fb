package keystorm.engine.api;

import java.util.List;

/** TransactGetItems: up to 100 gets, read as of one instant. */
public record TransactGetItemsRequest(List<TransactGetItem> transactItems, ReturnConsumedCapacity returnConsumedCapacity) {
    public TransactGetItemsRequest {
        transactItems = transactItems == null ? List.of() : List.copyOf(transactItems);
    }

    public static TransactGetItemsRequest of(List<TransactGetItem> items) {
        return new TransactGetItemsRequest(items, null);
    }
}
