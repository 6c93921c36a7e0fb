package keystorm.workloads.counter;

import java.time.Duration;
import keystorm.checker.op.CounterOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.simple.CapacityChecker;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Generators;

/**
 * A hot item: every client writes {@code UpdateItem ADD #c :d} with {@code :d = 1} to the one
 * item {@code {k: "counter"}} of an on-demand table, as fast as it goes, and nothing else. Each
 * write is one write unit (the item stays a few bytes), and an item lives on one partition, so
 * however the on-demand table scales, DynamoDB accepts them at no more than the partition's
 * 1,000 WCU a second plus what its burst bucket holds (never above one second of the ceiling);
 * the rest are throttled ({@code ThrottlingException}: a fail, nothing consumed). The
 * {@code capacity} checker counts the writes that provably went through inside each window.
 *
 * <p>Windows of 2 s, every second: the limit is 1,000 x 2 + 1,000 = 3,000 writes a window. The
 * bound holds for any window length (the bucket holds at most 1,000 when a window opens and
 * refills 1,000 a second inside it); a shorter window only weighs the bucket more against the
 * rate, and lets a run of 3 s or more be judged, where the checker's default 10-s windows need
 * over 10 s. A store that does not throttle (the engine's {@code no-throttle} bug, DynamoDB
 * Local) accepts as fast as the clients go, thousands a second per client, far past it.
 * Re-judging a recorded history with {@code keystorm check --checker capacity} uses the default
 * 10-s windows, and is UNKNOWN for runs shorter than that.
 *
 * <p>It reuses the counter workload's client (its ADD with a delta of 1); there are no reads,
 * since the checker has nothing to bound with them.
 */
public final class HotKeyWorkload {
    static final String NAME = "hot-key";
    /** One partition's write ceiling and the bucket the engine keeps for it. */
    static final long UNITS_PER_SECOND = 1_000;
    static final long BURST_UNITS = 1_000;
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final Duration STEP = Duration.ofSeconds(1);

    private static final CounterOp.Add ONE = new CounterOp.Add(1);

    private HotKeyWorkload() {
    }

    public static Workload<CounterOp> of(WorkloadOptions options) {
        return new Workload<>(NAME, OpJson.Family.COUNTER, false, generator(), null,
                new CounterWorkload.CounterClient(options.table(NAME)), checker());
    }

    static CapacityChecker checker() {
        return new CapacityChecker(UNITS_PER_SECOND, BURST_UNITS, WINDOW, STEP);
    }

    /** Without end, the same write on every free thread at once: it draws nothing, so the seed changes nothing. */
    static Generator<CounterOp> generator() {
        return Generators.random(0, random -> ONE);
    }
}
