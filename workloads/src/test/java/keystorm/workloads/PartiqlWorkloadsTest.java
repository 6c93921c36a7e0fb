package keystorm.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.engine.EngineConfig;
import keystorm.engine.fault.Bug;
import keystorm.workloads.bank.BankWorkload;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.register.RegisterWorkload;
import keystorm.workloads.runner.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --api partiql} on the embedded engine: register and bank through ExecuteStatement and ExecuteTransaction
 * are judged valid on the correct engine, and a seeded bug is still caught through the PartiQL path.
 */
class PartiqlWorkloadsTest {
    @TempDir
    Path dir;

    static WorkloadOptions options(int keys) {
        return new WorkloadOptions(5, keys, new KeyDistribution.Uniform(keys), "p-", 8).withApi(Api.PARTIQL);
    }

    @Test
    void registerThroughPartiqlIsLinearizable() throws Exception {
        RunResult result = Runs.run(RegisterWorkload.linearizable(options(3)), EngineConfig.inMemory(), 8,
                Duration.ofSeconds(1), dir);
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(100);
        // compare-and-sets that found another value failed (ConditionalCheckFailed), they were not lost as info
        assertThat(result.statistics().count(OpType.FAIL)).isGreaterThan(0);
        assertThat(result.statistics().count(OpType.INFO)).isZero();
    }

    @Test
    void bankThroughPartiqlKeepsItsTotal() throws Exception {
        RunResult result = Runs.run(BankWorkload.of(options(4)), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(50);
        assertThat(result.statistics().count(OpType.INFO)).isZero();
    }

    @Test
    void lostUpdateIsCaughtThroughPartiql() throws Exception {
        RunResult result = Runs.untilInvalid(RegisterWorkload.linearizable(options(3)), Runs.withBugs(Bug.LOST_UPDATE), 8,
                Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.check().render()).containsPattern("linearizable \\(cas-register, \\d+ keys\\): invalid");
    }

    @Test
    void otherWorkloadsRefusePartiqlNamingTheFlag() {
        for (String name : Workloads.names()) {
            if (Api.PARTIQL_WORKLOADS.contains(name)) {
                continue;
            }
            assertThatThrownBy(() -> Workloads.create(name, options(4))).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--api partiql")
                    .hasMessageContaining("--workload " + name);
        }
        assertThat(Api.parse("item")).isEqualTo(Api.ITEM);
        assertThatThrownBy(() -> Api.parse("sql")).hasMessage("--api takes item or partiql; not 'sql'");
    }
}
