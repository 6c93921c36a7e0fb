package keystorm.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.stream.ChangeOrigin;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;
import keystorm.engine.txn.Environment;
import keystorm.engine.txn.Marks;
import keystorm.engine.txn.TransactionTable;
import keystorm.engine.wal.LogRecord;

/**
 * A table as the operations see it: its items (the leaders' copy), its partitions, and the marks
 * that in-flight transactions leave on the items they hold.
 *
 * <p>Every change of an item goes through {@link #commit}, inside the item's lock: the partition
 * must reach a majority, the change is logged (and, under sync policy {@code always}, on disk)
 * before it is installed, then handed to the followers.
 *
 * <p>It reaches the engine only through the {@link Environment} it is given (the log, the bugs,
 * the scheduler), and transactions reach it only as a {@link TransactionTable}.
 */
final class LiveTable implements TransactionTable {
    final Table data;
    final PartitionMap partitions;
    private final Environment environment;
    private final Marks marks = new Marks();
    /** Status, tags and UpdateTable history (see {@link TableState}); ACTIVE unless given. */
    final TableState state;
    /** Time to Live's attribute and status (see {@link TimeToLive}); replaced whole by UpdateTimeToLive. */
    volatile TimeToLive.Setting timeToLive = TimeToLive.Setting.NONE;
    /**
     * The simulation's Time to Live sweep, told of each item written while Time to Live is enabled (it arms its
     * task for when the item falls due); null on real threads, whose sweep runs on its own period.
     */
    volatile TimeToLive expiryWatch;

    LiveTable(Table data, PartitionMap partitions, Environment environment) {
        this(data, partitions, environment, new TableState(0, 0));
    }

    LiveTable(Table data, PartitionMap partitions, Environment environment, TableState state) {
        this.data = data;
        this.partitions = partitions;
        this.environment = environment;
        this.state = state;
    }

    @Override
    public TableSchema schema() {
        return data.schema();
    }

    @Override
    public String name() {
        return data.schema().name();
    }

    @Override
    public Table data() {
        return data;
    }

    @Override
    public Marks marks() {
        return marks;
    }

    @Override
    public PartitionMap partitions() {
        return partitions;
    }

    @Override
    public Partition partition(Map<String, AttributeValue> key) {
        return partitions.of(key.get(schema().hashKey()));
    }

    /** What the operations on this table may reach of the engine. */
    Environment environment() {
        return environment;
    }

    /**
     * Inside the item's lock, before a single-item write: a transaction in flight on the item
     * makes the write fail with TransactionConflictException; TransactGetItems reading it are
     * told that their snapshot is spoilt.
     */
    void checkNoTransaction(Map<String, AttributeValue> key) {
        marks.checkNoTransaction(schema(), key);
    }

    /** Installs a change of one item made by a client; must run inside the item's lock. */
    @Override
    public void commit(Map<String, AttributeValue> key, Item previous, Item replacement) {
        commit(key, previous, replacement, ChangeOrigin.CLIENT);
    }

    /** Installs a change of one item made by {@code origin}; must run inside the item's lock. */
    void commit(Map<String, AttributeValue> key, Item previous, Item replacement, ChangeOrigin origin) {
        Partition partition = partition(key);
        partition.checkWritable(data);
        environment.logAndWait(new LogRecord.Write(name(), key, replacement));
        install(partition, key, previous, replacement, origin);
    }

    /** Installs an already logged change made by a client; must run inside the item's lock. */
    @Override
    public void install(Partition partition, Map<String, AttributeValue> key, Item previous, Item replacement) {
        install(partition, key, previous, replacement, ChangeOrigin.CLIENT);
    }

    /**
     * Installs an already logged change; must run inside the item's lock. This is where a change
     * reaches the table's stream (issue 16): once per change, in each item's order.
     */
    void install(Partition partition, Map<String, AttributeValue> key, Item previous, Item replacement,
                 ChangeOrigin origin) {
        data.write(key, previous, replacement);
        partition.replicate(key, replacement);
        scheduleIndexCatchUp();
        TimeToLive watch = expiryWatch;
        if (watch != null && replacement != null) {
            watch.written(this, replacement);
        }
    }

    /**
     * Under the simulation's scheduler, a lagging global index applies the write once it is due,
     * as a task at that virtual instant; on real threads its readers apply what is due
     * ({@link Table#catchUpIndexes}), as followers do.
     */
    private void scheduleIndexCatchUp() {
        long lag = data.globalIndexLagNanos();
        if (lag > 0 && environment.scheduler().simulated() && !data.indexes().isEmpty()) {
            environment.scheduler().schedule(lag, () -> data.catchUpIndexes(false));
        }
    }

    /** A read served as asked: strongly consistent from the leader, otherwise from any replica. */
    Item read(Map<String, AttributeValue> key, boolean consistentRead) {
        return read(partition(key), key, consistentRead);
    }

    Item read(Partition partition, Map<String, AttributeValue> key, boolean consistentRead) {
        if (consistentRead && !environment.has(Bug.STALE_STRONG_READ)) {
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
