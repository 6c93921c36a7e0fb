package keystorm.engine.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.KeyHash;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;

/**
 * One partition of a table: a range of partition-key hashes, its throughput, its counters, and
 * its three replicas (a leader and two followers).
 *
 * <p>Writes go to the leader, which is the table's own copy, inside the item's lock: first
 * {@link #checkWritable()} (a majority must be reachable, or the write is refused before
 * anything is applied), then the table write, then {@link #replicate} hands the write to every
 * reachable follower. With zero lag a follower applies it at once; otherwise it is queued and
 * applied, in log order, once due on the engine's clock (lazily, when the follower is next read).
 * A write is acknowledged when the leader and at least one follower hold it: a majority of three.
 *
 * <p>A follower holds at most {@link Limits#replicaBacklogMax()} entries received and not yet
 * applied: at the bound, {@link #checkWritable} first applies what is due, and if the follower is
 * still full refuses the write (ThrottlingException) before anything is applied. The check comes
 * before the write it guards, so concurrent writers already past it may add one entry each beyond
 * the bound; the simulation, on one thread, never does.
 *
 * <p><b>Heat and splits.</b> With split for heat on, each metered request leaves its partition key
 * in a small ring ({@link Limits#splitSampleKeys()}), and at most once a second of the engine's
 * clock, on metering, the partition compares what it consumed in the last window with its ceiling
 * ({@link Limits#splitHeatPercent()}). Hot for {@link Limits#splitHeatSeconds()} on end, it asks its
 * {@link PartitionMap} to split it at the median hash of the ring; a ring holding one key only
 * cannot split, and the partition reports its hot key isolated. A split runs under every item lock
 * of the table and this partition's replica locks ({@link #copyInto}); afterwards this partition is
 * retired: its state is frozen, and an operation still holding it (taken before the split) is sent
 * on to the key's current partition by every entry point: metering, {@link #checkWritable},
 * {@link #replicate} (inside the item's lock, so its retired check cannot race a split) and
 * {@link #readAny}.
 */
public final class Partition {
    public static final int REPLICAS = 3;

    /**
     * A partition's state for reports: units consumed and throttled since it was created, and where
     * its replicas stand. {@code index} is its place in hash order now (-1 once retired), {@code id}
     * its number for life (the first ones 0 to n-1, children of splits after), {@code parentId} the
     * partition it was split from (-1: none); it holds the hashes from {@code lowHash} up to
     * {@code highHash} excluded (unsigned), or to the end of the hash space when {@code last}. A
     * retired partition's counters stay its own: its children count from zero, so the sum over the
     * current and the retired partitions is the table's.
     */
    public record Metrics(int index, long lowHash, double consumedReadUnits, double consumedWriteUnits,
                          double throttledReadUnits, double throttledWriteUnits, long throttledRequests,
                          int leader, List<ReplicaState> replicas, int id, int parentId, long highHash, boolean last,
                          boolean retired, boolean hotKeyIsolated, long createdNanos) {
    }

    public record ReplicaState(int id, boolean leader, boolean down, boolean isolated, int pendingEntries) {
    }

    private volatile int index;
    private final int id;
    private final int parentId;
    private final long lowHash;
    private final long highHash;
    private final boolean last;
    private final long createdNanos;
    private final long seed;
    private final PartitionMap owner;
    final Throughput throughput;
    private final Replica[] replicas = new Replica[REPLICAS];
    private volatile int leader;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger readTurn = new AtomicInteger();
    private final SplittableRandom random;
    /** Set by a split, under every item lock; never cleared. */
    private volatile boolean retired;
    private final Heat heat;
    private final LongAdder consumedReadMilli = new LongAdder();
    private final LongAdder consumedWriteMilli = new LongAdder();
    private final LongAdder throttledReadMilli = new LongAdder();
    private final LongAdder throttledWriteMilli = new LongAdder();
    private final LongAdder throttledRequests = new LongAdder();

