package keystorm.engine.api;

import java.util.List;

/** TransactWriteItems: up to 100 actions on distinct items, all applied or none. */
public record TransactWriteItemsRequest(List<TransactWriteItem> transactItems, String clientRequestToken,
                                        ReturnConsumedCapacity returnConsumedCapacity) {
    public TransactWriteItemsRequest {
        transactItems = transactItems == null ? List.of() : List.copyOf(transactItems);
    }

    public static TransactWriteItemsRequest of(List<TransactWriteItem> items) {
        return new TransactWriteItemsRequest(items, null, null);
    }

    public TransactWriteItemsRequest withToken(String token) {
        return new TransactWriteItemsRequest(transactItems, token, returnConsumedCapacity);
    }
}
