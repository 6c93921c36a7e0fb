package keystorm.engine;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import keystorm.engine.api.Limits;
import keystorm.engine.fault.Bug;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.time.Clock;
import keystorm.engine.time.Scheduler;
import keystorm.engine.wal.SyncPolicy;

/**
 * How an {@link Engine} runs. {@link #inMemory()} is the default: no log, no lag, no bugs, the
 * system clock on real threads. Every field has a {@code with} method.
 *
 * @param scheduler          the engine's time, background work and interleavings (real threads on a
 *                           clock, or the deterministic simulation's)
 * @param dataDir            the write-ahead log's directory, or null for an in-memory engine
 * @param syncPolicy         when the log is forced to disk
 * @param batchMillis        the fsync interval of {@link SyncPolicy#BATCH}
 * @param snapshotBytes      the log size after which a snapshot is taken and older log dropped
 * @param replicaLag         how late followers apply writes
 * @param partitionsPerTable partitions of every new table, or 0 to follow DynamoDB's rule
 * @param throttling         whether capacity is enforced (off: metered only, as DynamoDB Local; for
 *                           functional tests that hammer one key faster than a partition allows)
 * @param bugs               the seeded bugs switched on
 * @param seed               seeds the engine's own randomness (replica lag, replica choice)
 * @param limits             every bound the engine enforces: DynamoDB's quotas and keystorm's own
 *                           ({@link Limits#DYNAMODB} unless a test shrinks them)
 * @param adaptiveCapacity   whether a provisioned table's hot partition may use the table's unused provisioned
 *                           capacity up to the partition ceiling ("Burst and adaptive capacity"; on by default).
 *                           Off: each partition gets an even share of the provisioned rate, as before
 * @param splitForHeat       whether a partition consuming near its ceiling for a sustained time splits in two at
 *                           the median of its recent keys, until a hot key is alone ("split for heat"; on by
 *                           default). Off: a table keeps the partitions it was created with
 * @param globalIndexLagNanos how long after a table write its global secondary indexes apply it, on the engine's
 *                           clock (0, the default: at once, inside the write). A global index is never ahead of
 *                           its table, and applies each item's changes in order; local indexes never lag
 * @param tableStatusDelayNanos how long, on the engine's clock, a table stays CREATING after CreateTable, UPDATING
 *                           after UpdateTable and DELETING after DeleteTable (0, the default: every change is
 *                           done when its request answers, and a table is only ever seen ACTIVE). Time to Live
 *                           stays ENABLING after UpdateTimeToLive enables it, and DISABLING after it disables it,
 *                           for the same time
 * @param ttlDelayNanos      how long after an item's Time to Live attribute (epoch seconds) has passed, on the
 *                           engine's clock, the background sweep deletes it ({@link #DEFAULT_TTL_DELAY_NANOS}:
 *                           DynamoDB only promises "within a few days"); until then the item is read, queried and
 *                           updated as any other
 * @param ttlSweepIntervalNanos how often the Time to Live sweep looks for expired items: on real threads a daemon
 *                           thread's period, under the simulation's scheduler a task's
 * @param ttlChangeIntervalNanos how long after one UpdateTimeToLive another on the same table is refused
 *                           (ValidationException; DynamoDB's "up to one hour", {@link #DEFAULT_TTL_CHANGE_INTERVAL_NANOS})
 */