    Partition(PartitionMap owner, int id, int parentId, long lowHash, long highHash, boolean last,
              Throughput throughput, long seed, long nowNanos) {
        this.owner = owner;
        this.index = id;
        this.id = id;
        this.parentId = parentId;
        this.lowHash = lowHash;
        this.highHash = highHash;
        this.last = last;
        this.throughput = throughput;
        this.seed = seed;
        this.createdNanos = nowNanos;
        this.random = new SplittableRandom(seed);
        this.heat = new Heat(owner.limits(), nowNanos);
        for (int i = 0; i < REPLICAS; i++) {
            replicas[i] = new Replica(i);
        }
    }

    /** Its place in hash order among the table's current partitions (what faults name). */
    public int index() {
        return index;
    }

    void index(int index) {
        this.index = index;
    }

    public int id() {
        return id;
    }

    public boolean retired() {
        return retired;
    }

    long lowHash() {
        return lowHash;
    }

    long highHash() {
        return highHash;
    }

    boolean last() {
        return last;
    }

    long seed() {
        return seed;
    }

    /** Whether the unsigned hash lies in this partition's range. */
    boolean covers(long hash) {
        return Long.compareUnsigned(hash, lowHash) >= 0 && (last || Long.compareUnsigned(hash, highHash) < 0);
    }

    /** Where a request that reached this retired partition goes now: the key's partition (a Scan's: its low end's). */
    private Partition successor(AttributeValue hashKey) {
        return hashKey != null ? owner.of(hashKey) : owner.at(lowHash);
    }

    // ---- throughput

    /** Takes read units or throws the table's throttling error; counts both outcomes. */
    public void meterRead(AttributeValue hashKey, double units) {
        if (!tryMeterRead(hashKey, units)) {
            throw throttleError(false, units);
        }
    }

    public void meterWrite(AttributeValue hashKey, double units) {
        if (!tryMeterWrite(hashKey, units)) {
            throw throttleError(true, units);
        }
    }

    public boolean tryMeterRead(AttributeValue hashKey, double units) {
        if (retired) {
            return successor(hashKey).tryMeterRead(hashKey, units);
        }
        long now = owner.nanoTime();
        boolean taken = throughput.tryRead(units, now) && owner.tryTableRead(units, now, throughput);
        return count(taken, hashKey, units, consumedReadMilli, throttledReadMilli, KeyCounters.READ,
                KeyCounters.THROTTLED_READ, now);
    }

    public boolean tryMeterWrite(AttributeValue hashKey, double units) {
        if (retired) {
            return successor(hashKey).tryMeterWrite(hashKey, units);
        }
        long now = owner.nanoTime();
        boolean taken = throughput.tryWrite(units, now) && owner.tryTableWrite(units, now, throughput);
        return count(taken, hashKey, units, consumedWriteMilli, throttledWriteMilli, KeyCounters.WRITE,
                KeyCounters.THROTTLED_WRITE, now);
    }

    /** Counts a metered request as consumed (also when throttling is off) or throttled; answers which. */
    private boolean count(boolean taken, AttributeValue hashKey, double units, LongAdder consumed, LongAdder throttled,
                          int consumedKind, int throttledKind, long now) {
        long milli = Math.round(units * 1000);
        boolean served = taken || owner.noThrottle();
        if (served) {
            consumed.add(milli);
            owner.keys().add(hashKey, consumedKind, units);
        } else {
            throttled.add(milli);
            throttledRequests.increment();
            owner.keys().add(hashKey, throttledKind, units);
        }
        owner.observe(hashKey, consumedKind == KeyCounters.WRITE, units, served);
        if (owner.splitsForHeat()) {
            heat.sample(hashKey);
            if (heat.due(now)) {
                checkHeat(now);
            }
        }
        return served;
    }

