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

    /** A started cycle: which operation it is and when it completes. */
    record Started(int op, CompletableFuture<BenchOutcome> done) {
    }
}
