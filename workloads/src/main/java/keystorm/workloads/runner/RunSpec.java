package keystorm.workloads.runner;

import java.nio.file.Path;
import java.time.Duration;
import keystorm.checker.op.Payload;
import keystorm.workloads.Workload;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Generator;

/**
 * One run: the workload against a store with {@code concurrency} worker threads for
 * {@code timeLimit}, at most {@code rate} operations a second (0: as fast as they complete), while
 * the nemesis follows its schedule (null: no faults); the history is written to {@code history}.
 *
 * @param drainTimeout how long to wait, once generation ends, for operations still running; those
 *     still running after it are left without a completion (indeterminate)
 */
public record RunSpec<P extends Payload, F>(Workload<P> workload, Store store, int concurrency, Duration timeLimit,
                                            double rate, long seed, Nemesis<F> nemesis, Generator<F> nemesisSchedule,
                                            Path history, Duration drainTimeout) {
    public RunSpec {
        if (concurrency < 1 || concurrency > 10_000) {
            throw new IllegalArgumentException("concurrency must be in 1..10000, not " + concurrency);
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive, not " + timeLimit);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be >= 0, not " + rate);
        }
        if ((nemesis == null) != (nemesisSchedule == null)) {
            throw new IllegalArgumentException("a nemesis needs a schedule and a schedule a nemesis");
        }
    }
}
