package keystorm.engine.txn;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import keystorm.engine.partition.ItemKey;

/** A TransactGetItems in flight: the keys on which a write arrived while it read. */
final class ReadSet {
    private final Set<ItemKey> spoiled = Collections.synchronizedSet(new HashSet<>());

    void spoil(ItemKey key) {
        spoiled.add(key);
    }

    boolean spoiled(ItemKey key) {
        return spoiled.contains(key);
    }

    boolean isSpoiled() {
        return !spoiled.isEmpty();
    }
}
