package keystorm.engine.insights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.partition.Partition;

/**
 * One table's partitions between samples: the engine's counters are cumulative, so an
 * interval's units are the differences from the sample before, matched by partition id (its
 * number for life). A partition new since then (a split's child, or any partition of a table
 * created since) counts from zero. A partition retired by a split since then is reported once,
 * retired, with its units up to the split; it is never reported again. A difference is never
 * negative (a give-back of units taken in an interval before counts as nothing). Not thread-safe:
 * the recorder samples under its own monitor.
 */
final class PartitionDeltas {
    /** Cumulative counters of a partition, by id. */
    private Map<Integer, double[]> last = new HashMap<>();
    private final Set<Integer> retiredSeen = new HashSet<>();

    /** Takes the counters as they are now as the baseline: what came before is not the recorder's. */
    void baseline(List<Partition.Metrics> current, List<Partition.Metrics> retired) {
        last = new HashMap<>();
        for (Partition.Metrics m : current) {
            last.put(m.id(), counters(m));
        }
        for (Partition.Metrics m : retired) {
            retiredSeen.add(m.id());
        }
    }

    /** The rows of the interval ending now; empty when nothing was consumed, refused or split in it. */
    List<InsightsLine.PartitionUnits> sample(List<Partition.Metrics> current, List<Partition.Metrics> retired) {
        Map<Integer, double[]> now = new HashMap<>();
        List<InsightsLine.PartitionUnits> rows = new ArrayList<>();
        boolean any = false;
        for (Partition.Metrics m : current) {
            double[] counters = counters(m);
            now.put(m.id(), counters);
            InsightsLine.PartitionUnits row = row(m, counters, last.get(m.id()), false);
            any |= busy(row);
            rows.add(row);
        }
        for (Partition.Metrics m : retired) {
            if (now.containsKey(m.id()) || !retiredSeen.add(m.id())) {
                continue; // reported already, or (read between two reads) to be reported next time
            }
            rows.add(row(m, counters(m), last.get(m.id()), true));
            any = true;
        }
        last = now;
        return any ? rows : List.of();
    }

    private static boolean busy(InsightsLine.PartitionUnits row) {
        return row.consumedReadUnits() > 0 || row.consumedWriteUnits() > 0 || row.throttledReadUnits() > 0
                || row.throttledWriteUnits() > 0 || row.throttledRequests() > 0;
    }

    private static double[] counters(Partition.Metrics m) {
        return new double[] {m.consumedReadUnits(), m.consumedWriteUnits(), m.throttledReadUnits(),
                m.throttledWriteUnits(), m.throttledRequests()};
    }

    private static InsightsLine.PartitionUnits row(Partition.Metrics m, double[] now, double[] before, boolean retired) {
        double[] from = before == null ? new double[5] : before;
        return new InsightsLine.PartitionUnits(m.id(), retired ? -1 : m.index(), m.parentId(),
                Long.toUnsignedString(m.lowHash(), 16), retired, difference(now[0], from[0]),
                difference(now[1], from[1]), difference(now[2], from[2]), difference(now[3], from[3]),
                Math.round(difference(now[4], from[4])));
    }

    /** A difference of counters kept in milli-units, rounded back to them (no 0.30000000000000004). */
    private static double difference(double now, double before) {
        return Math.max(0, Math.round((now - before) * 1000)) / 1000.0;
    }
}
