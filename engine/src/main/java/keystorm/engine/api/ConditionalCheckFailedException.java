package keystorm.engine.api;

import keystorm.engine.item.Item;

/**
 * A ConditionExpression was false. Carries the item as it was when the request asked for it
 * with ReturnValuesOnConditionCheckFailure ALL_OLD (null otherwise, or when there was none).
 */
public final class ConditionalCheckFailedException extends DynamoException {
    private final transient Item item;

    public ConditionalCheckFailedException(Item item) {
        super(ErrorType.ConditionalCheckFailedException, "The conditional request failed");
        this.item = item;
    }

    public Item item() {
        return item;
    }
}
