package keystorm.workloads.runner;

import java.nio.file.Path;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;

/**
 * A finished run: the checker's verdict and findings, what was counted, and where the history is.
 *
 * @param abandoned operations still running when the run gave up waiting (left indeterminate)
 * @param durability the kill -9 / restart figures, or null for a run without kills
 */
public record RunResult(String workload, long seed, Result check, RunStatistics statistics, Path history,
                        int abandoned, long wallNanos, Durability durability) {
    public RunResult(String workload, long seed, Result check, RunStatistics statistics, Path history, int abandoned,
                     long wallNanos) {
        this(workload, seed, check, statistics, history, abandoned, wallNanos, null);
    }

    public Validity validity() {
        return check.validity();
    }

    /** The summary a person reads: operations by outcome, latency, faults, the verdict and why. */
    public String render() {
        StringBuilder out = new StringBuilder();
        RunStatistics s = statistics;
        out.append(String.format("%s: %,d operations in %.1f s (%,.0f/s): %,d ok, %,d fail, %,d info%s%n", workload,
                s.operations(), wallNanos / 1e9, s.throughput(), s.count(OpType.OK), s.count(OpType.FAIL),
                s.count(OpType.INFO), abandoned == 0 ? "" : ", " + abandoned + " never completed"));
        for (OpType type : java.util.List.of(OpType.FAIL, OpType.INFO)) {
            java.util.List<java.util.Map.Entry<String, Long>> errors = s.errors(type);
            if (!errors.isEmpty()) {
                StringBuilder line = new StringBuilder("  " + type.word() + ":");
                for (int i = 0; i < Math.min(4, errors.size()); i++) {
                    line.append(i == 0 ? " " : ", ").append(String.format("%,d", errors.get(i).getValue())).append(' ')
                            .append(errors.get(i).getKey());
                }
                out.append(line).append(errors.size() > 4 ? ", ..." : "").append('\n');
            }
        }
        out.append(String.format("latency (ok) ms: p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f%n",
                s.latencyNanos(OpType.OK, 50) / 1e6, s.latencyNanos(OpType.OK, 99) / 1e6,
                s.latencyNanos(OpType.OK, 99.9) / 1e6, s.latencyNanos(OpType.OK, 100) / 1e6));
        if (!s.faults().isEmpty()) {
            out.append(String.format("faults: %d operations of the nemesis%n", s.faults().size()));
        }
        if (durability != null) {
            out.append(durability.line()).append('\n');
        }
        out.append(check.render().stripTrailing()).append('\n');
        out.append("history: ").append(history).append('\n');
        return out.toString();
    }
}
