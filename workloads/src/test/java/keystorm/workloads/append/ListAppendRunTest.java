package keystorm.workloads.append;

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

class ListAppendRunTest {
    @TempDir
    Path dir;

    static WorkloadOptions options(int keys) {
        return new WorkloadOptions(7, keys, new KeyDistribution.Uniform(keys), "t-", 8);
    }

    @Test
    void theCorrectEngineIsStrictSerializable() throws Exception {
        RunResult result = Runs.run(ListAppendWorkload.of(options(8)), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(500);
    }

    @Test
    void singleOperationsOnTheCorrectEngineAreStrictSerializable() throws Exception {
        RunResult result = Runs.run(ListAppendWorkload.single(options(8)), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(500);
    }

    @Test
    void tornTransactionsAreCaught() throws Exception {
        RunResult result = Runs.untilInvalid(ListAppendWorkload.of(options(4)), Runs.withBugs(Bug.TORN_TRANSACTION), 8,
                Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        // Appends applied one by one interleave (G0, write cycles) and are read half done (G-single, G1c).
        assertThat(result.check().render()).containsAnyOf("G0", "G1c", "G-single");
    }

    @Test
    void dirtyTransactGetIsCaught() throws Exception {
        RunResult result = Runs.untilInvalid(ListAppendWorkload.of(options(4)), Runs.withBugs(Bug.DIRTY_TRANSACT_GET), 8,
                Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        // A read-only transaction that sees one key of a write-only one and misses another: read skew.
        assertThat(result.check().render()).contains("G-single");
    }
}
