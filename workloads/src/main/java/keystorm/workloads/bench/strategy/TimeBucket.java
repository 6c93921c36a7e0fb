package keystorm.workloads.bench.strategy;

import java.util.ArrayList;
import java.util.List;
import keystorm.workloads.bench.KeyStrategy;

/**
 * {@code time:SECONDS}: the logical key joined with the time bucket the item is written in,
 * {@code logicalKey#(timeMillis / 1000 / SECONDS)} (floored, so times before the epoch bucket
 * too), as a time series keyed by day or hour. It spreads a key's items over time, not its load:
 * every write of one bucket still goes to one key, so a hot key stays hot within the bucket (compose
 * it with a suffix, {@code time:3600+calculated:10}, to spread both).
 *
 * <p>A point read needs the item's write time (the bench records it) and asks one key; a group
 * read over [from, to] asks every bucket in between, and is refused beyond
 * {@link KeyStrategy#READ_KEYS_MAX} buckets rather than silently truncated.
 */
public record TimeBucket(long bucketSeconds) implements KeyStrategy {
    /** The longest bucket: a leap year. */
    public static final long BUCKET_SECONDS_MAX = 366L * 24 * 3600;

    public TimeBucket {
        if (bucketSeconds < 1 || bucketSeconds > BUCKET_SECONDS_MAX) {
            throw new IllegalArgumentException("a time bucket is 1 to " + BUCKET_SECONDS_MAX + " seconds long, not "
                    + bucketSeconds);
        }
    }

    /** The bucket of an item written at {@code timeMillis}. */
    public long bucketOf(long timeMillis) {
        return Math.floorDiv(timeMillis, bucketSeconds * 1000);
    }

    @Override
    public String writeKey(String logicalKey, String itemId, long cycle, long timeMillis) {
        return logicalKey + "#" + bucketOf(timeMillis);
    }

    @Override
    public List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis) {
        return List.of(logicalKey + "#" + bucketOf(writtenMillis));
    }

    @Override
    public List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis) {
        checkWindow(fromMillis, toMillis);
        long first = bucketOf(fromMillis);
        long last = bucketOf(toMillis);
        long count = last - first + 1;
        if (count > KeyStrategy.READ_KEYS_MAX) {
            throw new IllegalArgumentException("a read of [" + fromMillis + ", " + toMillis + "] ms spans " + count
                    + " buckets of " + spec() + ", more than the " + KeyStrategy.READ_KEYS_MAX + " one read may name");
        }
        List<String> keys = new ArrayList<>((int) count);
        for (long bucket = first; bucket <= last; bucket++) {
            keys.add(logicalKey + "#" + bucket);
        }
        return List.copyOf(keys);
    }

    /** At most ceil(window / bucket) + 1 buckets: a window shorter than a bucket may still straddle two. */
    @Override
    public ReadCost readCost(long windowMillis) {
        if (windowMillis < 0) {
            throw new IllegalArgumentException("a read window is at least 0 ms long: " + windowMillis);
        }
        long bucketMillis = bucketSeconds * 1000;
        long buckets = windowMillis / bucketMillis + (windowMillis % bucketMillis == 0 ? 0 : 1) + 1;
        return new ReadCost(1, buckets);
    }

    @Override
    public String spec() {
        return "time:" + bucketSeconds;
    }

    @Override
    public String toString() {
        return spec();
    }

    static void checkWindow(long fromMillis, long toMillis) {
        if (fromMillis > toMillis) {
            throw new IllegalArgumentException("a read window [" + fromMillis + ", " + toMillis + "] ms ends before it starts");
        }
    }
}
