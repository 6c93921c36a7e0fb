package keystorm.engine.partition;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.ThrottledException;
import keystorm.engine.api.ThrottlingReason;
import keystorm.engine.capacity.TokenBucket;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.KeyHash;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.Clock;
import keystorm.engine.time.Scheduler;

/**
 * A table's partitions: ranges of the partition-key hash, at first equal. Their number follows
 * DynamoDB's rule of thumb for provisioned tables (one partition per 3,000 read units plus 1,000
 * write units provisioned, at least one) and is four for a new on-demand table (which then sustains
 * 12,000 reads and 4,000 writes a second, the initial throughput DynamoDB documents for a new
 * on-demand table [On-demand capacity mode: Initial throughput]); it can also be set outright.
 *
 * <p><b>Capacity.</b> Every request takes from its partition's ceiling ({@link Throughput}) and,
 * depending on the table:
 * <ul>
 * <li>provisioned with adaptive capacity (the default): a table bucket refilling at the table's
 * whole provisioned rate and holding {@link Limits#burstSeconds()} of it, shared by all partitions,
 * so that a hot partition borrows what the others leave unused, up to its ceiling [Burst and
 * adaptive capacity];</li>
 * <li>provisioned without it: the partition's even share of the provisioned rate, with its own
 * burst;</li>
 * <li>on demand: a table bucket of the default table quota of 40,000 units a second
 * ({@link Limits#tableUnitsMax()}).</li>
 * </ul>
 * The partition's buckets are taken first, under the partition's monitor; the table bucket last,
 * and when it refuses the partition's units are given back: all or nothing.
 *
 * <p>On demand, a partition keeps no burst beyond its one-second ceiling: a request bigger than
 * what its partitions hold now is served in part, as DynamoDB serves it. A 25-item BatchWriteItem
 * of 10,000 write units on a new table is accepted, its items beyond each partition's 1,000 units
 * returned as UnprocessedItems, and done in a few resubmissions a second apart; DynamoDB itself
 * leaves part of such a batch unprocessed on a new on-demand table (ScyllaDB's Alternator suite,
 * written against DynamoDB, says so in test_batch_write_item_large and resubmits for that), so no
 * on-demand burst was added for it.
 *
 * <p><b>Splits.</b> With split for heat on, a partition hot for long enough asks to be split
 * ({@link #requestSplit}); one split of a table runs at a time, as a task of the simulated
 * scheduler or on a short-lived thread of its own, never inside the request that asked (which may
 * hold an item lock, and a split takes them all). The current partitions are an immutable array
 * in hash order, replaced as a whole by a split; retired partitions are kept for their metrics.
 *
 * <p><b>Global secondary indexes.</b> Each global index of the table has a map of its own ({@link #index}),
 * made on first use: partitioned by the hash of the index partition key, with the index's provisioned
 * throughput (or, on demand, the table quota and ceilings of a new on-demand table), the same
 * per-partition ceilings, and no splits and no observer (the insights recorder sees the table's units
 * only). Its partitions hold no replicas' data: an index is read from {@code SecondaryIndex}, only
 * metered here. A local index has no map: its entries live with their item collection, on the table's
 * partitions.
 */
public final class PartitionMap {
    public static final int ON_DEMAND_PARTITIONS = 4;

    /** What the partitions share with the engine: its clock, its switches and its limits. */
    public interface Environment {
        Clock clock();

        Limits limits();

        ReplicaLag lag();

        /** Extra lag of a lag spike in force now (0 when none). */
        long lagSpikeNanos(long nowNanos);

        boolean noThrottle();

        /** Who runs a split: the simulated scheduler takes it as a task; otherwise a thread of its own. */
        Scheduler scheduler();

        boolean adaptiveCapacity();

        boolean splitForHeat();

        /** Who sees every metering decision (the insights recorder), or null. */
        default MeterObserver meterObserver() {
            return null;
        }
    }

