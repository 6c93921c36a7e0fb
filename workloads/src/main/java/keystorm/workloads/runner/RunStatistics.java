package keystorm.workloads.runner;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.history.OpType;
import org.HdrHistogram.Histogram;

/**
 * What the interpreter counts as it goes, in bounded memory: operations and latency by outcome
 * (HdrHistogram, 1 µs to 1 hour at 3 significant digits), and the fault windows (bounded: the
 * first 10,000). Updated by the interpreter's thread only.
 */
public final class RunStatistics {
    private static final int FAULT_WINDOWS_MAX = 10_000;
    /** Distinct error texts counted by name; past this many, the rest are counted as "other". */
    private static final int ERRORS_MAX = 32;

    /** One fault operation: when it was invoked and when it completed, nanoseconds since the start. */
    public record FaultWindow(long startNanos, long endNanos, String fault) {
    }

    private final Map<OpType, Histogram> latency = new EnumMap<>(OpType.class);
    private final List<FaultWindow> faults = new ArrayList<>();
    private final Map<OpType, Map<String, Long>> errors = new EnumMap<>(OpType.class);
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos;
    private long throttled;
    private long startEpochMillis;

    RunStatistics() {
        for (OpType type : List.of(OpType.OK, OpType.FAIL, OpType.INFO)) {
            latency.put(type, new Histogram(1_000L, 3_600_000_000_000L, 3));
        }
    }

    /**
     * The statistics of a recorded history (a simulation's, in its virtual time): each process's
     * invocation paired with its next completion, each nemesis invocation with the nemesis's next
     * completion; an invocation never completed is not counted, as the interpreter counts it.
     */
    public static RunStatistics of(Iterable<keystorm.checker.history.Op> history) {
        RunStatistics statistics = new RunStatistics();
        java.util.Map<Integer, Long> invoked = new java.util.HashMap<>();
        for (keystorm.checker.history.Op op : history) {
            if (op.type() == OpType.INVOKE) {
                invoked.put(op.process(), op.time());
                continue;
            }
            Long start = invoked.remove(op.process());
            if (start == null) {
                continue;
            }
            if (op.isNemesis()) {
                statistics.fault(start, op.time(), op.f());
            } else {
                statistics.record(op.type(), start, op.time(), op.error());
            }
        }
        return statistics;
    }

    /** Whether an error is DynamoDB's throttling (a request refused for capacity, before it ran). */
    public static boolean throttling(String error) {
        return error != null && (error.contains("ProvisionedThroughputExceeded") || error.contains("ThrottlingException")
                || error.contains("RequestLimitExceeded"));
    }

    void started(long epochMillis) {
        startEpochMillis = epochMillis;
    }

    /** The wall-clock time the run's clock started at (its history's time 0), or 0 when not known. */
    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** Operations that ended with a throttling error. */
    public long throttled() {
        return throttled;
    }

    void record(OpType type, long invokeNanos, long endNanos, String error) {
        if (throttling(error)) {
            throttled++;
        }
        if (error != null) {
            Map<String, Long> byError = errors.computeIfAbsent(type, t -> new java.util.LinkedHashMap<>());
            String name = byError.containsKey(error) || byError.size() < ERRORS_MAX ? error : "other";
            byError.merge(name, 1L, Long::sum);
        }
        latency.get(type).recordValue(Math.max(1_000L, Math.min(3_600_000_000_000L, endNanos - invokeNanos)));
        firstNanos = Math.min(firstNanos, invokeNanos);
        lastNanos = Math.max(lastNanos, endNanos);
    }

    void fault(long startNanos, long endNanos, String fault) {
        if (faults.size() < FAULT_WINDOWS_MAX) {
            faults.add(new FaultWindow(startNanos, endNanos, fault));
        }
    }

    /** How many operations ended {@code type} with each error, most frequent first. */
    public List<Map.Entry<String, Long>> errors(OpType type) {
        List<Map.Entry<String, Long>> out = new ArrayList<>(errors.getOrDefault(type, Map.of()).entrySet());
        out.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return out;
    }

    public long count(OpType type) {
        return latency.get(type).getTotalCount();
    }

    public long operations() {
        return count(OpType.OK) + count(OpType.FAIL) + count(OpType.INFO);
    }

    /** Latency of the operations that ended {@code type}, in nanoseconds, at a percentile (0-100); 0 when none. */
    public long latencyNanos(OpType type, double percentile) {
        Histogram h = latency.get(type);
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile);
    }

    /** Completed operations per second between the first invocation and the last completion. */
    public double throughput() {
        long span = lastNanos - firstNanos;
        return span <= 0 ? 0 : operations() * 1e9 / span;
    }

    public List<FaultWindow> faults() {
        return List.copyOf(faults);
    }
}
