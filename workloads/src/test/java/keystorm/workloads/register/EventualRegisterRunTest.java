package keystorm.workloads.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.linear.LinearizabilityChecker;
import keystorm.checker.history.OpType;
import keystorm.engine.EngineConfig;
import keystorm.engine.partition.ReplicaLag;
import keystorm.workloads.Runs;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.runner.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventualRegisterRunTest {
    @TempDir
    Path dir;

    static final WorkloadOptions OPTIONS = new WorkloadOptions(23, 3, new KeyDistribution.Uniform(3), "t-", 8);

    static EngineConfig lagging() {
        return EngineConfig.inMemory().withReplicaLag(ReplicaLag.millis(20));
    }

    /**
     * With lagging followers, the client's eventually consistent reads (ConsistentRead=false) see
     * older values: judged as a linearizable register, the same history is invalid.
     */
    @Test
    void eventualReadsOnLaggingReplicasAreStale() throws Exception {
        RunResult result = Runs.run(RegisterWorkload.eventual(OPTIONS), lagging(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(100);
        History history;
        try (Reader reader = Files.newBufferedReader(result.history())) {
            history = JsonlHistory.read(reader);
        }
        Result linear = new LinearizabilityChecker(CheckerOptions.defaults().withModel("register", null).withIndependent(true))
                .check(history);
        assertThat(linear.validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void eventualReadsOnLaggingReplicasAreValid() throws Exception {
        RunResult result = Runs.run(RegisterWorkload.eventual(OPTIONS), lagging(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
    }
}
