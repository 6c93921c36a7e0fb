package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UpdateTimeToLive and DescribeTimeToLive spoken raw, and what the server says of DynamoDB Streams while the
 * engine serves none: an enabled StreamSpecification is a ValidationException and the Streams operations
 * are UnknownOperationException (a 400 the SDKs do not retry), never a 500 or a table silently without one.
 */
class TimeToLiveServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static DynamoServer server;

    @BeforeAll
    static void start() throws Exception {
        server = DynamoServer.start(new Engine(EngineConfig.inMemory().withClock(new ManualClock())), "127.0.0.1", 0,
                false);
        ok("DynamoDB_20120810.CreateTable", "{\"TableName\":\"sessions\",\"AttributeDefinitions\":"
                + "[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"id\","
                + "\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String target, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(String target, String body) throws Exception {
        HttpResponse<String> response = post(target, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, String type, String text) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("#" + type + "\"").contains(text);
    }

    @Test
    void timeToLiveIsEnabledOnceAndDescribed() throws Exception {
        JsonNode before = ok("DynamoDB_20120810.DescribeTimeToLive", "{\"TableName\":\"sessions\"}");
        assertThat(before.path("TimeToLiveDescription").path("TimeToLiveStatus").asText()).isEqualTo("DISABLED");
        assertThat(before.path("TimeToLiveDescription").has("AttributeName")).isFalse();

        JsonNode enabled = ok("DynamoDB_20120810.UpdateTimeToLive", "{\"TableName\":\"sessions\","
                + "\"TimeToLiveSpecification\":{\"AttributeName\":\"expires\",\"Enabled\":true}}");
        assertThat(enabled.path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo("expires");
        assertThat(enabled.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();

        JsonNode after = ok("DynamoDB_20120810.DescribeTimeToLive", "{\"TableName\":\"sessions\"}");
        assertThat(after.path("TimeToLiveDescription").path("TimeToLiveStatus").asText()).isEqualTo("ENABLED");
        assertThat(after.path("TimeToLiveDescription").path("AttributeName").asText()).isEqualTo("expires");

        assertError(post("DynamoDB_20120810.UpdateTimeToLive", "{\"TableName\":\"sessions\","
                + "\"TimeToLiveSpecification\":{\"AttributeName\":\"expires\",\"Enabled\":true}}"),
                "ValidationException", "TimeToLive is already enabled");
        assertError(post("DynamoDB_20120810.UpdateTimeToLive", "{\"TableName\":\"sessions\","
                + "\"TimeToLiveSpecification\":{\"AttributeName\":\"\",\"Enabled\":true}}"),
                "ValidationException", "Member must have length greater than or equal to 1");
        assertError(post("DynamoDB_20120810.DescribeTimeToLive", "{\"TableName\":\"nosuch\"}"),
                "ResourceNotFoundException", "nosuch");
    }

    @Test
    void streamsAreRefusedNotPretended() throws Exception {
        assertError(post("DynamoDB_20120810.CreateTable", "{\"TableName\":\"events\",\"AttributeDefinitions\":"
                + "[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"id\","
                + "\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\",\"StreamSpecification\":"
                + "{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_IMAGE\"}}"),
                "ValidationException", "does not serve DynamoDB Streams yet");
        assertError(post("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"events\"}"),
                "ResourceNotFoundException", "events");
        assertError(post("DynamoDB_20120810.UpdateTable", "{\"TableName\":\"sessions\",\"StreamSpecification\":"
                + "{\"StreamEnabled\":true,\"StreamViewType\":\"KEYS_ONLY\"}}"),
                "ValidationException", "does not serve DynamoDB Streams yet");
        assertError(post("DynamoDBStreams_20120810.ListStreams", "{}"), "UnknownOperationException",
                "does not serve DynamoDB Streams yet");
        assertError(post("DynamoDBStreams_20120810.GetRecords", "{\"ShardIterator\":\"x\"}"),
                "UnknownOperationException", "does not serve DynamoDB Streams yet");
    }
}