public record EngineConfig(Scheduler scheduler, Path dataDir, SyncPolicy syncPolicy, long batchMillis, long snapshotBytes,
                           ReplicaLag replicaLag, int partitionsPerTable, boolean throttling, Set<Bug> bugs,
                           long seed, Limits limits, boolean adaptiveCapacity, boolean splitForHeat,
                           long globalIndexLagNanos, long tableStatusDelayNanos, long ttlDelayNanos,
                           long ttlSweepIntervalNanos, long ttlChangeIntervalNanos) {
    public static final long DEFAULT_SNAPSHOT_BYTES = 64L * 1024 * 1024;
    /** Five minutes: long enough that a test sees an expired item still served, short enough to watch it go. */
    public static final long DEFAULT_TTL_DELAY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
    public static final long DEFAULT_TTL_SWEEP_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    /** One hour, as the UpdateTimeToLive reference says ("Any additional UpdateTimeToLive calls ... during this one hour"). */
    public static final long DEFAULT_TTL_CHANGE_INTERVAL_NANOS = java.util.concurrent.TimeUnit.HOURS.toNanos(1);

    public EngineConfig {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(syncPolicy, "syncPolicy");
        Objects.requireNonNull(replicaLag, "replicaLag");
        Objects.requireNonNull(limits, "limits");
        bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
        if (batchMillis < 1) {
            throw new IllegalArgumentException("batchMillis must be at least 1: " + batchMillis);
        }
        if (tableStatusDelayNanos < 0) {
            throw new IllegalArgumentException("tableStatusDelayNanos must be 0 or more: " + tableStatusDelayNanos);
        }
        if (partitionsPerTable < 0) {
            throw new IllegalArgumentException("partitionsPerTable must be 0 (automatic) or more: " + partitionsPerTable);
        }
        if (globalIndexLagNanos < 0) {
            throw new IllegalArgumentException("globalIndexLagNanos must be 0 or more: " + globalIndexLagNanos);
        }
        if (ttlDelayNanos < 0) {
            throw new IllegalArgumentException("ttlDelayNanos must be 0 or more: " + ttlDelayNanos);
        }
        if (ttlSweepIntervalNanos < 1_000_000) {
            throw new IllegalArgumentException("ttlSweepIntervalNanos must be at least a millisecond: "
                    + ttlSweepIntervalNanos);
        }
        if (ttlChangeIntervalNanos < 0) {
            throw new IllegalArgumentException("ttlChangeIntervalNanos must be 0 or more: " + ttlChangeIntervalNanos);
        }
    }

    public static EngineConfig inMemory() {
        return new EngineConfig(Scheduler.threads(Clock.system()), null, SyncPolicy.ALWAYS, 10, DEFAULT_SNAPSHOT_BYTES, ReplicaLag.NONE,
                0, true, Set.of(), 1, Limits.DYNAMODB, true, true, 0, 0, DEFAULT_TTL_DELAY_NANOS,
                DEFAULT_TTL_SWEEP_INTERVAL_NANOS, DEFAULT_TTL_CHANGE_INTERVAL_NANOS);
    }

    public static EngineConfig durable(Path dataDir, SyncPolicy policy) {
        return inMemory().withDataDir(dataDir).withSyncPolicy(policy);
    }

    public boolean has(Bug bug) {
        return bugs.contains(bug);
    }

    /** The clock everything time-dependent reads: the scheduler's. */
    public Clock clock() {
        return scheduler.clock();
    }

    /** Real threads on the given clock. */
    public EngineConfig withClock(Clock clock) {
        return withScheduler(Scheduler.threads(clock));
    }

    public EngineConfig withScheduler(Scheduler scheduler) {
        return with(b -> b.scheduler = scheduler);
    }

    public EngineConfig withDataDir(Path dataDir) {
        return with(b -> b.dataDir = dataDir);
    }

    public EngineConfig withSyncPolicy(SyncPolicy syncPolicy) {
        return with(b -> b.syncPolicy = syncPolicy);
    }

    public EngineConfig withBatchMillis(long batchMillis) {
        return with(b -> b.batchMillis = batchMillis);
    }

    public EngineConfig withSnapshotBytes(long snapshotBytes) {
        return with(b -> b.snapshotBytes = snapshotBytes);
    }

    public EngineConfig withReplicaLag(ReplicaLag replicaLag) {
        return with(b -> b.replicaLag = replicaLag);
    }

    public EngineConfig withPartitionsPerTable(int partitionsPerTable) {
        return with(b -> b.partitionsPerTable = partitionsPerTable);
    }

    public EngineConfig withThrottling(boolean throttling) {
        return with(b -> b.throttling = throttling);
    }

    public EngineConfig withBugs(Set<Bug> bugs) {
        return with(b -> b.bugs = bugs);
    }

    public EngineConfig withSeed(long seed) {
        return with(b -> b.seed = seed);
    }

    public EngineConfig withLimits(Limits limits) {
        return with(b -> b.limits = limits);
    }

    public EngineConfig withAdaptiveCapacity(boolean adaptiveCapacity) {
        return with(b -> b.adaptiveCapacity = adaptiveCapacity);
    }

    public EngineConfig withSplitForHeat(boolean splitForHeat) {
        return with(b -> b.splitForHeat = splitForHeat);
    }

    public EngineConfig withGlobalIndexLagNanos(long globalIndexLagNanos) {
        return with(b -> b.globalIndexLagNanos = globalIndexLagNanos);
    }

    public EngineConfig withTableStatusDelayNanos(long tableStatusDelayNanos) {
        return with(b -> b.tableStatusDelayNanos = tableStatusDelayNanos);
    }

    public EngineConfig withTtlDelayNanos(long ttlDelayNanos) {
        return with(b -> b.ttlDelayNanos = ttlDelayNanos);
    }

    public EngineConfig withTtlSweepIntervalNanos(long ttlSweepIntervalNanos) {
        return with(b -> b.ttlSweepIntervalNanos = ttlSweepIntervalNanos);
    }

    public EngineConfig withTtlChangeIntervalNanos(long ttlChangeIntervalNanos) {
        return with(b -> b.ttlChangeIntervalNanos = ttlChangeIntervalNanos);
    }

    /** The fields as a mutable copy, so that each {@code with} method names only what it changes. */
    private static final class Copy {
        Scheduler scheduler;
        Path dataDir;
        SyncPolicy syncPolicy;
        long batchMillis;
        long snapshotBytes;
        ReplicaLag replicaLag;
        int partitionsPerTable;
        boolean throttling;
        Set<Bug> bugs;
        long seed;
        Limits limits;
        boolean adaptiveCapacity;
        boolean splitForHeat;
        long globalIndexLagNanos;
        long tableStatusDelayNanos;
        long ttlDelayNanos;
        long ttlSweepIntervalNanos;
        long ttlChangeIntervalNanos;
    }

    private EngineConfig with(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy();
        b.scheduler = scheduler;
        b.dataDir = dataDir;
        b.syncPolicy = syncPolicy;
        b.batchMillis = batchMillis;
        b.snapshotBytes = snapshotBytes;
        b.replicaLag = replicaLag;
        b.partitionsPerTable = partitionsPerTable;
        b.throttling = throttling;
        b.bugs = bugs;
        b.seed = seed;
        b.limits = limits;
        b.adaptiveCapacity = adaptiveCapacity;
        b.splitForHeat = splitForHeat;
        b.globalIndexLagNanos = globalIndexLagNanos;
        b.tableStatusDelayNanos = tableStatusDelayNanos;
        b.ttlDelayNanos = ttlDelayNanos;
        b.ttlSweepIntervalNanos = ttlSweepIntervalNanos;
        b.ttlChangeIntervalNanos = ttlChangeIntervalNanos;
        change.accept(b);
        return new EngineConfig(b.scheduler, b.dataDir, b.syncPolicy, b.batchMillis, b.snapshotBytes, b.replicaLag,
                b.partitionsPerTable, b.throttling, b.bugs, b.seed, b.limits, b.adaptiveCapacity, b.splitForHeat,
                b.globalIndexLagNanos, b.tableStatusDelayNanos, b.ttlDelayNanos, b.ttlSweepIntervalNanos,
                b.ttlChangeIntervalNanos);
    }
}
