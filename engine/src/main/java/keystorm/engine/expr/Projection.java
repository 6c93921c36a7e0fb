package keystorm.engine.expr;

import keystorm.engine.item.Item;

/** A ProjectionExpression bound to one request. */
public interface Projection {
    /** The parts of the item the projection names; missing parts are left out. */
    Item apply(Item item);
}