    private final Table data;
    /** Replaced by {@link #reprovision} (UpdateTable) under the split lock. */
    private volatile TableSchema schema;
    private final Environment environment;
    private volatile Partition[] partitions;
    private final List<Partition> retired = new ArrayList<>();
    private final KeyCounters keys;
    private volatile TokenBucket tableRead;
    private volatile TokenBucket tableWrite;
    /** The provisioned rates for even shares, or null when partitions have no share (on demand, adaptive). */
    private volatile ProvisionedThroughput shared;
    /** Held by a split and by every fault, so that a fault never acts on a partition a split retires meanwhile. */
    private final Object splitLock = new Object();
    private final AtomicBoolean splitting = new AtomicBoolean();
    private volatile Thread splitter;
    private int nextId;
    /** The global index this map meters, or null for the table's own. */
    private final String indexName;
    private final long seed;
    /** The maps of the table's global indexes, by name, made on first use (none in an index's map). */
    private final ConcurrentHashMap<String, PartitionMap> globalIndexes = new ConcurrentHashMap<>();

    public PartitionMap(Table data, int count, Environment environment, long seed) {
        this(data, data.schema(), null, count, environment, seed);
    }

    private PartitionMap(Table data, TableSchema schema, String indexName, int count, Environment environment,
                         long seed) {
        this.data = data;
        this.schema = schema;
        this.indexName = indexName;
        this.seed = seed;
        this.environment = environment;
        Limits limits = environment.limits();
        this.keys = new KeyCounters(limits.hotKeysTrackedMax());
        int n = count > 0 ? count : defaultCount(schema, limits);
        long now = environment.clock().nanoTime();
        ProvisionedThroughput provisioned = schema.provisionedThroughput();
        boolean onDemand = schema.billingMode() == BillingMode.PAY_PER_REQUEST;
        boolean adaptive = !onDemand && environment.adaptiveCapacity();
        this.shared = onDemand || adaptive ? null : provisioned;
        Partition[] initial = new Partition[n];
        BigInteger space = BigInteger.ONE.shiftLeft(64);
        for (int i = 0; i < n; i++) {
            long low = space.multiply(BigInteger.valueOf(i)).add(BigInteger.valueOf(n - 1))
                    .divide(BigInteger.valueOf(n)).longValue();
            long high = space.multiply(BigInteger.valueOf(i + 1L)).add(BigInteger.valueOf(n - 1))
                    .divide(BigInteger.valueOf(n)).longValue();
            Throughput throughput = new Throughput(readShare(n), writeShare(n), now, limits);
            initial[i] = new Partition(this, nextId++, -1, low, high, i == n - 1, throughput, seed * 31 + i, now);
        }
        this.partitions = initial;
        if (onDemand) {
            double tableUnits = limits.tableUnitsMax();
            this.tableRead = new TokenBucket(tableUnits, tableUnits, true, now);
            this.tableWrite = new TokenBucket(tableUnits, tableUnits, true, now);
        } else if (adaptive) {
            double read = provisioned.readCapacityUnits();
            double write = provisioned.writeCapacityUnits();
            this.tableRead = new TokenBucket(read, read * limits.burstSeconds(), true, now);
            this.tableWrite = new TokenBucket(write, write * limits.burstSeconds(), true, now);
        } else {
            this.tableRead = null;
            this.tableWrite = null;
        }
    }

