package keystorm.workloads.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.checker.op.CounterOp;
import keystorm.checker.simple.CapacityResult;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.fault.Bug;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.Workloads;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.generator.Generators;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.runner.RunSpec;
import keystorm.workloads.runner.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot-key workload against the engine: 16 clients writing one item as fast as they go for 4 s
 * (2-s windows every second: three windows, each allowed 3,000 writes). The correct engine
 * throttles them to the partition's 1,000 a second plus its bucket; with {@code no-throttle} it
 * accepts every one.
 */
class HotKeyRunTest {
    static final int CONCURRENCY = 16;
    static final Duration TIME = Duration.ofSeconds(4);
    static final WorkloadOptions OPTIONS = new WorkloadOptions(5, 1, new KeyDistribution.Uniform(1), "t-", CONCURRENCY);

    @TempDir
    Path dir;

    RunResult run(EngineConfig config) throws Exception {
        Workload<CounterOp> workload = HotKeyWorkload.of(OPTIONS);
        try (EmbeddedStore store = new EmbeddedStore(() -> new Engine(config))) {
            RunResult result = Runner.run(new RunSpec<>(workload, store, CONCURRENCY, TIME, 0, 1, null, null,
                    dir.resolve(workload.name() + ".jsonl"), Duration.ofSeconds(5)));
            System.out.println(result.check().render());
            return result;
        }
    }

    @Test
    void theWorkloadWritesOneItemAndIsRegistered() {
        assertThat(Generators.take(HotKeyWorkload.generator(), 4, 100)).extracting(i -> i.value())
                .containsOnly(new CounterOp.Add(1));
        assertThat(Workloads.all().get("hot-key").description()).contains("1,000 WCU/s");
        assertThat(HotKeyWorkload.checker().limit()).isEqualTo(3_000);
    }

    @Test
    void noThrottleIsCaught() throws Exception {
        RunResult result = run(EngineConfig.inMemory().withBugs(EnumSet.of(Bug.NO_THROTTLE)));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.check().render()).contains("capacity-exceeded");
        CapacityResult capacity = (CapacityResult) result.check();
        assertThat(capacity.findings()).allSatisfy(w -> assertThat(w.accepted()).isGreaterThan(w.limit()));
        assertThat(result.statistics().count(OpType.FAIL)).isZero();
    }

    @Test
    void theCorrectEngineThrottlesAndIsValid() throws Exception {
        RunResult result = run(EngineConfig.inMemory());
        assertThat(result.validity()).as(result.check().render()).isEqualTo(Validity.VALID);
        CapacityResult capacity = (CapacityResult) result.check();
        assertThat(capacity.windows()).isGreaterThanOrEqualTo(2);
        assertThat(capacity.busiest().accepted()).isPositive().isLessThanOrEqualTo(3_000);
        assertThat(result.statistics().errors(OpType.FAIL)).extracting(Map.Entry::getKey)
                .anySatisfy(error -> assertThat(error).contains("ThrottlingException"));
    }
}
