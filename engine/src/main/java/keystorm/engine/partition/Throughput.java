package keystorm.engine.partition;

import keystorm.engine.api.Limits;
import keystorm.engine.capacity.TokenBucket;

/**
 * One partition's read and write capacity, as DynamoDB meters it ("Burst and adaptive capacity"):
 * a hard ceiling per partition (3,000 read and 1,000 write units a second), and for provisioned
 * tables the table's provisioned rate spread evenly over its partitions, with up to 300 seconds
 * of unused capacity kept as burst (the figures are those of {@link Limits}). A request passes only if every bucket holds its units, and
 * then takes them from each; otherwise it takes nothing.
 */
public final class Throughput {
    private final double readCeilingUnits;
    private final double writeCeilingUnits;
    private final double burstSeconds;
    private final TokenBucket readCeiling;
    private final TokenBucket writeCeiling;
    private final TokenBucket readProvisioned;
    private final TokenBucket writeProvisioned;
    private final double readShare;
    private final double writeShare;

    /** {@code readShare} / {@code writeShare} are the provisioned rates of this partition; negative for on-demand. */
    Throughput(double readShare, double writeShare, long nowNanos, Limits limits) {
        this.readShare = readShare;
        this.writeShare = writeShare;
        this.readCeilingUnits = limits.partitionReadUnitsMax();
        this.writeCeilingUnits = limits.partitionWriteUnitsMax();
        this.burstSeconds = limits.burstSeconds();
        this.readCeiling = new TokenBucket(readCeilingUnits, readCeilingUnits, true, nowNanos);
        this.writeCeiling = new TokenBucket(writeCeilingUnits, writeCeilingUnits, true, nowNanos);
        this.readProvisioned = readShare < 0 ? null
                : new TokenBucket(readShare, readShare * burstSeconds, true, nowNanos);
        this.writeProvisioned = writeShare < 0 ? null
                : new TokenBucket(writeShare, writeShare * burstSeconds, true, nowNanos);
    }

    boolean tryRead(double units, long nowNanos) {
        return tryTake(readCeiling, readProvisioned, units, nowNanos);
    }

    boolean tryWrite(double units, long nowNanos) {
        return tryTake(writeCeiling, writeProvisioned, units, nowNanos);
    }

    void giveBackWrite(double units) {
        writeCeiling.giveBack(units);
        if (writeProvisioned != null) {
            writeProvisioned.giveBack(units);
        }
    }

    void giveBackRead(double units) {
        readCeiling.giveBack(units);
        if (readProvisioned != null) {
            readProvisioned.giveBack(units);
        }
    }

    private static boolean tryTake(TokenBucket ceiling, TokenBucket provisioned, double units, long nowNanos) {
        if (provisioned == null) {
            return ceiling.tryTake(units, nowNanos);
        }
        // Two buckets: take from both or from neither. The pair is locked in one order.
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

    /** Scales every rate by {@code factor} (1 restores the configured rates): a capacity squeeze. */
    void scale(double factor, long nowNanos) {
        readCeiling.reconfigure(readCeilingUnits * factor, Math.max(1, readCeilingUnits * factor), nowNanos);
        writeCeiling.reconfigure(writeCeilingUnits * factor, Math.max(1, writeCeilingUnits * factor), nowNanos);
        if (readProvisioned != null) {
            readProvisioned.reconfigure(readShare * factor, readShare * factor * burstSeconds, nowNanos);
        }
        if (writeProvisioned != null) {
            writeProvisioned.reconfigure(writeShare * factor, writeShare * factor * burstSeconds, nowNanos);
        }
    }

    /** Burst capacity left, in write units (the provisioned bucket's level; the ceiling's for on-demand). */
    double writeAvailable(long nowNanos) {
        return (writeProvisioned != null ? writeProvisioned : writeCeiling).available(nowNanos);
    }

    double readAvailable(long nowNanos) {
        return (readProvisioned != null ? readProvisioned : readCeiling).available(nowNanos);
    }
}