    /**
     * UpdateTable changed the table's billing mode or provisioned throughput: the table's buckets take the new
     * rates (keeping what they hold, up to the new burst), and so do the partitions' even shares. A partition
     * created on demand has no share bucket to take a provisioned rate; switched to PROVISIONED without
     * adaptive capacity, such a table meters its provisioned rate in a table bucket, as with adaptive capacity.
     */
    public void reprovision(TableSchema next) {
        if (indexName == null) {
            for (String name : List.copyOf(globalIndexes.keySet())) {
                IndexSchema index = next.index(name);
                if (index == null || !index.isGlobal()) {
                    globalIndexes.remove(name); // deleted: a new index of that name starts afresh
                } else {
                    globalIndexes.get(name).reprovision(indexSchema(next, index));
                }
            }
        }
        synchronized (splitLock) {
            Limits limits = environment.limits();
            long now = environment.clock().nanoTime();
            boolean onDemand = next.billingMode() == BillingMode.PAY_PER_REQUEST;
            ProvisionedThroughput provisioned = next.provisionedThroughput();
            Partition[] current = partitions;
            boolean hasShares = current.length > 0 && current[0].throughput.hasShares();
            boolean even = !onDemand && !environment.adaptiveCapacity() && hasShares;
            double read = onDemand ? limits.tableUnitsMax() : provisioned.readCapacityUnits();
            double write = onDemand ? limits.tableUnitsMax() : provisioned.writeCapacityUnits();
            double burst = onDemand ? 1 : limits.burstSeconds();
            this.schema = next;
            this.shared = even ? provisioned : null;
            if (even) {
                tableRead = null;
                tableWrite = null;
            } else if (tableRead == null || onDemand) {
                // a switch to on demand starts full, as a new on-demand table does
                tableRead = new TokenBucket(read, read * burst, true, now);
                tableWrite = new TokenBucket(write, write * burst, true, now);
            } else {
                tableRead.reconfigure(read, read * burst, now);
                tableWrite.reconfigure(write, write * burst, now);
            }
            for (Partition partition : current) {
                if (even) {
                    partition.throughput.reshare(readShare(current.length), writeShare(current.length), now);
                } else if (hasShares) {
                    // no even share any more: the table bucket meters the rate, the share stops binding
                    partition.throughput.reshare(limits.partitionReadUnitsMax(), limits.partitionWriteUnitsMax(), now);
                }
            }
        }
    }

    /**
     * The map that meters a global index of this table (made now if it is the first use), or null when the
     * table has no global index of that name.
     */
    public PartitionMap index(String name) {
        if (indexName != null) {
            throw new IllegalStateException("an index's partitions have no indexes of their own");
        }
        PartitionMap map = globalIndexes.get(name);
        if (map != null) {
            return map;
        }
        // the table's schema now: an index UpdateTable just created is there before this map is reprovisioned
        TableSchema table = data.schema();
        IndexSchema index = table.index(name);
        if (index == null || !index.isGlobal()) {
            return null;
        }
        return globalIndexes.computeIfAbsent(name, n -> new PartitionMap(data, indexSchema(table, index), n, 0,
                new IndexEnvironment(environment), seed * 31 + n.hashCode()));
    }

    /** The global indexes metered so far, by name (those never written nor read have no map yet). */
    public java.util.Map<String, PartitionMap> indexes() {
        return java.util.Map.copyOf(globalIndexes);
    }

    /** The global index this map meters, or null for a table's map. */
    public String indexName() {
        return indexName;
    }

    /**
     * What an index's map meters by: its keys, the table's billing mode and the index's throughput (a
     * provisioned index without one, which CreateTable refuses, takes the table's).
     */
    private static TableSchema indexSchema(TableSchema table, IndexSchema index) {
        ProvisionedThroughput throughput = index.provisionedThroughput() != null ? index.provisionedThroughput()
                : table.provisionedThroughput();
        return new TableSchema(table.name(), index.hashKey(), index.hashKeyType(), index.rangeKey(),
                index.rangeKeyType(), table.billingMode(), throughput);
    }

    /** An index's partitions: the engine's clock and limits, no splits and no observer. */
    private record IndexEnvironment(Environment engine) implements Environment {
        public Clock clock() {
            return engine.clock();
        }

        public Limits limits() {
            return engine.limits();
        }

        public ReplicaLag lag() {
            return engine.lag();
        }

        public long lagSpikeNanos(long nowNanos) {
            return engine.lagSpikeNanos(nowNanos);
        }

        public boolean noThrottle() {
            return engine.noThrottle();
        }

        public Scheduler scheduler() {
            return engine.scheduler();
        }

        public boolean adaptiveCapacity() {
            return engine.adaptiveCapacity();
        }

        public boolean splitForHeat() {
            return false;
        }
    }

    private double readShare(int count) {
        return shared == null ? -1 : shared.readCapacityUnits() / (double) count;
    }