    /**
     * The once-a-second heat check: closes the window, and after {@link Limits#splitHeatSeconds()}
     * of hot windows on end asks for a split at the median of the sampled keys, or, when they are
     * all one key, marks the hot key isolated (nothing to split).
     */
    private void checkHeat(long now) {
        OptionalLong point = heat.close(now, consumedReadMilli.sum(), consumedWriteMilli.sum());
        if (point.isPresent() && !retired) {
            owner.requestSplit(this, point.getAsLong());
        }
    }

    /** The error a throttled request of this table (or index) gets, its reason the provisioned rate's. */
    public DynamoException throttleError() {
        return owner.throttled(true, false);
    }

    /**
     * The error of a request of {@code units} this partition just refused, its ThrottlingReason the
     * partition's ceiling (KeyRangeThroughputExceeded) when that is what cannot take them now, otherwise the
     * table's (or index's) provisioned rate or on-demand quota.
     */
    public DynamoException throttleError(boolean write, double units) {
        if (retired) {
            return owner.at(lowHash).throttleError(write, units);
        }
        return owner.throttled(write, !throughput.ceilingHas(write, units, owner.nanoTime()));
    }

    /** Returns units metered for a request that was then refused as a whole (a cancelled transaction). */
    public void refundWrite(AttributeValue hashKey, double units) {
        if (retired) {
            // Units taken before the split: the key's current partition gets them back (its ceiling
            // started at this one's level, so the give-back stays within what this one held).
            successor(hashKey).refundWrite(hashKey, units);
            return;
        }
        throughput.giveBackWrite(units);
        owner.giveBackTableWrite(units);
        consumedWriteMilli.add(-Math.round(units * 1000));
        owner.keys().add(hashKey, KeyCounters.WRITE, -units);
        owner.observe(hashKey, true, -units, true);
    }

    public void refundRead(AttributeValue hashKey, double units) {
        if (retired) {
            successor(hashKey).refundRead(hashKey, units);
            return;
        }
        throughput.giveBackRead(units);
        owner.giveBackTableRead(units);
        consumedReadMilli.add(-Math.round(units * 1000));
        owner.keys().add(hashKey, KeyCounters.READ, -units);
        owner.observe(hashKey, false, -units, true);
    }

    void scale(double factor) {
        throughput.scale(factor, owner.nanoTime());
    }

    /** Write units available now (burst left), for tests and reports. */
    public double writeUnitsAvailable() {
        return throughput.writeAvailable(owner.nanoTime());
    }

    public double readUnitsAvailable() {
        return throughput.readAvailable(owner.nanoTime());
    }

    // ---- replication

    /**
     * Refuses a write that no majority could acknowledge, or that a follower has no room to queue,
     * before anything is applied. Called inside the item's lock, so it never waits for another
     * item's lock: a due entry it cannot lock at once is left for later.
     */
    public void checkWritable(Table table) {
        table.checkNotDropped();
        if (retired) {
            // Without the key, every partition that took over part of this one's range answers.
            for (Partition successor : owner.covering(lowHash, highHash, last)) {
                successor.checkWritable(table);
            }
            return;
        }
        Replica lead = replicas[leader];
        if (lead.isolated || reachableFollowers() == 0) {
            throw new DynamoException(ErrorType.InternalServerError, "Internal server error: partition " + index
                    + " of table " + owner.tableName() + " cannot reach a majority of its replicas");
        }
        int backlogMax = owner.limits().replicaBacklogMax();
        for (int i = 0; i < REPLICAS; i++) {
            Replica follower = replicas[i];
            if (i == leader || !follower.reachable() || follower.outstanding.get() < backlogMax) {
                continue;
            }
            catchUp(table, follower, false);
            int backlog = follower.outstanding.get();
            if (backlog >= backlogMax) {
                throw Limits.overloaded("Replica " + i + " of partition " + index + " of table " + owner.tableName()
                        + " has " + backlog + " writes waiting to be applied", "replicaBacklogMax", backlogMax);
            }
        }
    }

