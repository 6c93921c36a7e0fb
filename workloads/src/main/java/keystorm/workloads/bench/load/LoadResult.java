package keystorm.workloads.bench.load;

import java.util.ArrayList;
import java.util.List;
import keystorm.workloads.bench.BenchOutcome;
import org.HdrHistogram.Histogram;

/**
 * What one run of the load generator ({@link OpenLoop#run}) measured, or several runs merged
 * ({@link #merge}: the shards of one load on several machines). Every histogram value is in
 * <b>nanoseconds</b>, tracked up to {@link #HIGHEST_TRACKABLE_NANOS} (one hour; a longer value is
 * recorded as one hour) with 3 significant digits. The histograms belong to the result: read them,
 * do not record into them.
 *
 * <p>Only the measured window counts: cycles intended before the warm-up's end ran but are only in
 * {@link #warmupCycles}.
 *
 * @param operations           the operation names, in {@link CycleSource#operations()}'s order
 * @param latencies            for each operation and each outcome kind (operation-major, kinds in
 *                             {@link BenchOutcome.Kind}'s order), the latency from the cycle's
 *                             <i>intended</i> start to its completion, so a stall that delays the
 *                             cycles queued behind it is in their latencies (coordinated omission
 *                             corrected)
 * @param scheduleErrorNanos   actual start minus intended start of every measured cycle (empty in a
 *                             closed loop, where they are one); large when the generator (or the
 *                             in-flight bound) could not keep up
 * @param windowStartEpochNanos the measured window's start (the warm-up's end), epoch nanoseconds
 * @param windowEndEpochNanos  when the measured window ended: the last cycle completed, or the drain
 *                             gave up
 * @param cyclesDue            measured cycles whose intended start fell in the window (a closed loop:
 *                             the cycles it started)
 * @param cyclesStarted        measured cycles started; fewer than due when the generator was still
 *                             behind when the drain's deadline passed
 * @param cyclesCompleted      measured cycles completed, with any outcome (the histograms' counts)
 * @param cyclesNeverCompleted measured cycles started that had not completed when the drain ended
 * @param warmupCycles         cycles run in the warm-up, not recorded
 * @param intervalNanos        the length of one interval of {@link #intervals}
 * @param intervals            the time series, one entry per interval from the window's start
 *                             (small: for plots)
 */
