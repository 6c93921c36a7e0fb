package keystorm.engine.insights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import keystorm.engine.item.AttributeValue;

/**
 * One table's partition keys in one interval, in bounded memory: at most {@code capacity}
 * counters, pruned to half when full (space-saving, Metwally, Agrawal and El Abbadi, "Efficient
 * computation of frequent and top-k elements in data streams", ICDT 2005, with its one-at-a-time
 * eviction batched so that an eviction is a sort every {@code capacity / 2} new keys, not a scan
 * of every counter for each).
 *
 * <p>A key's weight is its weighted units answered and refused (3 x write units + read units, as
 * CloudWatch Contributor Insights ranks keys). A prune drops the lightest half by their upper
 * bound (counted weight plus the error they came in with) and raises the {@link #floorMilli()}
 * to the heaviest upper bound it dropped; a key counted afresh starts with that floor as its
 * error. Guarantees, for weights: a key counted since its last arrival is always present; any key
 * whose true weight in the interval exceeds the floor is present; a present key's counts are what
 * arrived since it was last counted afresh, so its true weight lies between its counted weight
 * and that plus its error. Requests are counted the same way and carry the same caveat. A prune
 * races with adds to the counters it drops, which may lose those few adds (requests in flight
 * during the prune). Lookups and adds take no lock; a prune holds this summary's monitor.
 */
final class KeySummary {
    private static final int UNITS = 0;
    private static final int REQUESTS = 1;
    private static final int THROTTLED_UNITS = 2;
    private static final int THROTTLED_REQUESTS = 3;

    /** One key's counts (milli-units) and the error it came in with. */
    private static final class Counter {
        final AtomicLongArray counts = new AtomicLongArray(4);
        final long errorMilli;

        Counter(long errorMilli) {
            this.errorMilli = errorMilli;
        }

        long upperBound() {
            return counts.get(UNITS) + counts.get(THROTTLED_UNITS) + errorMilli;
        }
    }

    /** One key as reported: its requests and weighted units, answered or throttled. */
    record Ranked(String key, long requests, double units, long throttledRequests, double throttledUnits) {
    }

    private final ConcurrentHashMap<AttributeValue, Counter> counters = new ConcurrentHashMap<>();
    private final int capacity;
    private volatile long floorMilli;

    KeySummary(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a key summary holds at least 2 counters, not " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Counts {@code weightMilli} for a key: answered or throttled, as one more request if {@code
     * request} (a give-back is not one, and is dropped for a key no longer counted).
     */
    void add(AttributeValue key, long weightMilli, boolean served, boolean request) {
        Counter counter = counters.get(key);
        if (counter == null) {
            if (!request) {
                return;
            }
            if (counters.size() >= capacity) {
                prune();
            }
            counter = counters.computeIfAbsent(key, k -> new Counter(floorMilli));
        }
        int base = served ? UNITS : THROTTLED_UNITS;
        counter.counts.addAndGet(base, weightMilli);
        if (request) {
            counter.counts.incrementAndGet(base + 1);
        }
    }

    private synchronized void prune() {
        if (counters.size() < capacity) {
            return; // another thread pruned meanwhile
        }
        // Counters keep counting while this sorts: sort a snapshot of their bounds, or the order
        // changes under the sort (TimSort's "Comparison method violates its general contract").
        record Bound(AttributeValue key, Counter counter, long upper) {}
        List<Bound> all = new ArrayList<>(counters.size());
        counters.forEach((k, c) -> all.add(new Bound(k, c, c.upperBound())));
        all.sort(Comparator.comparingLong(Bound::upper));
        long floor = floorMilli;
        for (Bound b : all.subList(0, Math.max(0, all.size() - capacity / 2))) {
            floor = Math.max(floor, b.counter().upperBound());
            counters.remove(b.key(), b.counter());
        }
        floorMilli = floor;
        assert counters.size() <= capacity : counters.size();
    }

    /** The largest upper bound dropped so far: no key heavier than this is missing (milli-units). */
    long floorMilli() {
        return floorMilli;
    }

    int size() {
        return counters.size();
    }

    int capacity() {
        return capacity;
    }

    boolean isEmpty() {
        return counters.isEmpty();
    }

    /** The {@code n} keys with the most units answered, most first (ties by key). */
    List<Ranked> accessed(int n) {
        return top(n, REQUESTS, Comparator.comparingDouble(Ranked::units).reversed()
                .thenComparing(Ranked::key));
    }

    /** The {@code n} keys with the most throttled requests, then units, most first. */
    List<Ranked> throttled(int n) {
        return top(n, THROTTLED_REQUESTS, Comparator.comparingLong(Ranked::throttledRequests).reversed()
                .thenComparing(Comparator.comparingDouble(Ranked::throttledUnits).reversed())
                .thenComparing(Ranked::key));
    }

    private List<Ranked> top(int n, int requestsIndex, Comparator<Ranked> order) {
        List<Ranked> all = new ArrayList<>();
        counters.forEach((key, counter) -> {
            if (counter.counts.get(requestsIndex) > 0) {
                AtomicLongArray c = counter.counts;
                all.add(new Ranked(text(key), c.get(REQUESTS), Math.max(0, c.get(UNITS)) / 1000.0,
                        c.get(THROTTLED_REQUESTS), c.get(THROTTLED_UNITS) / 1000.0));
            }
        });
        all.sort(order);
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /** A partition-key value as text: a string as itself, a number as its digits, binary as base64. */
    static String text(AttributeValue key) {
        return switch (key) {
            case AttributeValue.S s -> s.value();
            case AttributeValue.N n -> n.value().toString();
            case AttributeValue.B b -> b.value().toBase64();
            default -> key.toString();
        };
    }
}