    private int reachableFollowers() {
        int reachable = 0;
        for (int i = 0; i < REPLICAS; i++) {
            if (i != leader && replicas[i].reachable()) {
                reachable++;
            }
        }
        return reachable;
    }

    /**
     * Hands a write the leader just applied to every reachable follower. Called inside the
     * item's lock, after the table write.
     */
    public void replicate(Map<String, AttributeValue> key, Item item) {
        if (retired) {
            // Inside the item's lock: a split, which takes every item lock, is either all before or all after.
            owner.of(key.get(owner.schema().hashKey())).replicate(key, item);
            return;
        }
        long entrySeq = seq.incrementAndGet();
        ItemKey itemKey = ItemKey.of(owner.schema(), key);
        long now = owner.nanoTime();
        long spike = owner.lagSpikeNanos(now);
        for (int i = 0; i < REPLICAS; i++) {
            Replica follower = replicas[i];
            if (i == leader) {
                continue;
            }
            if (!follower.reachable()) {
                follower.missed = true;
                continue;
            }
            long lag = spike + (owner.lag().isZero() ? 0 : sampleLag());
            if (lag == 0 && follower.outstanding.get() == 0) {
                apply(follower, itemKey, item);
            } else {
                follower.outstanding.incrementAndGet();
                follower.pending.add(new Replica.Entry(entrySeq, itemKey, item, now + lag));
            }
            follower.receivedSeq = entrySeq;
        }
    }

    private synchronized long sampleLag() {
        return owner.lag().sampleNanos(random);
    }

    private static void apply(Replica follower, ItemKey key, Item item) {
        if (item == null) {
            follower.items.remove(key);
        } else {
            follower.items.put(key, item);
        }
    }

    /**
     * An eventually consistent read: served by the replicas in turn, so that a lagging follower
     * answers about two reads in three. Must not be called inside an item's lock.
     */
    public Item readAny(Table table, Map<String, AttributeValue> key) {
        if (retired) {
            return owner.of(key.get(owner.schema().hashKey())).readAny(table, key);
        }
        int turn = Math.floorMod(readTurn.getAndIncrement(), REPLICAS);
        for (int attempt = 0; attempt < REPLICAS; attempt++) {
            int id = (turn + attempt) % REPLICAS;
            Replica replica = replicas[id];
            if (id == leader) {
                return table.get(key);
            }
            if (!replica.down) {
                catchUp(table, replica, true);
                if (replica.outstanding.get() == 0 && replica.reachable() && !replica.missed) {
                    // Caught up and missing nothing: its copy is the leader's (or one write
                    // behind, for a write between the leader's install and its replicate call,
                    // which is still in flight), so the leader's map answers for it.
                    return table.get(key);
                }
                return replica.items.get(ItemKey.of(owner.schema(), key));
            }
        }
        return table.get(key);
    }

    /**
     * Applies the entries whose lag has passed, in log order. With {@code waitForLocks} false (the
     * caller holds an item's lock) it stops at the first entry whose item's lock is taken, rather
     * than wait for it while holding its own: two writers catching up two followers could
     * otherwise each wait for the other's lock.
     */
    private void catchUp(Table table, Replica follower, boolean waitForLocks) {
        if (follower.outstanding.get() == 0 || !follower.applying.tryLock()) {
            return;
        }
        try {
            long now = owner.nanoTime();
            Replica.Entry due;
            while ((due = follower.pending.peek()) != null && due.dueNanos() - now <= 0) {
                // The item's lock orders this apply against direct applies of later writes to it.
                ReentrantLock itemLock = table.lockOf(due.key().hash());
                if (waitForLocks) {
                    itemLock.lock();
                } else if (!itemLock.tryLock()) {
                    return;
                }
                try {
                    apply(follower, due.key(), due.item());
                    follower.pending.poll();
                    follower.outstanding.decrementAndGet();
                } finally {
                    itemLock.unlock();
                }
            }
        } finally {
            follower.applying.unlock();
        }
    }

    // ---- faults (each runs with every item lock of the table held, so no write is in flight)