    private double writeShare(int count) {
        return shared == null ? -1 : shared.writeCapacityUnits() / (double) count;
    }

    /**
     * DynamoDB's rule: ceil(RCU / 3000 + WCU / 1000) for provisioned tables, at least one (3000 and
     * 1000 being the partition ceilings of {@code limits}).
     */
    public static int defaultCount(TableSchema schema, Limits limits) {
        if (schema.billingMode() == BillingMode.PAY_PER_REQUEST) {
            return ON_DEMAND_PARTITIONS;
        }
        ProvisionedThroughput p = schema.provisionedThroughput();
        double share = p.readCapacityUnits() / (double) limits.partitionReadUnitsMax()
                + p.writeCapacityUnits() / (double) limits.partitionWriteUnitsMax();
        return Math.max(1, (int) Math.ceil(share - 1e-9));
    }

    /** Partitions now (splits add to them). */
    public int count() {
        return partitions.length;
    }

    /** The current partition of a partition-key value. */
    public Partition of(AttributeValue hashKey) {
        return at(KeyHash.of(hashKey));
    }

    /** The current partition holding an (unsigned) hash. */
    Partition at(long hash) {
        Partition[] now = partitions;
        int low = 0;
        int high = now.length - 1;
        while (low < high) { // the last partition whose low end is at or below the hash
            int mid = (low + high + 1) >>> 1;
            if (Long.compareUnsigned(now[mid].lowHash(), hash) <= 0) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return now[low];
    }

    /** The current partitions that hold part of the hash range [low, high) (to the end when {@code last}). */
    List<Partition> covering(long low, long high, boolean last) {
        List<Partition> out = new ArrayList<>();
        for (Partition partition : partitions) {
            boolean startsBeforeEnd = last || Long.compareUnsigned(partition.lowHash(), high) < 0;
            boolean endsAfterStart = partition.last() || Long.compareUnsigned(partition.highHash(), low) > 0;
            if (startsBeforeEnd && endsAfterStart) {
                out.add(partition);
            }
        }
        return out;
    }

    /** The partition at a place in hash order now. */
    public Partition get(int index) {
        Partition[] now = partitions;
        if (index < 0 || index >= now.length) {
            throw new IllegalArgumentException("table " + schema.name() + " has partitions 0 to "
                    + (now.length - 1) + ", not " + index);
        }
        return now[index];
    }

    public KeyCounters keys() {
        return keys;
    }

    /** Reports a metering decision to the engine's observer, if one is attached. */
    void observe(AttributeValue hashKey, boolean write, double units, boolean served) {
        MeterObserver observer = environment.meterObserver();
        if (observer != null) {
            observer.metered(schema.name(), hashKey, write, units, served);
        }
    }

    /** The current partitions' metrics, in hash order. */
    public List<Partition.Metrics> metrics() {
        Partition[] now = partitions;
        List<Partition.Metrics> out = new ArrayList<>(now.length);
        for (Partition partition : now) {
            out.add(partition.metrics());
        }
        return out;
    }

    /** Partitions replaced by splits, oldest first, with what they counted until then. */
    public List<Partition.Metrics> retiredMetrics() {
        synchronized (splitLock) {
            List<Partition.Metrics> out = new ArrayList<>(retired.size());
            for (Partition partition : retired) {
                out.add(partition.metrics());
            }
            return out;
        }
    }

    /**
     * Test invariant: the current partitions tile the hash space in order, and every caught-up
     * follower holds its leader's items ({@link Partition#divergence}). Answers what is wrong.
     */
    public List<String> invariantViolations() {
        synchronized (splitLock) {
            List<String> out = new ArrayList<>();
            Partition[] now = partitions;
            if (now[0].lowHash() != 0 || !now[now.length - 1].last()) {
                out.add("the partitions do not start at hash 0 and run to the end");
            }
            for (int i = 0; i < now.length; i++) {
                if (now[i].index() != i || now[i].retired()) {
                    out.add("partition at " + i + " has index " + now[i].index() + (now[i].retired() ? ", retired" : ""));
                }
                if (i + 1 < now.length && (now[i].last() || now[i].highHash() != now[i + 1].lowHash())) {
                    out.add("partition " + i + " ends at " + Long.toUnsignedString(now[i].highHash(), 16)
                            + " but the next starts at " + Long.toUnsignedString(now[i + 1].lowHash(), 16));
                }
                out.addAll(now[i].divergence(data));
            }
            return out;
        }
    }

    // ---- faults (under the split lock: a fault names a partition by its place, which a split changes)

    public void crashLeader(Table table, int partition, boolean staleFailover) {
        synchronized (splitLock) {
            get(partition).crashLeader(table, staleFailover);
        }
    }

    public void restart(Table table, int partition, int replica) {
        synchronized (splitLock) {
            get(partition).restart(table, checkReplica(replica));
        }
    }

    public void isolate(Table table, int partition, int replica, boolean isolated) {
        synchronized (splitLock) {
            get(partition).isolate(table, checkReplica(replica), isolated);
        }
    }

    public void squeeze(int partition, double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("a capacity squeeze keeps a fraction in (0, 1] of the capacity: " + factor);
        }
        synchronized (splitLock) {
            get(partition).scale(factor);
        }
    }

