package keystorm.workloads.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.checker.op.CounterOp;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.workloads.Runs;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.runner.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterRunTest {
    @TempDir
    Path dir;

    static final WorkloadOptions OPTIONS = new WorkloadOptions(17, 1, new KeyDistribution.Uniform(1), "t-", 8);

    @Test
    void addsAccumulateAndAnUnwrittenCounterReadsZero() {
        Workload<CounterOp> counter = CounterWorkload.of(OPTIONS);
        try (EmbeddedStore store = new EmbeddedStore(Engine::new)) {
            counter.client().setup(store);
            assertThat(counter.client().invoke(store, new CounterOp.Read(null)).payload()).isEqualTo(new CounterOp.Read(0L));
            counter.client().invoke(store, new CounterOp.Add(3));
            counter.client().invoke(store, new CounterOp.Add(4));
            assertThat(counter.client().invoke(store, new CounterOp.Read(null)).payload()).isEqualTo(new CounterOp.Read(7L));
        }
    }

    @Test
    void aRunOnTheCorrectEngine() throws Exception {
        RunResult result = Runs.run(CounterWorkload.of(OPTIONS), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(500);
        assertThat(result.validity()).isNotEqualTo(Validity.INVALID);
    }

    @Test
    void theCorrectEngineIsValid() throws Exception {
        RunResult result = Runs.run(CounterWorkload.of(OPTIONS), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
    }
}
