package keystorm.workloads.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.engine.fault.Bug;
import keystorm.engine.EngineConfig;
import keystorm.workloads.Runs;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.runner.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RwRegisterRunTest {
    @TempDir
    Path dir;

    static WorkloadOptions options(int keys) {
        return new WorkloadOptions(5, keys, new KeyDistribution.Uniform(keys), "t-", 8);
    }

    @Test
    void theCorrectEngineIsStrictSerializable() throws Exception {
        RunResult result = Runs.run(RwRegisterWorkload.of(options(8)), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(500);
    }

    @Test
    void tornTransactionsAreCaught() throws Exception {
        RunResult result = Runs.untilInvalid(RwRegisterWorkload.of(options(4)), Runs.withBugs(Bug.TORN_TRANSACTION), 8,
                Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
    }
}
