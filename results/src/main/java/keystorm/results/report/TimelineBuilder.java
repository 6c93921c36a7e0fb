package keystorm.results.report;

import java.util.ArrayList;
import java.util.List;

/** The operations around one anomaly, its own kept first, the others nearest to them. */
final class TimelineBuilder {
    private final long[] sorted;
    private final int capacity;
    private final List<HistorySeries.TimelineOp> own = new ArrayList<>();
    private final List<HistorySeries.TimelineOp> others = new ArrayList<>();
    private long dropped;

    TimelineBuilder(List<Long> indices, int capacity) {
        this.sorted = indices.stream().mapToLong(Long::longValue).sorted().toArray();
        this.capacity = capacity;
    }

    void add(HistorySeries.TimelineOp op) {
        if (op.involved()) {
            if (own.size() < capacity) {
                own.add(op);
            } else {
                dropped++;
            }
            return;
        }
        others.add(op);
        if (others.size() >= 2 * capacity) {
            trim(capacity);
        }
    }

    /** The lines from {@code op} to the nearest of the anomaly's: a binary search of its sorted indices. */
    private long distance(HistorySeries.TimelineOp op) {
        long at = op.invokeIndex();
        int a = 0, b = sorted.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (sorted[m] < at) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        long best = Long.MAX_VALUE;
        if (a < sorted.length) {
            best = sorted[a] - at;
        }
        if (a > 0) {
            best = Math.min(best, at - sorted[a - 1]);
        }
        return best;
    }

    private void trim(int keep) {
        if (others.size() <= keep) {
            return;
        }
        others.sort(java.util.Comparator.comparingLong(this::distance));
        dropped += others.size() - keep;
        others.subList(keep, others.size()).clear();
    }

    HistorySeries.Timeline build() {
        trim(Math.max(0, capacity - own.size()));
        List<HistorySeries.TimelineOp> ops = new ArrayList<>(own);
        ops.addAll(others);
        ops.sort((x, y) -> Long.compare(x.invokeIndex(), y.invokeIndex()));
        return new HistorySeries.Timeline(ops, dropped);
    }
}
