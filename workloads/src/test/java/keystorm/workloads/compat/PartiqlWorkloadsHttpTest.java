package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.workloads.Api;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --api partiql} over HTTP through SdkStore: register and bank against DynamoDB Local and against
 * {@code keystorm serve}'s server, judged valid by the same checkers as the item API's runs.
 */
class PartiqlWorkloadsHttpTest {
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
    @CsvSource({"register, local", "bank, local", "register, keystorm", "bank, keystorm"})
    void isJudgedValid(String name, String where) throws Exception {
        WorkloadOptions options = new WorkloadOptions(13, 6, new KeyDistribution.Uniform(6), "pq-" + name + "-", 6)
                .withApi(Api.PARTIQL);
        Workload<?> workload = Workloads.create(name, options);
        String endpoint = where.equals("local") ? peers.localEndpoint() : peers.keystorm.endpoint();
        try (SdkStore store = new SdkStore(URI.create(endpoint))) {
            RunResult result = Runner.run(new RunSpec<>(workload, store, 6, Duration.ofSeconds(2), 0, 13, null, null,
                    dir.resolve("history.jsonl"), Duration.ofSeconds(10)));
            assertThat(result.statistics().count(OpType.OK)).as(result.render()).isGreaterThanOrEqualTo(6);
            assertThat(result.statistics().count(OpType.INFO)).as(result.render()).isZero();
            assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        }
    }
}
