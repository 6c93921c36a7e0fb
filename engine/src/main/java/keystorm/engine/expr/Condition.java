package keystorm.engine.expr;

import keystorm.engine.item.Item;

/** A ConditionExpression or FilterExpression bound to one request. */
public interface Condition {
    /** Whether the item satisfies the condition; a missing item is {@link Item#EMPTY}. */
    boolean test(Item item);
}
