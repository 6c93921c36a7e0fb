package keystorm.engine.partition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import keystorm.engine.item.AttributeValue;

/**
 * Consumed and throttled units per partition-key value, for hot-key reports. At most {@code
 * keysMax} keys ({@link keystorm.engine.api.Limits#hotKeysTrackedMax()}) are counted one by one
 * (the first seen; under a skewed workload the hot keys are among them within the first
 * moments); units of keys beyond are summed as untracked.
 */
public final class KeyCounters {
    static final int READ = 0;
    static final int WRITE = 1;
    static final int THROTTLED_READ = 2;
    static final int THROTTLED_WRITE = 3;

    /** One key's counts, in units. */
    public record KeyUsage(AttributeValue key, double readUnits, double writeUnits, double throttledReadUnits,
                           double throttledWriteUnits) {
        public double consumedUnits() {
            return readUnits + writeUnits;
        }

        public double throttledUnits() {
            return throttledReadUnits + throttledWriteUnits;
        }
    }

    private final ConcurrentHashMap<AttributeValue, AtomicLongArray> counts = new ConcurrentHashMap<>();
    private final LongAdder untrackedMilli = new LongAdder();
    private final int keysMax;

    KeyCounters(int keysMax) {
        this.keysMax = keysMax;
    }

    /** Counts units for a key; a null key (a Scan's units) is counted as untracked. */
    void add(AttributeValue key, int kind, double units) {
        long milli = Math.round(units * 1000);
        if (key == null) {
            untrackedMilli.add(milli);
            return;
        }
        AtomicLongArray row = counts.get(key);
        if (row == null) {
            if (counts.size() >= keysMax) {
                untrackedMilli.add(milli);
                return;
            }
            row = counts.computeIfAbsent(key, k -> new AtomicLongArray(4));
        }
        row.addAndGet(kind, milli);
    }

    /** The {@code n} keys with the most units consumed and throttled, most first. */
    public List<KeyUsage> top(int n) {
        List<KeyUsage> all = new ArrayList<>(counts.size());
        counts.forEach((key, row) -> all.add(new KeyUsage(key, row.get(READ) / 1000.0, row.get(WRITE) / 1000.0,
                row.get(THROTTLED_READ) / 1000.0, row.get(THROTTLED_WRITE) / 1000.0)));
        all.sort(Comparator.comparingDouble((KeyUsage u) -> u.consumedUnits() + u.throttledUnits()).reversed());
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /** Units of keys not counted one by one. */
    public double untrackedUnits() {
        return untrackedMilli.sum() / 1000.0;
    }

    public int trackedKeys() {
        return counts.size();
    }
}
