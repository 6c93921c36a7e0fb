package keystorm.workloads.set;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.checker.op.Payload;
import keystorm.checker.op.SetOp;
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

class SetRunTest {
    @TempDir
    Path dir;

    static final WorkloadOptions OPTIONS = new WorkloadOptions(13, 4, new KeyDistribution.Uniform(4), "t-", 8);

    @Test
    void addsLandInTheirSetAndAReadOfASetSeesItsOwn() {
        Workload<Payload.Keyed> set = SetWorkload.of(OPTIONS);
        try (EmbeddedStore store = new EmbeddedStore(Engine::new)) {
            set.client().setup(store);
            for (long e = 0; e < 10; e++) {
                assertThat(set.client().invoke(store, new Payload.Keyed("s" + e % 2, new SetOp.Add(e))).type())
                        .isEqualTo(OpType.OK);
            }
            assertThat(set.client().invoke(store, new Payload.Keyed("s1", new SetOp.Add(3))).type())
                    .as("adding again is a no-op").isEqualTo(OpType.OK);
            Completion<Payload.Keyed> read = set.client().invoke(store, new Payload.Keyed("s1", new SetOp.Read(null)));
            assertThat(read.payload()).isEqualTo(new Payload.Keyed("s1", new SetOp.Read(Set.of(1L, 3L, 5L, 7L, 9L))));
        }
    }

    @Test
    void aRunOnTheCorrectEngineEndsWithFinalReads() throws Exception {
        RunResult result = Runs.run(SetWorkload.of(OPTIONS), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.statistics().count(OpType.OK)).isGreaterThan(500);
        assertThat(result.validity()).isNotEqualTo(Validity.INVALID);
    }

    @Test
    void theCorrectEngineIsValid() throws Exception {
        RunResult result = Runs.run(SetWorkload.of(OPTIONS), EngineConfig.inMemory(), 8, Duration.ofSeconds(1), dir);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
    }
}
