package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ScalarAttributeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /keystorm/faults: engine faults run; the harness's own faults are refused with a reason. */
class AdminTest {
    final Engine engine = new Engine(EngineConfig.inMemory());
    final DynamoServer server = DynamoServer.start(engine, "127.0.0.1", 0, true);
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> fault(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/keystorm/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEngineFaultRuns() throws Exception {
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null), 1);
        HttpResponse<String> response = fault("{\"fault\":\"crash-leader\",\"table\":\"kvs\",\"partition\":0}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"fault\":\"crash-leader\",\"done\":true}");
        assertThat(engine.partitionMetrics("kvs").getFirst().leader()).isNotZero();
    }

    /** After a split the metrics list the current partitions with their ranges and lineage, and the retired one. */
    @Test
    void metricsFollowASplit() throws Exception {
        engine.createTable(CreateTableRequest.onDemand("split", "pk", ScalarAttributeType.S, null, null), 1);
        keystorm.engine.partition.PartitionMap partitions = engine.partitions("split");
        partitions.split(partitions.get(0), Long.MIN_VALUE); // at 8000000000000000, the middle of the hash space
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(server.endpoint() + "/keystorm/metrics?table=split")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertThat(body.get("partitions")).hasSize(2);
        assertThat(body.at("/partitions/0/id").asInt()).isEqualTo(1);
        assertThat(body.at("/partitions/0/parentId").asInt()).isEqualTo(0);
        assertThat(body.at("/partitions/0/lowHash").asText()).isEqualTo("0");
        assertThat(body.at("/partitions/0/highHash").asText()).isEqualTo("8000000000000000");
        assertThat(body.at("/partitions/1/index").asInt()).isEqualTo(1);
        assertThat(body.at("/partitions/1/lowHash").asText()).isEqualTo("8000000000000000");
        assertThat(body.at("/partitions/1/highHash").asText()).isEqualTo("10000000000000000");
        assertThat(body.get("retiredPartitions")).hasSize(1);
        assertThat(body.at("/retiredPartitions/0/id").asInt()).isEqualTo(0);
        assertThat(body.at("/retiredPartitions/0/index").asInt()).isEqualTo(-1);
        assertThat(body.at("/partitions/0/hotKeyIsolated").asBoolean()).isFalse();
    }

    @Test
    void processAndNetworkFaultsAreTheHarnesssToRun() throws Exception {
        HttpResponse<String> kill = fault("{\"fault\":\"kill\"}");
        assertThat(kill.statusCode()).isEqualTo(400);
        assertThat(kill.body()).contains("fault kill acts on the server's process").contains("cannot run it on itself");
        HttpResponse<String> delay = fault("{\"fault\":\"net-delay\",\"delayMillis\":5,\"jitterMillis\":0}");
        assertThat(delay.statusCode()).isEqualTo(400);
        assertThat(delay.body()).contains("TCP proxy").contains("cannot run it on itself");
    }

    @Test
    void aBadBodyIsA400NamingTheField() throws Exception {
        HttpResponse<String> response = fault("{\"fault\":\"squeeze\",\"table\":\"T\",\"partition\":0}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"fault squeeze: field 'fraction' takes a number in (0, 1], not missing\"}");
        assertThat(fault("{\"fault\":\"crash-leader\",\"table\":\"missing\",\"partition\":0}").statusCode()).isEqualTo(400);
        assertThat(fault("not json").statusCode()).isEqualTo(400);
    }
}
