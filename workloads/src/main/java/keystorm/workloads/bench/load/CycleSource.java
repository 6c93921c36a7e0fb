package keystorm.workloads.bench.load;

import java.util.concurrent.CompletableFuture;
import keystorm.workloads.bench.BenchOutcome;

/**
 * What the load generator runs: cycle {@code n} (0, 1, 2, ...) is one logical operation of the
 * workload (NoSQLBench's cycles), started at its intended time. The same cycle number gives the
 * same operation, so a run is repeatable and shards ({@code --shard i/N}) split the cycles
 * between them without overlap.
 */
public interface CycleSource {
    /** The operation names, in the order {@link Started#op} indexes them: {@code read}, {@code update}... */
    java.util.List<String> operations();

    /**
     * Starts cycle {@code cycle}, whose intended start was {@code intendedNanos} (System.nanoTime).
     * A logical operation that takes several requests (a read under {@code suffix:N}) completes
     * when the last does, with the merged outcome.
     */
    Started start(long cycle, long intendedNanos);

    /**
     * The key a record number of {@link Started#record} names, as a history sample writes it (only
     * for the cycles kept, after the run: the hot path carries a number, not a string); null for none.
     */
    default String key(long record) {
        return record < 0 ? null : Long.toString(record);
    }

    /**
     * A started cycle: which operation it is, when it completes, and the record it concerns
     * ({@link #key} names it), or -1 when none or not known.
     */
    record Started(int op, CompletableFuture<BenchOutcome> done, long record) {
        public Started(int op, CompletableFuture<BenchOutcome> done) {
            this(op, done, -1);
        }
    }
}
