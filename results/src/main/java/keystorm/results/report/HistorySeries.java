package keystorm.results.report;

import java.util.List;

/**
 * What a report keeps of a history.jsonl, whatever its length: counts, a bounded latency sample,
 * per-bucket latency quantiles and throughput, the fault windows, and each anomaly's timeline.
 * Times are seconds since the run's start; latencies milliseconds.
 *
 * @param operations    client operations completed (ok + fail + info)
 * @param pending       client invocations that never completed
 * @param endSeconds    the time of the history's last line
 * @param bucketSeconds the width of one bucket of {@link #buckets}
 * @param sample        the scatter's points, at most {@link HistoryScan.Limits#samplePoints()}
 * @param faults        the fault windows, by the contract's rule for openers and closers
 * @param timelines     one per anomaly asked for, in its order
 */
public record HistorySeries(long operations, long ok, long fail, long info, long pending, double endSeconds,
                            double bucketSeconds, List<Bucket> buckets, List<Point> sample, List<Point> anomalyPoints,
                            List<FaultWindow> faults, List<Timeline> timelines) {
    public HistorySeries {
        buckets = List.copyOf(buckets);
        sample = List.copyOf(sample);
        anomalyPoints = List.copyOf(anomalyPoints);
        faults = List.copyOf(faults);
        timelines = List.copyOf(timelines);
    }

    /** The operations the scatter shows. */
    public int shown() {
        return sample.size();
    }

    /**
     * One bucket: completions by outcome, and the quantiles of its ok latencies (NaN when it has none).
     */
    public record Bucket(double startSeconds, long ok, long fail, long info, double p50Millis, double p90Millis,
                         double p99Millis, double p999Millis, double maxMillis) {
    }

    /** One operation on the scatter: completed at {@code seconds}, after {@code millis}. */
    public record Point(double seconds, double millis, Outcome outcome, int anomaly) {
    }

    public enum Outcome {
        OK, FAIL, INFO, PENDING;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A fault, from the invocation of its nemesis op to the completion of the closer that ended it. */
    public record FaultWindow(double startSeconds, double endSeconds, String fault) {
    }

    /**
     * The operations around one anomaly.
     *
     * @param dropped operations that overlapped the window but were left out to keep it bounded
     */
    public record Timeline(List<TimelineOp> ops, long dropped) {
        public Timeline {
            ops = List.copyOf(ops);
        }
    }

    /**
     * @param process   the process's number, or "nemesis"
     * @param endSeconds the completion, or the history's end for an invocation never completed
     * @param involved  whether it is one of the anomaly's own operations
     */
    public record TimelineOp(String process, long invokeIndex, double startSeconds, double endSeconds,
                             Outcome outcome, String f, String value, boolean involved) {
    }
}
