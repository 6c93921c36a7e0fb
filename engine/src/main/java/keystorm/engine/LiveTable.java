package keystorm.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.ItemKey;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;
import keystorm.engine.wal.LogRecord;

/**
 * A table as the operations see it: its items (the leaders' copy), its partitions, and the marks
 * that in-flight transactions leave on the items they hold.
 *
 * <p>Every change of an item goes through {@link #commit}, inside the item's lock: the partition
 * must reach a majority, the change is logged (and, under sync policy {@code always}, on disk)
 * before it is installed, then handed to the followers.
 */
final class LiveTable {
    /** What in-flight transactions hold on one item; read and changed only inside the item's lock. */
    static final class Marks {
        Object writer;
        List<TransactOperations.ReadSet> readers;

        boolean isEmpty() {
            return writer == null && (readers == null || readers.isEmpty());
        }
    }

    final Table data;
    final PartitionMap partitions;
    final Engine engine;
    final ConcurrentHashMap<ItemKey, Marks> marks = new ConcurrentHashMap<>();

    LiveTable(Table data, PartitionMap partitions, Engine engine) {
        this.data = data;
        this.partitions = partitions;
        this.engine = engine;
    }

    TableSchema schema() {
        return data.schema();
    }

    String name() {
        return data.schema().name();
    }

    Partition partition(Map<String, AttributeValue> key) {
        return partitions.of(key.get(schema().hashKey()));
    }

    /**
     * Inside the item's lock, before a single-item write: a transaction in flight on the item
     * makes the write fail with TransactionConflictException; TransactGetItems reading it are
     * told that their snapshot is spoilt.
     */
    void checkNoTransaction(Map<String, AttributeValue> key) {
        if (marks.isEmpty()) {
            return;
        }
        ItemKey itemKey = ItemKey.of(schema(), key);
        Marks held = marks.get(itemKey);
        if (held == null) {
            return;
        }
        if (held.writer != null) {
            throw new DynamoException(ErrorType.TransactionConflictException,
                    "Transaction is ongoing for the item");
        }
        spoilReaders(held, itemKey);
    }

    static void spoilReaders(Marks held, ItemKey key) {
        if (held.readers != null) {
            for (TransactOperations.ReadSet reader : held.readers) {
                reader.spoil(key);
            }
        }
    }

    /** Installs a change of one item; must run inside the item's lock. */
    void commit(Map<String, AttributeValue> key, Item previous, Item replacement) {
        Partition partition = partition(key);
        partition.checkWritable();
        engine.logAndWait(new LogRecord.Write(name(), key, replacement));
        install(partition, key, previous, replacement);
    }

    /** Installs an already logged change; must run inside the item's lock. */
    void install(Partition partition, Map<String, AttributeValue> key, Item previous, Item replacement) {
        data.write(key, previous, replacement);
        partition.replicate(key, replacement);
    }

    /** A read served as asked: strongly consistent from the leader, otherwise from any replica. */
    Item read(Map<String, AttributeValue> key, boolean consistentRead) {
        return read(partition(key), key, consistentRead);
    }

    Item read(Partition partition, Map<String, AttributeValue> key, boolean consistentRead) {
        if (consistentRead && !engine.config().has(Bug.STALE_STRONG_READ)) {
            return data.get(key);
        }
        return partition.readAny(data, key);
    }

    /** Items of this table in a hash range, for snapshots. */
    List<Item> items() {
        List<Item> all = new ArrayList<>();
        data.forEachInHashRange(0, 0, true, all::add);
        return all;
    }
}
