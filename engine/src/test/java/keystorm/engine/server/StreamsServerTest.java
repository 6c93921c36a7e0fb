package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Streams and Time to Live over real HTTP: DynamoDB Streams' X-Amz-Target on DynamoDB's port, StreamSpecification's
 * checks on CreateTable and UpdateTable, UpdateTimeToLive/DescribeTimeToLive, and what the AWS SDK v2's
 * DynamoDbStreamsClient and DynamoDbClient make of the answers.
 */
class StreamsServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static DynamoServer server;
    static DynamoDbClient dynamo;
    static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() throws Exception {
        server = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, false);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy"));
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        HttpResponse<String> created = post("DynamoDB_20120810.CreateTable", table("ttl"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        streams.close();
        server.close();
        server.engine().close();
    }

    static String table(String name) {
        return table(name, "");
    }

    static String table(String name, String more) {
        return "{\"TableName\":\"" + name + "\",\"AttributeDefinitions\":[{\"AttributeName\":\"p\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"p\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\"" + more + "}";
    }

    static HttpResponse<String> post(String target, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertError(HttpResponse<String> response, String type, String text) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("__type").asText()).isEqualTo("com.amazonaws.dynamodb.v20120810#" + type);
        assertThat(body.get("message").asText()).contains(text);
    }

    @Test
    void streamsTargetsReachTheStreamsOperationsAndOthersAreUnknown() throws Exception {
        assertError(post("DynamoDBStreams_20120810.DescribeStream", "{\"StreamArn\":\"nonsense-nonsense-nonsense-nonsense-1\"}"),
                "ValidationException", "Invalid StreamArn");
        assertError(post("DynamoDBStreams_20120810.PutItem", table("x")), "UnknownOperationException", "");
        assertError(post("DynamoDB_20120810.GetRecords", "{\"ShardIterator\":\"x\"}"), "UnknownOperationException", "");
        assertError(post("DynamoDBStreams_20120810.GetRecords", "{\"ShardIterator\":\"x\",\"Limit\":1001}"),
                "ValidationException", "'limit'");
    }

    @Test
    void theStreamsClientReadsTheErrorTypes() {
        assertThatThrownBy(() -> streams.getShardIterator(b -> b.streamArn("arn:aws:dynamodb:x:1:table/nope/nostream")
                .shardId("shardId-00000000000000000000-00000000").shardIteratorType(ShardIteratorType.LATEST)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator("it").limit(0)))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("'limit'"));
    }

    @Test
    void streamSpecificationIsCheckedAsDynamoDbChecksIt() throws Exception {
        assertError(post("DynamoDB_20120810.CreateTable", table("s1", ",\"StreamSpecification\":{\"StreamViewType\":\"KEYS_ONLY\"}")),
                "ValidationException", "streamSpecification.streamEnabled");
        assertError(post("DynamoDB_20120810.CreateTable", table("s2", ",\"StreamSpecification\":{\"StreamEnabled\":true}")),
                "ValidationException", "StreamViewType");
        assertError(post("DynamoDB_20120810.CreateTable", table("s3",
                ",\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"Fisk\"}")),
                "ValidationException", "streamSpecification.streamViewType");
        assertError(post("DynamoDB_20120810.UpdateTable", "{\"TableName\":\"ttl\",\"StreamSpecification\":"
                + "{\"StreamEnabled\":true,\"StreamViewType\":\"Fisk\"}}"), "ValidationException", "enum value set");
        assertError(post("DynamoDB_20120810.CreateTable", table("s4", ",\"StreamSpecification\":{\"StreamEnabled\":\"yes\"}")),
                "SerializationException", "");
        // a table without a stream says nothing of one
        JsonNode described = JSON.readTree(post("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"ttl\"}").body());
        assertThat(described.get("Table").has("StreamSpecification")).isFalse();
        assertThat(described.get("Table").has("LatestStreamArn")).isFalse();
    }

    @Test
    void timeToLiveOverHttpAndTheSdk() throws Exception {
        assertThat(dynamo.describeTimeToLive(b -> b.tableName("ttl")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        var updated = dynamo.updateTimeToLive(b -> b.tableName("ttl")
                .timeToLiveSpecification(s -> s.attributeName("expires").enabled(true)));
        assertThat(updated.timeToLiveSpecification().attributeName()).isEqualTo("expires");
        assertThat(updated.timeToLiveSpecification().enabled()).isTrue();
        JsonNode described = JSON.readTree(post("DynamoDB_20120810.DescribeTimeToLive", "{\"TableName\":\"ttl\"}").body());
        assertThat(described.at("/TimeToLiveDescription/AttributeName").asText()).isEqualTo("expires");
        assertThat(described.at("/TimeToLiveDescription/TimeToLiveStatus").asText()).isIn("ENABLING", "ENABLED");
        assertError(post("DynamoDB_20120810.UpdateTimeToLive", "{\"TableName\":\"ttl\"}"), "ValidationException",
                "Value null at 'timeToLiveSpecification'");
        assertError(post("DynamoDB_20120810.UpdateTimeToLive", "{\"TableName\":\"ttl\",\"TimeToLiveSpecification\":"
                + "{\"AttributeName\":\"e\"}}"), "ValidationException", "timeToLiveSpecification.enabled");
        assertError(post("DynamoDB_20120810.UpdateTimeToLive", "{\"TableName\":\"ttl\",\"TimeToLiveSpecification\":"
                + "{\"AttributeName\":\"\",\"Enabled\":true}}"), "ValidationException", "timeToLiveSpecification.attributeName");
        assertError(post("DynamoDB_20120810.DescribeTimeToLive", "{}"), "ValidationException", "Value null at 'tableName'");
        assertError(post("DynamoDB_20120810.DescribeTimeToLive", "{\"TableName\":\"gone\"}"), "ResourceNotFoundException", "");
    }
}
