package keystorm.workloads.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.checker.op.IdempotencyOp;
import keystorm.engine.fault.Bug;
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

class IdempotencyRunTest {
    @TempDir
    Path dir;

    static final WorkloadOptions OPTIONS = new WorkloadOptions(19, 1, new KeyDistribution.Uniform(1), "t-", 8);

    static List<Long> read(Workload<IdempotencyOp> workload, EmbeddedStore store) {
        return ((IdempotencyOp.Read) workload.client().invoke(store, new IdempotencyOp.Read(null)).payload()).elements();
    }

    @Test
    void aRetryIsANoOpAndAMismatchIsRefused() {
        Workload<IdempotencyOp> workload = IdempotencyWorkload.of(OPTIONS);
        try (EmbeddedStore store = new EmbeddedStore(Engine::new)) {
            workload.client().setup(store);
            assertThat(workload.client().invoke(store, new IdempotencyOp.Submit("t1", 1, 1)).type()).isEqualTo(OpType.OK);
            assertThat(workload.client().invoke(store, new IdempotencyOp.Submit("t1", 1, 2)).type()).isEqualTo(OpType.OK);
            assertThat(workload.client().invoke(store, new IdempotencyOp.Mismatch("t1", 2, null)).payload())
                    .isEqualTo(new IdempotencyOp.Mismatch("t1", 2, true));
            assertThat(read(workload, store)).containsExactly(1L);
        }
    }

    @Test
    void withTokensIgnoredARetryAppliesAgainAndAMismatchApplies() {
        Workload<IdempotencyOp> workload = IdempotencyWorkload.of(OPTIONS);
        try (EmbeddedStore store = new EmbeddedStore(() -> new Engine(Runs.withBugs(Bug.IGNORE_REQUEST_TOKEN)))) {
            workload.client().setup(store);
            workload.client().invoke(store, new IdempotencyOp.Submit("t1", 1, 1));
            workload.client().invoke(store, new IdempotencyOp.Submit("t1", 1, 2));
            assertThat(workload.client().invoke(store, new IdempotencyOp.Mismatch("t1", 2, null)).payload())
                    .isEqualTo(new IdempotencyOp.Mismatch("t1", 2, false));
            assertThat(read(workload, store)).containsExactly(1L, 1L, 2L);
        }
    }

    @Test
    void aRunRetriesAndMismatches() throws Exception {
        RunResult result = Runs.run(IdempotencyWorkload.of(OPTIONS), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(500);
        assertThat(result.validity()).isNotEqualTo(Validity.INVALID);
        List<String> lines = java.nio.file.Files.readAllLines(result.history());
        assertThat(lines).anyMatch(line -> line.contains("\"type\":\"ok\"") && line.contains("\"refused\":true"));
        assertThat(lines).anyMatch(line -> line.contains("\"type\":\"ok\"") && line.contains("\"attempt\":2"));
        assertThat(lines).noneMatch(line -> line.contains("\"refused\":false"));
    }

    @Test
    void theCorrectEngineIsValid() throws Exception {
        RunResult result = Runs.run(IdempotencyWorkload.of(OPTIONS), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void ignoredTokensAreCaught() throws Exception {
        RunResult result = Runs.untilInvalid(IdempotencyWorkload.of(OPTIONS), Runs.withBugs(Bug.IGNORE_REQUEST_TOKEN), 8,
                Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.check().render()).contains("duplicate");
    }
}
