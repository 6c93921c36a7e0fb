package keystorm.engine.partition;

import keystorm.engine.api.Limits;
import keystorm.engine.capacity.TokenBucket;

/**
 * One partition's own read and write buckets, as DynamoDB meters a partition ("Burst and adaptive
 * capacity"): a hard ceiling (3,000 read and 1,000 write units a second, holding one second), and,
 * for a provisioned table without adaptive capacity, the table's provisioned rate spread evenly over
 * its partitions, with up to 300 seconds of unused share kept as burst (the figures are those of
 * {@link Limits}). With adaptive capacity, or on demand, there is no share: the table's bucket in
 * {@link PartitionMap} plays that part for all partitions at once.
 *
 * <p>A request passes only if every bucket holds its units, and then takes them from each;
 * otherwise it takes nothing. The ceiling's monitor guards the pair: the share bucket is only
 * touched under it, so checking it and then taking from it is one step.
 */
final class Throughput {
    private final double readCeilingUnits;
    private final double writeCeilingUnits;
    private final double burstSeconds;
    private final TokenBucket readCeiling;
    private final TokenBucket writeCeiling;
    private final TokenBucket readProvisioned;
    private final TokenBucket writeProvisioned;
    private double readShare;
    private double writeShare;
    private double factor = 1;

    /**
     * Full buckets. {@code readShare} / {@code writeShare} are the provisioned rates of this
     * partition, negative when it has none (on demand, or adaptive capacity).
     */
    Throughput(double readShare, double writeShare, long nowNanos, Limits limits) {
        this(readShare, writeShare, nowNanos, limits, null, null, null, null);
    }

    /** Buckets starting at the given levels in units (null: full). */
    private Throughput(double readShare, double writeShare, long nowNanos, Limits limits, Double readCeilingStart,
                       Double writeCeilingStart, Double readShareStart, Double writeShareStart) {
        this.readShare = readShare;
        this.writeShare = writeShare;
        this.readCeilingUnits = limits.partitionReadUnitsMax();
        this.writeCeilingUnits = limits.partitionWriteUnitsMax();
        this.burstSeconds = limits.burstSeconds();
        this.readCeiling = new TokenBucket(readCeilingUnits, readCeilingUnits,
                readCeilingStart == null ? readCeilingUnits : readCeilingStart, nowNanos);
        this.writeCeiling = new TokenBucket(writeCeilingUnits, writeCeilingUnits,
                writeCeilingStart == null ? writeCeilingUnits : writeCeilingStart, nowNanos);
        this.readProvisioned = readShare < 0 ? null : new TokenBucket(readShare, readShare * burstSeconds,
                readShareStart == null ? readShare * burstSeconds : readShareStart, nowNanos);
        this.writeProvisioned = writeShare < 0 ? null : new TokenBucket(writeShare, writeShare * burstSeconds,
                writeShareStart == null ? writeShare * burstSeconds : writeShareStart, nowNanos);
    }

    /**
     * One of the two children of a split: its own ceiling, starting at this partition's ceiling
     * level (a split creates no capacity out of nothing: each child may serve what the parent could
     * have served now, then a full ceiling a second), and half of this partition's unused share,
     * at the new share rates (negative: none). The squeeze in force carries over.
     */
    Throughput child(double childReadShare, double childWriteShare, long nowNanos, Limits limits) {
        Throughput child;
        synchronized (readCeiling) {
            synchronized (writeCeiling) {
                child = new Throughput(childReadShare, childWriteShare, nowNanos, limits,
                        readCeiling.available(nowNanos), writeCeiling.available(nowNanos),
                        readProvisioned == null ? null : readProvisioned.available(nowNanos) / 2,
                        writeProvisioned == null ? null : writeProvisioned.available(nowNanos) / 2);
            }
        }
        if (factor != 1) {
            child.scale(factor, nowNanos);
        }
        return child;
    }

    boolean tryRead(double units, long nowNanos) {
        return tryTake(readCeiling, readProvisioned, units, nowNanos);
    }

    boolean tryWrite(double units, long nowNanos) {
        return tryTake(writeCeiling, writeProvisioned, units, nowNanos);
    }

    void giveBackWrite(double units) {
        synchronized (writeCeiling) {
            writeCeiling.giveBack(units);
            if (writeProvisioned != null) {
                writeProvisioned.giveBack(units);
            }
        }
    }

    void giveBackRead(double units) {
        synchronized (readCeiling) {
            readCeiling.giveBack(units);
            if (readProvisioned != null) {
                readProvisioned.giveBack(units);
            }
        }
    }

    private static boolean tryTake(TokenBucket ceiling, TokenBucket provisioned, double units, long nowNanos) {
        if (provisioned == null) {
            return ceiling.tryTake(units, nowNanos);
        }
        // Two buckets: take from both or from neither, under the ceiling's monitor.
        synchronized (ceiling) {
            if (!provisioned.has(units, nowNanos) || !ceiling.tryTake(units, nowNanos)) {
                return false;
            }
            if (!provisioned.tryTake(units, nowNanos)) {
                ceiling.giveBack(units);
                return false;
            }
            return true;
        }
    }

    /** Whether the partition's ceiling alone could take {@code units} now (what a throttle's reason names). */
    boolean ceilingHas(boolean write, double units, long nowNanos) {
        return (write ? writeCeiling : readCeiling).has(units, nowNanos);
    }

    /** Scales every rate by {@code factor} (1 restores the configured rates): a capacity squeeze. */
    void scale(double factor, long nowNanos) {
        synchronized (readCeiling) {
            synchronized (writeCeiling) {
                this.factor = factor;
                readCeiling.reconfigure(readCeilingUnits * factor, Math.max(1, readCeilingUnits * factor), nowNanos);
                writeCeiling.reconfigure(writeCeilingUnits * factor, Math.max(1, writeCeilingUnits * factor), nowNanos);
                reconfigureShares(nowNanos);
            }
        }
    }

    /** Whether this partition has share buckets (a provisioned table without adaptive capacity). */
    boolean hasShares() {
        return readProvisioned != null;
    }

    /** The table's even share changed (its partition count did): new share rates, burst capped to match. */
    void reshare(double readShare, double writeShare, long nowNanos) {
        synchronized (readCeiling) {
            synchronized (writeCeiling) {
                this.readShare = readShare;
                this.writeShare = writeShare;
                reconfigureShares(nowNanos);
            }
        }
    }

    private void reconfigureShares(long nowNanos) {
        if (readProvisioned != null) {
            readProvisioned.reconfigure(readShare * factor, readShare * factor * burstSeconds, nowNanos);
        }
        if (writeProvisioned != null) {
            writeProvisioned.reconfigure(writeShare * factor, writeShare * factor * burstSeconds, nowNanos);
        }
    }

    /** Burst capacity left, in write units (the share bucket's level; the ceiling's when there is no share). */
    double writeAvailable(long nowNanos) {
        return (writeProvisioned != null ? writeProvisioned : writeCeiling).available(nowNanos);
    }

    double readAvailable(long nowNanos) {
        return (readProvisioned != null ? readProvisioned : readCeiling).available(nowNanos);
    }
}
