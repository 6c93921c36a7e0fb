package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.SdkStore;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.register.RegisterWorkload;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.runner.RunSpec;
import keystorm.workloads.runner.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register workload through SdkStore against DynamoDB Local (in memory, in this process,
 * telemetry off): a real third-party implementation judged by the linearizability checker.
 * The history is kept in /tmp whatever the verdict, for a person to read.
 */
class DynamoDbLocalRegisterTest {
    @TempDir
    Path dir;

    @Test
    void theRegisterOverDynamoDbLocal() throws Exception {
        WorkloadOptions options = new WorkloadOptions(11, 10, new KeyDistribution.Uniform(10), "ddbl-", 8);
        try (Peers peers = new Peers(); SdkStore store = new SdkStore(URI.create(peers.localEndpoint()))) {
            RunResult result = Runner.run(new RunSpec<>(RegisterWorkload.linearizable(options), store, 8,
                    Duration.ofSeconds(3), 0, 11, null, null, dir.resolve("history.jsonl"), Duration.ofSeconds(10)));
            System.out.println(result.render());
            Path kept = Path.of("/tmp", "keystorm-dynamodb-local-register-" + result.validity() + ".jsonl");
            Files.copy(result.history(), kept, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("history kept at " + kept);
            assertThat(result.statistics().count(OpType.OK)).isGreaterThan(50);
            assertThat(result.validity()).isEqualTo(Validity.VALID);
        }
    }
}
