package keystorm.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;
import keystorm.workloads.bench.TableMode;
import keystorm.workloads.keys.KeyDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load phase and the feeders' bodies against a real keystorm serve (in-process, as a simulation
 * without -Dtarget starts one): the server accepts every body and answers with the items written.
 */
class LoadPhaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Items ITEMS = new Items(10, 100);
    private static Endpoint endpoint;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        endpoint = Endpoint.open(null);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        endpoint.close();
    }

    private static HttpResponse<String> send(Request request) throws Exception {
        return client.send(HttpRequest.newBuilder(endpoint.uri().resolve("/"))
                .header("Content-Type", Wire.CONTENT_TYPE)
                .header("X-Amz-Target", request.operation().target())
                .header("Authorization", Wire.AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofString(request.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static LoadPhase.Summary load(String table, Records records, TableMode mode) {
        SplittableRandom values = new SplittableRandom(1);
        try (LoadPhase load = new LoadPhase(endpoint.uri())) {
            return load.run(table, mode, records.count(), r -> new Request(Operation.PutItem,
                    DynamoJson.putItem(table, records.home(r), ITEMS.all(values))), 8);
        }
    }

    @Test
    void ycsbRecordsAreLoadedAndEveryOperationOfTheFeederSucceeds() throws Exception {
        Records records = new Records(200, 200, "user", Strategies.parse("natural"));
        LoadPhase.Summary summary = load("ycsb_t", records, new TableMode.OnDemand());
        assertThat(summary.created()).isTrue();
        assertThat(summary.items()).isEqualTo(200);

        YcsbFeeder feeder = new YcsbFeeder("ycsb_t", records, KeyDistribution.parse("zipf:0.99", 200),
                YcsbWorkload.F, ITEMS, false, 2);
        for (int i = 0; i < 100; i++) {
            Cycle cycle = feeder.nextCycle();
            HttpResponse<String> read = send(cycle.read());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode item = JSON.readTree(read.body()).get("Item");
            assertThat(item).as("a loaded record is found: " + cycle.read().body()).isNotNull();
            assertThat(item.get("field9").get("S").asText()).hasSize(100);
            if (cycle.write() != null) {
                HttpResponse<String> write = send(cycle.write());
                assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void aRandomSuffixReadFindsItsItemInABatchGet() throws Exception {
        Records records = new Records(100, 10, "key", Strategies.parse("suffix:5"));
        load("hot_t", records, TableMode.parse("provisioned:1000:1000"));
        HotKeyFeeder feeder = new HotKeyFeeder("hot_t", records, KeyDistribution.parse("hotspot:0.1:0.9", 10), 0.5,
                ITEMS, 3, () -> 0L);
        int reads = 0;
        for (int i = 0; i < 100; i++) {
            Cycle cycle = feeder.nextCycle();
            Request request = cycle.read() != null ? cycle.read() : cycle.write();
            HttpResponse<String> response = send(request);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (cycle.read() != null) {
                reads++;
                JsonNode found = JSON.readTree(response.body()).get("Responses").get("hot_t");
                assertThat(found.size()).as("exactly one of the 5 shards holds it: " + response.body()).isEqualTo(1);
            }
        }
        assertThat(reads).isBetween(30, 70);
    }

    @Test
    void aTableThatExistsIsKeptAndAnotherErrorStopsTheLoad() {
        Records records = new Records(10, 10, "user", Strategies.parse("natural"));
        load("again_t", records, new TableMode.OnDemand());
        assertThat(load("again_t", records, new TableMode.OnDemand()).created()).isFalse();
        try (LoadPhase load = new LoadPhase(endpoint.uri())) {
            assertThatThrownBy(() -> load.run("broken_t", new TableMode.OnDemand(), 3,
                    r -> new Request(Operation.PutItem, "{\"TableName\":\"broken_t\",\"Item\":{}}"), 2))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("ValidationException");
        }
    }

    @Test
    void anUnreachableTargetIsNamed() {
        try (LoadPhase load = new LoadPhase(URI.create("http://127.0.0.1:1"))) {
            assertThatThrownBy(() -> load.run("t_x", new TableMode.OnDemand(), 1, r -> null, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("127.0.0.1:1");
        }
    }
}
