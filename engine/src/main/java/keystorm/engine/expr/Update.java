package keystorm.engine.expr;

import java.util.Set;
import keystorm.engine.item.Item;

/** An UpdateExpression bound to one request. */
public interface Update {
    /**
     * The item after the update. The old item is {@link Item#EMPTY} when missing. Throws a
     * ValidationException for what DynamoDB rejects only once it sees the item (arithmetic on
     * a non-number, a missing operand, a path through a missing map).
     */
    Item apply(Item old);

    /** The top-level attributes the update touches: for UPDATED_OLD/NEW and the key check. */
    Set<String> topLevelNames();

    /**
     * The paths the update writes, as a projection: UPDATED_OLD and UPDATED_NEW return the item
     * before or after projected on them (a nested path returns only what lies at its end).
     */
    Projection updatedPaths();

    /** The top-level attributes the update reaches into (a path {@code a.b} or {@code a[1]} names {@code a}). */
    default Set<String> nestedTopLevelNames() {
        return Set.of();
    }

    /** True if the update has no SET or ADD: on a missing item it creates nothing. */
    boolean removesOnly();
}