    /** Copies the leaders' items into every follower (after recovery). */
    public void resyncFollowers(Table table) {
        synchronized (splitLock) {
            for (Partition partition : partitions) {
                partition.resyncFollowers(table);
            }
        }
    }

    public void healAll(Table table) {
        synchronized (splitLock) {
            for (Partition partition : partitions) {
                partition.healAll(table);
            }
        }
    }

    // ---- splits

    /**
     * Asks for {@code partition} to be split at {@code point} (a hash strictly inside its range).
     * Called from metering, possibly inside an item lock: the split itself runs later, outside it.
     * Ignored while another split of the table is pending, or at {@link Limits#partitionsMax()}.
     */
    void requestSplit(Partition partition, long point) {
        if (partitions.length >= limits().partitionsMax() || !splitting.compareAndSet(false, true)) {
            return;
        }
        Runnable task = () -> {
            try {
                split(partition, point);
            } finally {
                splitting.set(false);
            }
        };
        Scheduler scheduler = environment.scheduler();
        if (scheduler.simulated()) {
            scheduler.schedule(0, task);
        } else {
            Thread thread = Thread.ofPlatform().daemon().name("keystorm-split-" + schema.name()).unstarted(task);
            splitter = thread;
            thread.start();
        }
    }

    /** Waits for a split in progress on a thread of its own, if any (tests; a simulated split is a task). */
    public void awaitSplits() throws InterruptedException {
        Thread thread = splitter;
        if (thread != null) {
            thread.join();
        }
    }

    /**
     * Splits a partition in two at {@code point}, now, holding the split lock, the partition's
     * replica locks and every item lock of the table (in the order faults take them): no write is
     * in flight, and no follower applies an entry, while the children are built.
     */
    public void split(Partition parent, long point) {
        synchronized (splitLock) {
            if (parent.retired() || !parent.covers(point) || point == parent.lowHash()) {
                return;
            }
            parent.withReplicasLocked(data, () -> splitLocked(parent, point));
        }
    }

    private void splitLocked(Partition parent, long point) {
        long now = nanoTime();
        Partition[] before = partitions;
        int count = before.length + 1;
        Limits limits = limits();
        Partition low = new Partition(this, nextId++, parent.id(), parent.lowHash(), point, false,
                parent.throughput.child(readShare(count), writeShare(count), now, limits), parent.seed() * 31 + 1, now);
        Partition high = new Partition(this, nextId++, parent.id(), point, parent.highHash(), parent.last(),
                parent.throughput.child(readShare(count), writeShare(count), now, limits), parent.seed() * 31 + 2, now);
        parent.copyInto(low);
        parent.copyInto(high);
        Partition[] after = new Partition[count];
        int at = 0;
        for (Partition partition : before) {
            if (partition == parent) {
                after[at++] = low;
                after[at++] = high;
            } else {
                after[at++] = partition;
                if (shared != null) {
                    partition.throughput.reshare(readShare(count), writeShare(count), now);
                }
            }
        }
        for (int i = 0; i < count; i++) {
            after[i].index(i);
        }
        partitions = after;
        parent.retire();
        retired.add(parent);
    }