public record LoadResult(List<String> operations, List<OpLatency> latencies, Histogram scheduleErrorNanos,
                         long windowStartEpochNanos, long windowEndEpochNanos, long cyclesDue, long cyclesStarted,
                         long cyclesCompleted, long cyclesNeverCompleted, long warmupCycles, long intervalNanos,
                         List<Interval> intervals) {
    /** One hour in nanoseconds: the largest latency a histogram tells apart. */
    public static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    /** Significant decimal digits of every histogram. */
    public static final int SIGNIFICANT_DIGITS = 3;
    static final BenchOutcome.Kind[] KINDS = BenchOutcome.Kind.values();

    public LoadResult {
        operations = List.copyOf(operations);
        latencies = List.copyOf(latencies);
        intervals = List.copyOf(intervals);
        if (latencies.size() != operations.size() * KINDS.length) {
            throw new IllegalArgumentException("one latency histogram per operation and outcome kind: "
                    + latencies.size() + " for " + operations);
        }
        for (int i = 0; i < latencies.size(); i++) {
            OpLatency latency = latencies.get(i);
            if (!latency.op().equals(operations.get(i / KINDS.length)) || latency.kind() != KINDS[i % KINDS.length]) {
                throw new IllegalArgumentException("latency " + i + " is " + latency.op() + "." + latency.kind());
            }
        }
    }

    /** A new empty histogram of the results' kind (nanoseconds, one hour, 3 digits). */
    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    /** The latency histogram (nanoseconds from intended start) of one operation and outcome kind. */
    public Histogram latency(String op, BenchOutcome.Kind kind) {
        return latencies.get(opIndex(op) * KINDS.length + kind.ordinal()).latencyNanos();
    }

    /** Cycles of operation {@code op} that completed with outcome {@code kind}. */
    public long count(String op, BenchOutcome.Kind kind) {
        return latency(op, kind).getTotalCount();
    }

    /** Cycles of every operation that completed with outcome {@code kind}. */
    public long count(BenchOutcome.Kind kind) {
        long total = 0;
        for (OpLatency latency : latencies) {
            total += latency.kind() == kind ? latency.latencyNanos().getTotalCount() : 0;
        }
        return total;
    }

    /** Measured cycles due but never started: the generator was still behind at the drain's deadline. */
    public long cyclesNotStarted() {
        return cyclesDue - cyclesStarted;
    }

    public long windowNanos() {
        return windowEndEpochNanos - windowStartEpochNanos;
    }

    /** Completed cycles a second over the measured window (any outcome). */
    public double achievedRate() {
        long window = windowNanos();
        return window <= 0 ? 0 : cyclesCompleted * 1e9 / window;
    }

    private int opIndex(String op) {
        int index = operations.indexOf(op);
        if (index < 0) {
            throw new IllegalArgumentException("no operation '" + op + "' in " + operations);
        }
        return index;
    }

    /**
     * Several results of the same workload (one per shard) as one: histograms and counters add
     * exactly; the window spans from the earliest start to the latest end; intervals are aligned by
     * their start time and their counts add, but an interval's p50 / p99 is the largest of the
     * shards' (the merged percentile lies between the shards' smallest and largest: this is an upper
     * bound; {@link IntervalLogs#read} computes it exactly from the interval histograms).
     *
     * @throws IllegalArgumentException if the results have different operations or intervals
     */
    public static LoadResult merge(List<LoadResult> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no results to merge");
        }
        LoadResult first = results.getFirst();
        List<Histogram> latencies = new ArrayList<>();
        for (int i = 0; i < first.latencies.size(); i++) {
            latencies.add(newHistogram());
        }
        Histogram scheduleError = newHistogram();
        long windowStart = Long.MAX_VALUE;
        long windowEnd = Long.MIN_VALUE;
        long due = 0, started = 0, completed = 0, never = 0, warmup = 0;
        for (LoadResult result : results) {
            if (!result.operations.equals(first.operations) || result.intervalNanos != first.intervalNanos) {
                throw new IllegalArgumentException("results of different loads: " + result.operations + " every "
                        + result.intervalNanos + " ns and " + first.operations + " every " + first.intervalNanos + " ns");
            }
            for (int i = 0; i < latencies.size(); i++) {
                latencies.get(i).add(result.latencies.get(i).latencyNanos());
            }
            scheduleError.add(result.scheduleErrorNanos);
            windowStart = Math.min(windowStart, result.windowStartEpochNanos);
            windowEnd = Math.max(windowEnd, result.windowEndEpochNanos);
            due += result.cyclesDue;
            started += result.cyclesStarted;
            completed += result.cyclesCompleted;
            never += result.cyclesNeverCompleted;
            warmup += result.warmupCycles;
        }
        List<Interval> intervals = new ArrayList<>();
        for (LoadResult result : results) {
            long shift = Math.round((double) (result.windowStartEpochNanos - windowStart) / first.intervalNanos);
            for (int i = 0; i < result.intervals.size(); i++) {
                int index = Math.toIntExact(shift + i);
                while (intervals.size() <= index) {
                    intervals.add(Interval.empty(intervals.size() * first.intervalNanos, first.operations.size()));
                }
                intervals.set(index, intervals.get(index).plus(result.intervals.get(i)));
            }
        }
        return new LoadResult(first.operations, opLatencies(first.operations, latencies), scheduleError, windowStart,
                windowEnd, due, started, completed, never, warmup, first.intervalNanos, intervals);
    }

    /** Pairs histograms (operation-major, kinds in order) with their operation and kind. */
    static List<OpLatency> opLatencies(List<String> operations, List<Histogram> histograms) {
        List<OpLatency> latencies = new ArrayList<>(histograms.size());
        for (int i = 0; i < histograms.size(); i++) {
            latencies.add(new OpLatency(operations.get(i / KINDS.length), KINDS[i % KINDS.length], histograms.get(i)));
        }
        return latencies;
    }

    /** The latencies (nanoseconds from intended start) of one operation's cycles with one outcome kind. */
    public record OpLatency(String op, BenchOutcome.Kind kind, Histogram latencyNanos) {
    }

    /**
     * One interval of the time series: cycles that completed in
     * [{@code startOffsetNanos}, {@code startOffsetNanos + lengthNanos}) from the window's start.
     *
     * @param ops per operation, in {@link LoadResult#operations}'s order
     */
    public record Interval(long startOffsetNanos, long lengthNanos, List<OpInterval> ops) {
        public Interval {
            ops = List.copyOf(ops);
        }

        /** No completions, and a length of 0 until an interval is added to it. */
        static Interval empty(long startOffsetNanos, int operations) {
            List<OpInterval> ops = new ArrayList<>(operations);
            for (int i = 0; i < operations; i++) {
                ops.add(new OpInterval(0, 0, 0, 0, 0, 0));
            }
            return new Interval(startOffsetNanos, 0, ops);
        }

        /** Counts added; the length and the percentiles the larger of the two (see {@link LoadResult#merge}). */
        Interval plus(Interval other) {
            List<OpInterval> sum = new ArrayList<>(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                OpInterval a = ops.get(i);
                OpInterval b = other.ops.get(i);
                sum.add(new OpInterval(a.ok + b.ok, a.throttled + b.throttled, a.failed + b.failed,
                        a.indeterminate + b.indeterminate, Math.max(a.okP50Nanos, b.okP50Nanos),
                        Math.max(a.okP99Nanos, b.okP99Nanos)));
            }
            return new Interval(startOffsetNanos, Math.max(lengthNanos, other.lengthNanos), sum);
        }

        /** Completions of every operation with outcome {@code kind} in this interval. */
        public long count(BenchOutcome.Kind kind) {
            long total = 0;
            for (OpInterval op : ops) {
                total += op.count(kind);
            }
            return total;
        }
    }

    /** One operation's completions in an interval, per outcome kind, and its ok latencies' p50 / p99 (0 if none). */
    public record OpInterval(long ok, long throttled, long failed, long indeterminate, long okP50Nanos,
                             long okP99Nanos) {
        public long count(BenchOutcome.Kind kind) {
            return switch (kind) {
                case OK -> ok;
                case THROTTLED -> throttled;
                case FAILED -> failed;
                case INDETERMINATE -> indeterminate;
            };
        }

        /** The interval entry of histograms indexed by kind (null: none recorded). */
        static OpInterval of(Histogram[] byKind) {
            Histogram ok = byKind[BenchOutcome.Kind.OK.ordinal()];
            boolean any = ok != null && ok.getTotalCount() > 0;
            return new OpInterval(countOf(ok), countOf(byKind[1]), countOf(byKind[2]), countOf(byKind[3]),
                    any ? ok.getValueAtPercentile(50) : 0, any ? ok.getValueAtPercentile(99) : 0);
        }

        private static long countOf(Histogram histogram) {
            return histogram == null ? 0 : histogram.getTotalCount();
        }
    }
}
