package keystorm.workloads.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.checker.op.BankOp;
import keystorm.engine.fault.Bug;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.workloads.Runs;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.runner.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankRunTest {
    @TempDir
    Path dir;

    static final WorkloadOptions OPTIONS = new WorkloadOptions(11, 4, new KeyDistribution.Uniform(4), "t-", 8);

    @Test
    void transfersMoveMoneyAndOverdraftsFail() {
        Workload<BankOp> bank = BankWorkload.of(OPTIONS);
        try (EmbeddedStore store = new EmbeddedStore(Engine::new)) {
            bank.client().setup(store);
            assertThat(bank.client().invoke(store, new BankOp.Transfer("a0", "a1", 5)).type()).isEqualTo(OpType.OK);
            Completion<BankOp> overdraft = bank.client().invoke(store, new BankOp.Transfer("a2", "a3", 101));
            assertThat(overdraft.type()).isEqualTo(OpType.FAIL);
            assertThat(overdraft.error()).isEqualTo("TransactionCanceledException");
            Map<String, Long> expected = Map.of("a0", 95L, "a1", 105L, "a2", 100L, "a3", 100L);
            for (BankOp.ReadKind how : BankOp.ReadKind.values()) {
                Completion<BankOp> read = bank.client().invoke(store, new BankOp.Read(how, null));
                assertThat(read.type()).isEqualTo(OpType.OK);
                assertThat(((BankOp.Read) read.payload()).balances()).as("%s read", how).isEqualTo(expected);
            }
        }
    }

    @Test
    void aRunOnTheCorrectEngineKeepsTheTotal() throws Exception {
        RunResult result = Runs.run(BankWorkload.of(OPTIONS), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(500);
        assertThat(result.validity()).isNotEqualTo(Validity.INVALID);
        List<String> lines = java.nio.file.Files.readAllLines(result.history());
        assertThat(lines).anyMatch(line -> line.contains("\"type\":\"ok\"") && line.contains("\"f\":\"scan\""));
    }

    @Test
    void theCorrectEngineIsValid() throws Exception {
        RunResult result = Runs.run(BankWorkload.of(OPTIONS), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void tornTransactionsAreCaught() throws Exception {
        RunResult result = Runs.untilInvalid(BankWorkload.of(OPTIONS), Runs.withBugs(Bug.TORN_TRANSACTION), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.check().render()).containsAnyOf("wrong-total", "negative-value");
    }

    @Test
    void dirtyTransactGetIsCaught() throws Exception {
        RunResult result = Runs.untilInvalid(BankWorkload.of(OPTIONS), Runs.withBugs(Bug.DIRTY_TRANSACT_GET), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.check().render()).contains("wrong-total");
    }
}
