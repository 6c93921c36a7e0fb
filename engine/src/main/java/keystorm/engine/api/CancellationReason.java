package keystorm.engine.api;

import keystorm.engine.item.Item;

/**
 * Why one action of a cancelled transaction did not happen: code {@code None} (it was fine),
 * {@code ConditionalCheckFailed} (with the item when ReturnValuesOnConditionCheckFailure was
 * ALL_OLD), {@code TransactionConflict}, {@code ProvisionedThroughputExceeded},
 * {@code ThrottlingError} or {@code ValidationError}.
 */
public record CancellationReason(String code, String message, Item item) {
    public static final CancellationReason NONE = new CancellationReason("None", null, null);

    public static CancellationReason conditionalCheckFailed(Item item) {
        return new CancellationReason("ConditionalCheckFailed", "The conditional request failed", item);
    }

    public static CancellationReason conflict() {
        return new CancellationReason("TransactionConflict", "Transaction is ongoing for the item", null);
    }
}
