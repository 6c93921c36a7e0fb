package keystorm.workloads.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The most accessed and the most throttled partition keys, minute by minute, counted on the
 * client from the requests it sent, and ranked as CloudWatch Contributor Insights for DynamoDB
 * ranks them: the most accessed by 3 x write units + read units (the weights its rules use, AWS
 * "Using CloudWatch Contributor Insights for DynamoDB"), the most throttled by throttled requests
 * (its throttled-keys rules count throttling events), then by their units. An answered request counts the units the store reported;
 * a throttled one the units it would have consumed (from the item's size, {@link ItemShape}).
 *
 * <p>Bounds: at most {@link #KEYS_PER_MINUTE_MAX} distinct keys are counted one by one in a
 * minute; units of further keys go to {@link #OTHERS}. A minute's keys are ranked and dropped
 * when the minute is over, so memory holds one or two minutes of keys. Scans touch many keys and
 * are left out, as the requests of no one key. Thread-safe.
 */
public final class KeyContributors {
    public static final int KEYS_PER_MINUTE_MAX = 1_000_000;
    public static final String OTHERS = "(other keys)";
    private static final long MINUTE_NANOS = 60_000_000_000L;

    /** One key in one minute: its weighted units (3 x WCU + RCU) and requests. */
    public record Contributor(String key, double units, long requests) {
    }

    /**
     * One minute's top keys: most accessed (answered requests, by weighted units) and most throttled
     * (by throttled requests, then units).
     */
    public record Minute(long minute, List<Contributor> accessed, List<Contributor> throttled) {
    }

    private final long startNanos;
    private final int top;
    private final Map<Long, Counts> open = new ConcurrentHashMap<>();
    private final List<Minute> closed = new ArrayList<>();

    /** Counts of one minute: per key, weighted milli-units and requests, answered and throttled. */
    private static final class Counts {
        final Map<String, AtomicLongArray> keys = new ConcurrentHashMap<>();

        void add(String key, long milliUnits, boolean throttled) {
            AtomicLongArray row = keys.get(key);
            if (row == null) {
                if (keys.size() >= KEYS_PER_MINUTE_MAX) {
                    key = OTHERS;
                }
                row = keys.computeIfAbsent(key, k -> new AtomicLongArray(4));
            }
            int base = throttled ? 2 : 0;
            row.addAndGet(base, milliUnits);
            row.incrementAndGet(base + 1);
        }
    }

    /** Minutes count from {@code startNanos} (System.nanoTime); the {@code top} keys of each are kept. */
    public KeyContributors(long startNanos, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("top is at least 1: " + top);
        }
        this.startNanos = startNanos;
        this.top = top;
    }

    /** The weight Contributor Insights ranks by. */
    public static double weight(double readUnits, double writeUnits) {
        return 3 * writeUnits + readUnits;
    }

    /** One request to partition key {@code pk} at {@code nowNanos}. */
    public void add(long nowNanos, String pk, double readUnits, double writeUnits, boolean throttled) {
        long minute = Math.max(0, (nowNanos - startNanos) / MINUTE_NANOS);
        Counts counts = open.get(minute);
        if (counts == null) {
            counts = open.computeIfAbsent(minute, m -> new Counts());
            closeBefore(minute - 1); // a minute is closed once the one after next begins: late adds still land
        }
        counts.add(pk, Math.round(weight(readUnits, writeUnits) * 1000), throttled);
    }

    /** Every minute with a request, in order, each with its top keys; closes the open minutes. */
    public synchronized List<Minute> minutes() {
        closeBefore(Long.MAX_VALUE);
        List<Minute> all = new ArrayList<>(closed);
        all.sort(Comparator.comparingLong(Minute::minute));
        return all;
    }

    private synchronized void closeBefore(long minute) {
        for (Long m : new ArrayList<>(open.keySet())) {
            if (m < minute) {
                Counts counts = open.remove(m);
                if (counts != null) {
                    closed.add(new Minute(m, rank(counts, 0, BY_UNITS), rank(counts, 2, BY_REQUESTS)));
                }
            }
        }
    }

    private static final Comparator<Contributor> BY_UNITS = Comparator.comparingDouble(Contributor::units).reversed()
            .thenComparing(Contributor::key);
    private static final Comparator<Contributor> BY_REQUESTS = Comparator.comparingLong(Contributor::requests).reversed()
            .thenComparing(BY_UNITS);

    private List<Contributor> rank(Counts counts, int base, Comparator<Contributor> order) {
        List<Contributor> all = new ArrayList<>();
        for (Map.Entry<String, AtomicLongArray> e : counts.keys.entrySet()) {
            long requests = e.getValue().get(base + 1);
            if (requests > 0) {
                all.add(new Contributor(e.getKey(), e.getValue().get(base) / 1000.0, requests));
            }
        }
        all.sort(order);
        return List.copyOf(all.subList(0, Math.min(top, all.size())));
    }
}
