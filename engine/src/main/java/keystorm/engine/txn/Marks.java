package keystorm.engine.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.partition.ItemKey;
import keystorm.engine.table.TableSchema;

/**
 * What in-flight transactions hold on the items of one table: at most one write transaction per
 * item, and any number of TransactGetItems reading it. Every method runs inside the item's lock;
 * an item's entry is dropped as soon as nothing holds it, so the map holds only items of
 * transactions in flight.
 */
public final class Marks {
    private static final class Held {
        Object writer;
        List<ReadSet> readers;

        boolean isEmpty() {
            return writer == null && (readers == null || readers.isEmpty());
        }
    }

    private final ConcurrentHashMap<ItemKey, Held> held = new ConcurrentHashMap<>();

    /**
     * Inside the item's lock, before a single-item write: a transaction in flight on the item
     * makes the write fail with TransactionConflictException; TransactGetItems reading it are
     * told that their snapshot is spoilt.
     */
    public void checkNoTransaction(TableSchema schema, Map<String, AttributeValue> key) {
        if (held.isEmpty()) {
            return;
        }
        ItemKey itemKey = ItemKey.of(schema, key);
        Held marks = held.get(itemKey);
        if (marks == null) {
            return;
        }
        if (marks.writer != null) {
            throw new DynamoException(ErrorType.TransactionConflictException, "Transaction is ongoing for the item");
        }
        spoilReaders(marks, itemKey);
    }

    /** Marks the item as written by {@code owner}, spoiling its readers; false if another writer holds it. */
    boolean markWriter(ItemKey key, Object owner) {
        Held marks = held.computeIfAbsent(key, k -> new Held());
        if (marks.writer != null) {
            return false;
        }
        spoilReaders(marks, key);
        marks.writer = owner;
        return true;
    }

    void unmarkWriter(ItemKey key, Object owner) {
        Held marks = held.get(key);
        if (marks != null && marks.writer == owner) {
            marks.writer = null;
            if (marks.isEmpty()) {
                held.remove(key);
            }
        }
    }

    /** Marks the item as read by {@code reader}; false if a write transaction holds it. */
    boolean markReader(ItemKey key, ReadSet reader) {
        Held marks = held.computeIfAbsent(key, k -> new Held());
        if (marks.writer != null) {
            return false;
        }
        if (marks.readers == null) {
            marks.readers = new ArrayList<>(2);
        }
        marks.readers.add(reader);
        return true;
    }

    void unmarkReader(ItemKey key, ReadSet reader) {
        Held marks = held.get(key);
        if (marks != null && marks.readers != null) {
            marks.readers.remove(reader);
            if (marks.isEmpty()) {
                held.remove(key);
            }
        }
    }

    private static void spoilReaders(Held marks, ItemKey key) {
        if (marks.readers != null) {
            for (ReadSet reader : marks.readers) {
                reader.spoil(key);
            }
        }
    }
}