    void crashLeader(Table table, boolean staleFailover) {
        withReplicasLocked(table, () -> {
            int old = leader;
            for (Replica replica : replicas) {
                if (replica.id != old && !replica.down) {
                    catchUp(table, replica, true); // apply what is due by now: followers apply lazily
                }
            }
            Replica chosen = null;
            for (int i = 0; i < REPLICAS; i++) {
                Replica candidate = replicas[i];
                if (i == old || candidate.down || (!staleFailover && (candidate.isolated || candidate.missed))) {
                    continue;
                }
                if (chosen == null) {
                    chosen = candidate;
                } else if (staleFailover ? applied(candidate) < applied(chosen)
                        : candidate.receivedSeq > chosen.receivedSeq) {
                    chosen = candidate;
                }
            }
            if (chosen == null) {
                throw new IllegalStateException("partition " + index + " of " + owner.tableName()
                        + " has no follower that can take over");
            }
            if (staleFailover) {
                rollBackTo(table, chosen);
            }
            chosen.clear();
            chosen.missed = false;
            chosen.isolated = false;
            leader = chosen.id;
            Replica crashed = replicas[old];
            crashed.clear();
            crashed.down = true;
            crashed.missed = true;
            if (staleFailover) {
                for (Replica other : replicas) {
                    if (other != chosen && other != crashed) {
                        resync(table, other);
                    }
                }
            }
        });
    }

    private static long applied(Replica replica) {
        return replica.receivedSeq - replica.outstanding.get();
    }

    /** The bug: the table's copy of this partition becomes what the promoted follower had applied. */
    private void rollBackTo(Table table, Replica follower) {
        TableSchema schema = owner.schema();
        List<Item> current = new ArrayList<>();
        table.forEachInHashRange(lowHash, highHash, last, current::add);
        for (Item item : current) {
            Map<String, AttributeValue> key = schema.keyOf(item);
            Item kept = follower.items.get(ItemKey.of(schema, key));
            if (!item.equals(kept)) {
                table.write(key, item, kept);
            }
        }
        for (Item item : follower.items.values()) {
            Map<String, AttributeValue> key = schema.keyOf(item);
            if (table.get(key) == null) {
                table.write(key, null, item);
            }
        }
    }

    void resyncFollowers(Table table) {
        withReplicasLocked(table, () -> {
            for (Replica replica : replicas) {
                if (replica.id != leader) {
                    resync(table, replica);
                }
            }
        });
    }

    void restart(Table table, int replica) {
        withReplicasLocked(table, () -> resync(table, replicas[replica]));
    }

    void isolate(Table table, int replica, boolean isolated) {
        withReplicasLocked(table, () -> {
            Replica target = replicas[replica];
            if (isolated) {
                target.isolated = true;
            } else if (target.isolated) {
                target.isolated = false;
                if (target.missed && replica != leader) {
                    resync(table, target);
                }
            }
        });
    }

    /** Copies the leader's items into a follower and brings it back into service. */
    private void resync(Table table, Replica follower) {
        follower.clear();
        follower.down = false;
        follower.isolated = false;
        follower.missed = false;
        if (follower.id == leader) {
            return;
        }
        TableSchema schema = owner.schema();
        table.forEachInHashRange(lowHash, highHash, last,
                item -> follower.items.put(ItemKey.of(schema, schema.keyOf(item)), item));
        follower.receivedSeq = seq.get();
    }

    void withReplicasLocked(Table table, Runnable action) {
        lockReplicas(0, () -> table.lockedAll(action));
    }

    private void lockReplicas(int from, Runnable action) {
        if (from == REPLICAS) {
            action.run();
            return;
        }
        replicas[from].applying.lock();
        try {
            lockReplicas(from + 1, action);
        } finally {
            replicas[from].applying.unlock();
        }
    }

