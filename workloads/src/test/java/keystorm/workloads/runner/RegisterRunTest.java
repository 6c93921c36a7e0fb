package keystorm.workloads.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.fault.Bug;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.register.RegisterWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterRunTest {
    @TempDir
    Path dir;

    @Test
    void theCorrectEngineIsLinearizable() throws Exception {
        WorkloadOptions options = new WorkloadOptions(1, 10, new KeyDistribution.Uniform(10), "t-", 8);
        try (EmbeddedStore store = new EmbeddedStore(Engine::new)) {
            RunResult result = Runner.run(new RunSpec<>(RegisterWorkload.linearizable(options), store, 8,
                    Duration.ofSeconds(1), 0, 1, null, null, dir.resolve("history.jsonl"), Duration.ofSeconds(5)));
            System.out.println(result.render());
            assertThat(result.validity()).isEqualTo(Validity.VALID);
            assertThat(result.statistics().count(OpType.OK)).isGreaterThan(100);
        }
    }
}