    private static int checkReplica(int replica) {
        if (replica < 0 || replica >= Partition.REPLICAS) {
            throw new IllegalArgumentException("replicas are numbered 0 to " + (Partition.REPLICAS - 1) + ": " + replica);
        }
        return replica;
    }

    // ---- for the partitions

    boolean splitsForHeat() {
        return environment.splitForHeat() && !environment.noThrottle();
    }

    TableSchema schema() {
        return schema;
    }

    String tableName() {
        return schema.name();
    }

    long nanoTime() {
        return environment.clock().nanoTime();
    }

    Limits limits() {
        return environment.limits();
    }

    ReplicaLag lag() {
        return environment.lag();
    }

    long lagSpikeNanos(long now) {
        return environment.lagSpikeNanos(now);
    }

    boolean noThrottle() {
        return environment.noThrottle();
    }

    boolean tryTableRead(double units, long now, Throughput partition) {
        TokenBucket bucket = tableRead; // once: UpdateTable may set it to null meanwhile
        if (bucket == null || bucket.tryTake(units, now)) {
            return true;
        }
        partition.giveBackRead(units);
        return false;
    }

    boolean tryTableWrite(double units, long now, Throughput partition) {
        TokenBucket bucket = tableWrite;
        if (bucket == null || bucket.tryTake(units, now)) {
            return true;
        }
        partition.giveBackWrite(units);
        return false;
    }

    void giveBackTableRead(double units) {
        TokenBucket bucket = tableRead;
        if (bucket != null) {
            bucket.giveBack(units);
        }
    }

    void giveBackTableWrite(double units) {
        TokenBucket bucket = tableWrite;
        if (bucket != null) {
            bucket.giveBack(units);
        }
    }

    /**
     * The error of a request this map refused: ProvisionedThroughputExceededException (provisioned) or
     * ThrottlingException (on demand) with DynamoDB's message, and a ThrottlingReason naming the table or
     * index, the operation and the limit: the partition's ceiling ({@code keyRange}, KeyRangeThroughputExceeded),
     * otherwise the provisioned rate (ProvisionedThroughputExceeded) or, on demand, the table quota
     * (AccountLimitExceeded). A table write refused by a global index's partitions (back-pressure) gets the
     * message DynamoDB gives for "one or more global secondary indexes".
     */
    DynamoException throttled(boolean write, boolean keyRange) {
        boolean onDemand = schema.billingMode() == BillingMode.PAY_PER_REQUEST;
        String limit = keyRange ? "KeyRangeThroughputExceeded"
                : onDemand ? "AccountLimitExceeded" : "ProvisionedThroughputExceeded";
        String reason = (indexName == null ? "Table" : "Index") + (write ? "Write" : "Read") + limit;
        String resource = "arn:aws:dynamodb:ddblocal:000000000000:table/" + schema.name()
                + (indexName == null ? "" : "/index/" + indexName);
        List<ThrottlingReason> reasons = List.of(new ThrottlingReason(reason, resource));
        if (onDemand) {
            return new ThrottledException(ErrorType.ThrottlingException, "Throughput exceeds the current capacity of "
                    + "your table or index. DynamoDB is automatically scaling your table or index so please try again "
                    + "shortly.", reasons);
        }
        return new ThrottledException(ErrorType.ProvisionedThroughputExceededException, indexName != null && write
                ? "The level of configured provisioned throughput for one or more global secondary indexes of the "
                        + "table was exceeded. Consider increasing your provisioning level for the under-provisioned "
                        + "global secondary indexes with the UpdateTable API"
                : "The level of configured provisioned throughput for the table was exceeded. Consider increasing "
                        + "your provisioning level with the UpdateTable API.", reasons);
    }
}