    /** Restores the configured capacity and all replicas (after a test's faults). */
    void healAll(Table table) {
        scale(1);
        withReplicasLocked(table, () -> {
            for (Replica replica : replicas) {
                if (replica.id != leader && (replica.down || replica.isolated || replica.missed)) {
                    resync(table, replica);
                }
                replica.isolated = false;
            }
        });
    }

    // ---- splits (run by PartitionMap with every item lock of the table and this partition's replica locks held)

    /**
     * Copies each replica's state, restricted to {@code child}'s hash range, into the child's
     * replica of the same number: items, entries received and not yet applied (with their due times,
     * in log order), what it received last, and whether it is down, cut off or has missed writes;
     * and the leader and the log's position. The child's followers are then exactly as far behind as
     * this partition's were, for the keys they now hold.
     */
    void copyInto(Partition child) {
        for (int i = 0; i < REPLICAS; i++) {
            Replica from = replicas[i];
            Replica to = child.replicas[i];
            from.items.forEach((key, item) -> {
                if (child.covers(KeyHash.of(key.hash()))) {
                    to.items.put(key, item);
                }
            });
            int pending = 0;
            for (Replica.Entry entry : from.pending) {
                if (child.covers(KeyHash.of(entry.key().hash()))) {
                    to.pending.add(entry);
                    pending++;
                }
            }
            to.outstanding.set(pending);
            to.receivedSeq = from.receivedSeq;
            to.down = from.down;
            to.isolated = from.isolated;
            to.missed = from.missed;
        }
        child.leader = leader;
        child.seq.set(seq.get());
        child.heat.inherit(heat, child);
    }

    /**
     * An invariant for tests (cheap enough to run after every step of a property): every follower
     * that is up, reachable and has missed nothing holds, once it has applied what is due, exactly
     * the leader's items of this partition's range. Answers the differences found, empty when none.
     */
    List<String> divergence(Table table) {
        TableSchema schema = owner.schema();
        Map<ItemKey, Item> leaderItems = new java.util.HashMap<>();
        table.forEachInHashRange(lowHash, highHash, last,
                item -> leaderItems.put(ItemKey.of(schema, schema.keyOf(item)), item));
        List<String> out = new ArrayList<>();
        for (Replica replica : replicas) {
            if (replica.id == leader || !replica.reachable() || replica.missed) {
                continue;
            }
            catchUp(table, replica, true);
            if (replica.outstanding.get() == 0 && !replica.items.equals(leaderItems)) {
                out.add("partition " + index + " (id " + id + ") replica " + replica.id + " holds "
                        + replica.items.size() + " items, the leader " + leaderItems.size() + ": "
                        + difference(replica.items, leaderItems));
            }
        }
        return out;
    }

    private static String difference(Map<ItemKey, Item> follower, Map<ItemKey, Item> leader) {
        for (Map.Entry<ItemKey, Item> entry : leader.entrySet()) {
            if (!entry.getValue().equals(follower.get(entry.getKey()))) {
                return entry.getKey() + " is " + follower.get(entry.getKey()) + ", not " + entry.getValue();
            }
        }
        for (ItemKey key : follower.keySet()) {
            if (!leader.containsKey(key)) {
                return key + " is there and not at the leader";
            }
        }
        return "none";
    }

    /** Marks this partition replaced by its children: from now on every entry point forwards. */
    void retire() {
        retired = true;
        index = -1;
    }

    public Metrics metrics() {
        List<ReplicaState> states = new ArrayList<>();
        for (Replica replica : replicas) {
            states.add(new ReplicaState(replica.id, replica.id == leader, replica.down, replica.isolated,
                    replica.outstanding.get()));
        }
        return new Metrics(index, lowHash, consumedReadMilli.sum() / 1000.0, consumedWriteMilli.sum() / 1000.0,
                throttledReadMilli.sum() / 1000.0, throttledWriteMilli.sum() / 1000.0, throttledRequests.sum(),
                leader, states, id, parentId, highHash, last, retired, heat.isolated(), createdNanos);
    }
}
