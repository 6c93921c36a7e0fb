package keystorm.results.report;

import java.util.ArrayList;
import java.util.List;

/** The operations around one anomaly, its own kept first, the others nearest to them. */
final class TimelineBuilder {
    private final List<Long> indices;
    private final int capacity;
    private final List<HistorySeries.TimelineOp> own = new ArrayList<>();
    private final List<HistorySeries.TimelineOp> others = new ArrayList<>();
    private long dropped;

    TimelineBuilder(List<Long> indices, int capacity) {
        this.indices = indices;
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

    private long distance(HistorySeries.TimelineOp op) {
        long best = Long.MAX_VALUE;
        for (long i : indices) {
            best = Math.min(best, Math.abs(op.invokeIndex() - i));
        }
        return best;
    }

    private void trim(int keep) {
        if (others.size() <= keep) {
            return;
        }
        others.sort((x, y) -> Long.compare(distance(x), distance(y)));
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
