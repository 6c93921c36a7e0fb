package keystorm.engine.partition;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import keystorm.engine.api.Limits;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.table.KeyHash;

/**
 * A partition's heat, for split for heat: the partition keys of its latest requests (a ring of
 * {@link Limits#splitSampleKeys()}), and windows of at least one second of the engine's clock in
 * which it consumed at least {@link Limits#splitHeatPercent()} of its ceiling, reads or writes.
 *
 * <p>The hot path costs one ring slot write and one volatile read ({@link #sample}, {@link #due});
 * the window is closed under this object's monitor, at most once a second ({@link #close}). Every
 * decision reads the engine's clock and the partition's counters only, so on the simulation's
 * virtual time it is the same every run.
 */
final class Heat {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AtomicReferenceArray<AttributeValue> ring;
    private final AtomicLong samples = new AtomicLong();
    private final double readThresholdMilliPerSecond;
    private final double writeThresholdMilliPerSecond;
    private final long sustainNanos;
    private volatile long nextCheckNanos;
    private long windowStartNanos;
    private long windowReadMilli;
    private long windowWriteMilli;
    /** Start of the current run of hot windows, or -1. */
    private long hotSinceNanos = -1;
    private volatile boolean isolated;

    Heat(Limits limits, long nowNanos) {
        this.ring = new AtomicReferenceArray<>(limits.splitSampleKeys());
        double fraction = limits.splitHeatPercent() / 100.0;
        this.readThresholdMilliPerSecond = limits.partitionReadUnitsMax() * 1000.0 * fraction;
        this.writeThresholdMilliPerSecond = limits.partitionWriteUnitsMax() * 1000.0 * fraction;
        this.sustainNanos = TimeUnit.SECONDS.toNanos(limits.splitHeatSeconds());
        this.windowStartNanos = nowNanos;
        this.nextCheckNanos = nowNanos + WINDOW_NANOS;
    }

    /** Remembers a request's partition key (a Scan's, null, is not one key's heat). */
    void sample(AttributeValue hashKey) {
        if (hashKey != null) {
            ring.lazySet((int) (samples.getAndIncrement() % ring.length()), hashKey);
        }
    }

    boolean due(long nowNanos) {
        return nowNanos - nextCheckNanos >= 0;
    }

    /** Whether the last sustained heat was one key's alone, which no split can spread. */
    boolean isolated() {
        return isolated;
    }

    /**
     * Closes the window that ends now, given the partition's consumed totals (thousandths of a
     * unit); answers a split point when heat has lasted long enough and the sampled keys are more
     * than one. A window of no requests, or a cool one, ends the run.
     */
    synchronized OptionalLong close(long nowNanos, long consumedReadMilli, long consumedWriteMilli) {
        if (!due(nowNanos)) {
            return OptionalLong.empty();
        }
        double seconds = (nowNanos - windowStartNanos) / 1e9;
        boolean hot = consumedReadMilli - windowReadMilli >= readThresholdMilliPerSecond * seconds
                || consumedWriteMilli - windowWriteMilli >= writeThresholdMilliPerSecond * seconds;
        if (!hot) {
            hotSinceNanos = -1;
        } else if (hotSinceNanos < 0) {
            hotSinceNanos = windowStartNanos;
        }
        windowStartNanos = nowNanos;
        windowReadMilli = consumedReadMilli;
        windowWriteMilli = consumedWriteMilli;
        nextCheckNanos = nowNanos + WINDOW_NANOS;
        if (!hot || nowNanos - hotSinceNanos < sustainNanos) {
            return OptionalLong.empty();
        }
        OptionalLong point = splitPoint();
        isolated = point.isEmpty();
        hotSinceNanos = -1; // a new run of heat must build up before the next request
        return point;
    }

    /**
     * The median of the sampled hashes, so that each child gets about half of the requests; when
     * the median is the lowest hash (one key has half the requests or more), the next hash above
     * it, so that the key goes alone to the lower child. Empty when the samples are one key.
     */
    private OptionalLong splitPoint() {
        long[] hashes = hashes();
        if (hashes.length < 2 || hashes[0] == hashes[hashes.length - 1]) {
            return OptionalLong.empty();
        }
        long median = hashes[hashes.length / 2];
        if (median != hashes[0]) {
            return OptionalLong.of(median);
        }
        for (long hash : hashes) {
            if (hash != median) {
                return OptionalLong.of(hash);
            }
        }
        throw new IllegalStateException("the sampled hashes differ, yet none differs from the lowest");
    }

    /** The sampled hashes, sorted unsigned (as partitions range over them). */
    private long[] hashes() {
        int filled = (int) Math.min(samples.get(), ring.length());
        long[] hashes = new long[filled];
        int n = 0;
        for (int i = 0; i < filled; i++) {
            AttributeValue key = ring.get(i);
            if (key != null) {
                hashes[n++] = KeyHash.of(key) ^ Long.MIN_VALUE; // signed order of flipped = unsigned order
            }
        }
        long[] sorted = Arrays.copyOf(hashes, n);
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            sorted[i] ^= Long.MIN_VALUE;
        }
        return sorted;
    }

    /** A split's child starts with the parent's samples that fall in its range (its heat run starts afresh). */
    void inherit(Heat parent, Partition child) {
        int n = 0;
        int filled = (int) Math.min(parent.samples.get(), parent.ring.length());
        for (int i = 0; i < filled && n < ring.length(); i++) {
            AttributeValue key = parent.ring.get(i);
            if (key != null && child.covers(KeyHash.of(key))) {
                ring.set(n++, key);
            }
        }
        samples.set(n);
    }
}
