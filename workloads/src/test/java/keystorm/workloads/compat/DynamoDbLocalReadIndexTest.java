package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import keystorm.checker.Validity;
import keystorm.checker.simple.EventualRegisterResult;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.client.Targets;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.runner.TestConfig;
import keystorm.workloads.runner.TestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystorm test --workload eventual-register --read-index --target URL} against DynamoDB
 * Local (in this process, in memory), as the command builds it: the table is created with its
 * global secondary index through the SDK, reads are Queries of the index, and DynamoDB Local,
 * which updates an index with its table (it "never delays an index"), shows no stale read.
 */
class DynamoDbLocalReadIndexTest {
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

    @Test
    void dynamoDbLocalsIndexIsNeverStale() throws Exception {
        TestConfig config = new TestConfig("eventual-register", new Targets.Target.Endpoint(URI.create(peers.localEndpoint())),
                List.of(), Duration.ofSeconds(5), Duration.ofSeconds(4), 4, 300, 5, "uniform", 3, Set.of(), null, dir,
                false, 0, SyncPolicy.ALWAYS, List.of(), "us-east-1", false, true, 0);
        RunResult result = TestRun.run(config, dir.resolve("run"));
        System.out.println("DynamoDB Local, eventual-register --read-index:\n" + result.render());
        EventualRegisterResult check = (EventualRegisterResult) result.check();
        assertThat(check.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(check.reads()).isGreaterThan(10);
        assertThat(check.stalenessVersions().count()).as(result.render()).isZero();
        // the run's tables are gone (no --keep-tables), the index with them
        assertThat(peers.localClient.listTables().tableNames()).noneMatch(name -> name.contains("eventual-register"));
    }
}
