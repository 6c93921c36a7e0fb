package keystorm.workloads.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.server.DynamoServer;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.register.RegisterWorkload;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.runner.RunSpec;
import keystorm.workloads.runner.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The register workload end to end over HTTP: SdkStore against {@code keystorm serve}'s server in this process. */
class SdkStoreRunTest {
    @TempDir
    Path dir;

    @Test
    void theRegisterOverKeystormServeIsLinearizable() throws Exception {
        WorkloadOptions options = new WorkloadOptions(7, 10, new KeyDistribution.Uniform(10), "sdk-", 8);
        try (Engine engine = new Engine(EngineConfig.inMemory());
             DynamoServer server = DynamoServer.start(engine, "127.0.0.1", 0, false);
             SdkStore store = new SdkStore(URI.create(server.endpoint()))) {
            RunResult result = Runner.run(new RunSpec<>(RegisterWorkload.linearizable(options), store, 8,
                    Duration.ofSeconds(2), 0, 7, null, null, dir.resolve("history.jsonl"), Duration.ofSeconds(10)));
            System.out.println(result.render());
            assertThat(result.validity()).isEqualTo(Validity.VALID);
            assertThat(result.statistics().count(OpType.OK)).isGreaterThan(100);
            assertThat(result.statistics().count(OpType.INFO)).isZero();
            assertThat(result.abandoned()).isZero();
        }
    }
}
