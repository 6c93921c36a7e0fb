package keystorm.workloads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.server.DynamoServer;
import keystorm.workloads.bench.BenchOutcome.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP bench client must do, against {@code keystorm serve}'s server in this process
 * (throttling on) and against bare servers that break the protocol's promises.
 */
abstract class BenchClientContract {
    static Engine engine;
    static DynamoServer server;

    /** A client of {@code endpoint} whose requests time out after {@code timeout}. */
    abstract BenchClient client(URI endpoint, Duration timeout);

    @BeforeAll
    static void serve() {
        engine = new Engine(EngineConfig.inMemory());
        server = DynamoServer.start(engine, "127.0.0.1", 0, false);
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    static URI endpoint() {
        return URI.create(server.endpoint());
    }

    static BenchOutcome run(BenchClient client, BenchRequest request) {
        return client.execute(request).orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void everyKindOfRequestIsOkWithItsUnitsAndCounts() {
        try (BenchClient client = client(endpoint(), Duration.ofSeconds(10))) {
            client.createTable("kinds", new TableMode.OnDemand());
            for (int i = 1; i <= 3; i++) {
                BenchOutcome put = run(client, new BenchRequest.Put("kinds", new BenchKey("p1", "s" + i),
                        Map.of("field0", "v" + i, "field1", "w" + i)));
                assertThat(put).isEqualTo(BenchOutcome.ok(0, 1, 0));
            }
            assertThat(run(client, new BenchRequest.Get("kinds", new BenchKey("p1", "s1"), false)))
                    .isEqualTo(BenchOutcome.ok(0.5, 0, 1));
            assertThat(run(client, new BenchRequest.Get("kinds", new BenchKey("p1", "s1"), true)))
                    .isEqualTo(BenchOutcome.ok(1, 0, 1));
            assertThat(run(client, new BenchRequest.Get("kinds", new BenchKey("p1", "nothing"), true)))
                    .isEqualTo(BenchOutcome.ok(1, 0, 0));
            assertThat(run(client, new BenchRequest.Update("kinds", new BenchKey("p1", "s2"), "field0", "new")))
                    .isEqualTo(BenchOutcome.ok(0, 1, 0));
            BenchOutcome query = run(client, new BenchRequest.Query("kinds", "p1", 0, true));
            assertThat(query.kind()).isEqualTo(Kind.OK);
            assertThat(query.items()).isEqualTo(3);
            assertThat(query.readUnits()).isEqualTo(1);
            assertThat(run(client, new BenchRequest.Query("kinds", "p1", 2, false)).items()).isEqualTo(2);
            assertThat(run(client, new BenchRequest.Query("kinds", "p2", 0, false)).items()).isZero();
            BenchOutcome scan = run(client, new BenchRequest.Scan("kinds", null, 0));
            assertThat(scan.kind()).isEqualTo(Kind.OK);
            assertThat(scan.items()).isEqualTo(3);
            assertThat(scan.readUnits()).isGreaterThan(0);
            assertThat(run(client, new BenchRequest.Scan("kinds", new BenchKey("p1", "s1"), 1)).items()).isEqualTo(1);
            BenchOutcome batch = run(client, new BenchRequest.BatchGet("kinds",
                    List.of(new BenchKey("p1", "s1"), new BenchKey("p1", "s3"), new BenchKey("p9", "s1")), false));
            assertThat(batch.kind()).isEqualTo(Kind.OK);
            assertThat(batch.items()).isEqualTo(2);
            assertThat(batch.readUnits()).isGreaterThan(0);
            client.deleteTable("kinds");
            client.deleteTable("kinds"); // gone already: fine
        }
    }

    @Test
    void writesBeyondATinyProvisionedTablesBurstAreThrottled() {
        try (BenchClient client = client(endpoint(), Duration.ofSeconds(10))) {
            client.createTable("tiny", new TableMode.Provisioned(1, 1));
            BenchOutcome last = null;
            int ok = 0;
            for (int i = 0; i < 5_000 && (last == null || last.kind() == Kind.OK); i++) {
                last = run(client, new BenchRequest.Put("tiny", new BenchKey("p", "s" + i), Map.of("f", "v")));
                ok += last.kind() == Kind.OK ? 1 : 0;
            }
            assertThat(last.kind()).isEqualTo(Kind.THROTTLED);
            assertThat(last.errorType()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(last.writeUnits()).isZero();
            assertThat(ok).isGreaterThan(0);
            client.deleteTable("tiny");
        }
    }

    @Test
    void aRequestTheStoreRefusesFails() {
        try (BenchClient client = client(endpoint(), Duration.ofSeconds(10))) {
            BenchOutcome missing = run(client, new BenchRequest.Get("no-such-table", new BenchKey("p", "s"), false));
            assertThat(missing).isEqualTo(BenchOutcome.failed("ResourceNotFoundException"));
        }
    }

    @Test
    void aConnectionClosedMidRequestIsIndeterminate() throws Exception {
        try (BareServer bare = BareServer.closing(); BenchClient client = client(bare.endpoint(), Duration.ofSeconds(10))) {
            BenchOutcome outcome = run(client, new BenchRequest.Put("t", new BenchKey("p", "s"), Map.of()));
            assertThat(outcome.kind()).isEqualTo(Kind.INDETERMINATE);
            assertThat(bare.requests.get()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aRequestNotAnsweredInTimeIsIndeterminate() throws Exception {
        try (BareServer bare = BareServer.silent(); BenchClient client = client(bare.endpoint(), Duration.ofMillis(300))) {
            long start = System.nanoTime();
            BenchOutcome outcome = run(client, new BenchRequest.Get("t", new BenchKey("p", "s"), false));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(outcome.kind()).isEqualTo(Kind.INDETERMINATE);
            assertThat(elapsedMillis).isBetween(250L, 5_000L);
            assertThat(bare.requests.get()).isEqualTo(1);
        }
    }

    @Test
    void aServerErrorIsIndeterminateAndAThrottleIsThrottled() throws Exception {
        String internal = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"boom\"}";
        try (BareServer bare = BareServer.fixed(500, internal); BenchClient client = client(bare.endpoint(), Duration.ofSeconds(10))) {
            BenchOutcome outcome = run(client, new BenchRequest.Get("t", new BenchKey("p", "s"), false));
            assertThat(outcome.kind()).isEqualTo(Kind.INDETERMINATE);
            assertThat(outcome.errorType()).contains("500");
        }
        String throttle = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"slow down\"}";
        try (BareServer bare = BareServer.fixed(400, throttle); BenchClient client = client(bare.endpoint(), Duration.ofSeconds(10))) {
            BenchOutcome outcome = run(client, new BenchRequest.Get("t", new BenchKey("p", "s"), false));
            assertThat(outcome).isEqualTo(BenchOutcome.throttled("ThrottlingException"));
        }
    }
}
