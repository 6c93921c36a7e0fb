package keystorm.workloads.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.engine.fault.Bug;
import keystorm.engine.EngineConfig;
import keystorm.engine.partition.ReplicaLag;
import keystorm.workloads.Runs;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.runner.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register workload against the engine's seeded bugs it is meant for: lost-update (the
 * condition of a compare-and-set checked outside the item's lock) and stale-strong-read (with
 * lagging followers, a ConsistentRead served by one of them). Few keys, so operations contend.
 */
class RegisterBugsRunTest {
    @TempDir
    Path dir;

    static WorkloadOptions options(int keys) {
        return new WorkloadOptions(3, keys, new KeyDistribution.Uniform(keys), "t-", 8);
    }

    static EngineConfig lagging() {
        return EngineConfig.inMemory().withReplicaLag(ReplicaLag.millis(5));
    }

    @Test
    void strongReadsOnLaggingReplicasStayLinearizable() throws Exception {
        RunResult result = Runs.run(RegisterWorkload.linearizable(options(3)), lagging(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(100);
    }

    @Test
    void lostUpdateIsCaught() throws Exception {
        RunResult result = Runs.untilInvalid(RegisterWorkload.linearizable(options(3)), Runs.withBugs(Bug.LOST_UPDATE), 8,
                Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.check().render()).containsPattern("linearizable \\(cas-register, \\d+ keys\\): invalid");
    }

    @Test
    void staleStrongReadIsCaught() throws Exception {
        RunResult result = Runs.run(RegisterWorkload.linearizable(options(3)),
                lagging().withBugs(EnumSet.of(Bug.STALE_STRONG_READ)), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.check().render()).containsPattern("linearizable \\(cas-register, \\d+ keys\\): invalid");
    }
}
