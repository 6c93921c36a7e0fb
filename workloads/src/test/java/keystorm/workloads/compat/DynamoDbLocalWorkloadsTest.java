package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.Workloads;
import keystorm.workloads.client.SdkStore;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.runner.RunSpec;
import keystorm.workloads.runner.Runner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * keystorm's workloads through SdkStore against DynamoDB Local (in memory, in this process on a
 * loopback port, telemetry off): a real third-party implementation, judged by the same checkers.
 * Each history is kept in /tmp whatever the verdict, for a person to read.
 */
class DynamoDbLocalWorkloadsTest {
    private static Peers peers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        peers = new Peers();
    }

    @AfterAll
    static void stop() throws Exception {
        peers.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"register", "set", "counter", "list-append", "bank"})
    void isJudged(String name) throws Exception {
        WorkloadOptions options = new WorkloadOptions(11, 10, new KeyDistribution.Uniform(10), "ddbl-" + name + "-", 8);
        Workload<?> workload = Workloads.create(name, options);
        try (SdkStore store = new SdkStore(URI.create(peers.localEndpoint()))) {
            RunResult result = Runner.run(new RunSpec<>(workload, store, 8, Duration.ofSeconds(3), 0, 11, null, null,
                    dir.resolve("history.jsonl"), Duration.ofSeconds(10)));
            System.out.println("DynamoDB Local, " + name + ":\n" + result.render());
            Path kept = Path.of("/tmp", "keystorm-dynamodb-local-" + name + "-" + result.validity() + ".jsonl");
            Files.copy(result.history(), kept, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("history kept at " + kept);
            // a verdict on something: at least one completed operation per worker (a build sharing two
            // cores with three others saw 8 in the 3 s, against a few hundred on an idle machine)
            assertThat(result.statistics().count(OpType.OK)).isGreaterThanOrEqualTo(8);
            assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        }
    }
}
