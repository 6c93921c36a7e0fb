package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** UpdateTable, tags, DescribeLimits, DescribeEndpoints and compressed request bodies, spoken raw. */
class TableApiServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static DynamoServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, false);
        ok("CreateTable", "{\"TableName\":\"orders\",\"AttributeDefinitions\":[{\"AttributeName\":\"p\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"p\",\"KeyType\":\"HASH\"}],"
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5},"
                + "\"Tags\":[{\"Key\":\"team\",\"Value\":\"storage\"}]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String operation, byte[] body, String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String operation, String body) throws Exception {
        return post(operation, body.getBytes(StandardCharsets.UTF_8), null);
    }

    static JsonNode ok(String operation, String body) throws Exception {
        HttpResponse<String> response = post(operation, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String type, String text) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).as(response.body())
                .startsWith("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":")
                .contains(text);
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static String arn() throws Exception {
        return ok("DescribeTable", "{\"TableName\":\"orders\"}").at("/Table/TableArn").asText();
    }

    @Test
    void updateTableAnswersTheNewDescription() throws Exception {
        JsonNode updated = ok("UpdateTable", "{\"TableName\":\"orders\",\"ProvisionedThroughput\":"
                + "{\"ReadCapacityUnits\":10,\"WriteCapacityUnits\":5}}").get("TableDescription");
        assertThat(updated.at("/ProvisionedThroughput/ReadCapacityUnits").asLong()).isEqualTo(10);
        assertThat(updated.at("/ProvisionedThroughput/LastIncreaseDateTime").isNumber()).isTrue();
        assertThat(updated.at("/ProvisionedThroughput/NumberOfDecreasesToday").asInt()).isZero();
        assertThat(updated.get("TableStatus").asText()).isEqualTo("ACTIVE");
        JsonNode decreased = ok("UpdateTable", "{\"TableName\":\"orders\",\"ProvisionedThroughput\":"
                + "{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5}}").get("TableDescription");
        assertThat(decreased.at("/ProvisionedThroughput/NumberOfDecreasesToday").asInt()).isEqualTo(1);
        assertError(post("UpdateTable", "{\"TableName\":\"orders\"}"), 400, "ValidationException", "UpdateTable");
        assertError(post("UpdateTable", "{\"TableName\":\"orders\",\"GlobalSecondaryIndexUpdates\":[]}"), 400,
                "ValidationException", "UpdateTable");
        assertError(post("UpdateTable", "{\"TableName\":\"orders\",\"GlobalSecondaryIndexUpdates\":[{}]}"), 400,
                "ValidationException", "GlobalSecondaryIndexUpdate");
        assertError(post("UpdateTable", "{\"TableName\":\"orders\",\"GlobalSecondaryIndexUpdates\":[{\"Dog\":"
                + "{\"IndexName\":\"ind\"}}]}"), 400, "ValidationException", "GlobalSecondaryIndexUpdate");
        assertError(post("UpdateTable", "{\"TableName\":\"orders\",\"GlobalSecondaryIndexUpdates\":[{\"Create\":"
                + "{\"IndexName\":\"ind\",\"KeySchema\":[{\"AttributeName\":\"x\",\"KeyType\":\"HASH\"}],\"Projection\":"
                + "{\"ProjectionType\":\"ALL\"}},\"Delete\":{\"IndexName\":\"xyz\"}}]}"), 400, "ValidationException", "one");
        assertError(post("UpdateTable", "{\"TableName\":\"orders\",\"GlobalSecondaryIndexUpdates\":["
                + "{\"Delete\":{\"IndexName\":\"ind1\"}},{\"Delete\":{\"IndexName\":\"ind2\"}}]}"), 400,
                "LimitExceededException", "Only 1 online index");
        assertError(post("UpdateTable", "{\"TableName\":\"orders\",\"GlobalSecondaryIndexUpdates\":["
                + "{\"Delete\":{\"IndexName\":\"nonexistent\"}}]}"), 400, "ResourceNotFoundException", "nonexistent");
        assertError(post("UpdateTable", "{\"TableName\":\"nope-table\",\"BillingMode\":\"PAY_PER_REQUEST\"}"), 400,
                "ResourceNotFoundException", "nope-table");
    }

    @Test
    void tagsOverTheWire() throws Exception {
        String arn = arn();
        JsonNode listed = ok("ListTagsOfResource", "{\"ResourceArn\":\"" + arn + "\"}");
        assertThat(listed.get("Tags").toString()).isEqualTo("[{\"Key\":\"team\",\"Value\":\"storage\"}]");
        assertThat(listed.has("NextToken")).isFalse();
        // an empty body, as DynamoDB answers them (Alternator's test_tags_return_empty_body)
        HttpResponse<String> tagged = post("TagResource", "{\"ResourceArn\":\"" + arn
                + "\",\"Tags\":[{\"Key\":\"env\",\"Value\":\"\"}]}");
        assertThat(tagged.statusCode()).isEqualTo(200);
        assertThat(tagged.body()).isEmpty();
        assertThat(tagged.headers().firstValue("content-length")).hasValue("0");
        HttpResponse<String> untagged = post("UntagResource", "{\"ResourceArn\":\"" + arn + "\",\"TagKeys\":[\"team\"]}");
        assertThat(untagged.statusCode()).isEqualTo(200);
        assertThat(untagged.body()).isEmpty();
        assertThat(ok("ListTagsOfResource", "{\"ResourceArn\":\"" + arn + "\"}").get("Tags").toString())
                .isEqualTo("[{\"Key\":\"env\",\"Value\":\"\"}]");
        assertError(post("TagResource", "{\"ResourceArn\":\"" + arn + "\"}"), 400, "ValidationException", "Tag");
        assertError(post("TagResource", "{\"ResourceArn\":\"" + arn + "\",\"Tags\":[{\"Key\":\"dog\"}]}"), 400,
                "ValidationException", "tags.1.member.value");
        assertError(post("TagResource", "{\"ResourceArn\":\"" + arn + "x\",\"Tags\":[{\"Key\":\"a\",\"Value\":\"b\"}]}"),
                400, "ResourceNotFoundException", arn + "x");
    }

    @Test
    void describeLimitsAndEndpoints() throws Exception {
        JsonNode limits = ok("DescribeLimits", "{}");
        assertThat(limits.get("AccountMaxReadCapacityUnits").asLong()).isEqualTo(80_000);
        assertThat(limits.get("TableMaxWriteCapacityUnits").asLong()).isEqualTo(40_000);
        JsonNode endpoints = ok("DescribeEndpoints", "{}").get("Endpoints");
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0).get("Address").asText()).isEqualTo("127.0.0.1:" + server.address().getPort());
        assertThat(endpoints.get(0).get("CachePeriodInMinutes").asInt()).isEqualTo(1440);
    }

    @Test
    void gzipAndDeflateBodiesAreDecoded() throws Exception {
        String put = "{\"TableName\":\"orders\",\"Item\":{\"p\":{\"S\":\"gz\"},\"v\":{\"S\":\"" + "x".repeat(10_000) + "\"}}}";
        assertThat(post("PutItem", gzip(put), "gzip").statusCode()).isEqualTo(200);
        JsonNode got = ok("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"p\":{\"S\":\"gz\"}},\"ConsistentRead\":true}");
        assertThat(got.at("/Item/v/S").asText()).hasSize(10_000);
        // two gzip members one after the other are one body
        String second = "{\"TableName\":\"orders\",\"Item\":{\"p\":{\"S\":\"two\"}}}";
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(gzip(second.substring(0, 10)));
        both.write(gzip(second.substring(10)));
        assertThat(post("PutItem", both.toByteArray(), "gzip").statusCode()).isEqualTo(200);
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
            out.write("{\"TableName\":\"orders\",\"Item\":{\"p\":{\"S\":\"zlib\"}}}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(post("PutItem", deflated.toByteArray(), "deflate").statusCode()).isEqualTo(200);
        assertThat(ok("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"p\":{\"S\":\"zlib\"}}}").has("Item")).isTrue();
    }

    @Test
    void aBodyThatIsNotWhatItsEncodingSaysIsRefusedAndNothingIsWritten() throws Exception {
        String put = "{\"TableName\":\"orders\",\"Item\":{\"p\":{\"S\":\"bad\"}}}";
        byte[] valid = gzip(put);
        byte[] cut = java.util.Arrays.copyOf(valid, valid.length - 1);
        assertError(post("PutItem", put.getBytes(StandardCharsets.UTF_8), "gzip"), 400, "SerializationException", "gzip");
        assertError(post("PutItem", cut, "gzip"), 400, "SerializationException", "gzip");
        assertError(post("PutItem", new byte[0], "gzip"), 400, "SerializationException", "gzip");
        assertError(post("PutItem", put.getBytes(StandardCharsets.UTF_8), "deflate"), 400, "SerializationException",
                "deflate");
        assertError(post("PutItem", put.getBytes(StandardCharsets.UTF_8), "garbage"), 400, "SerializationException",
                "Unsupported Content-Encoding: garbage");
        assertThat(ok("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"p\":{\"S\":\"bad\"}},\"ConsistentRead\":true}")
                .has("Item")).isFalse();
    }

    @Test
    void theSixteenMegabyteBoundAppliesAfterDecoding() throws Exception {
        String put = "{\"TableName\":\"orders\",\"Item\":{\"p\":{\"S\":\"big\"}}" + " ".repeat(20 * 1024 * 1024) + "}";
        byte[] small = gzip(put);
        assertThat(small.length).isLessThan(1024 * 1024);
        HttpResponse<String> response = post("PutItem", small, "gzip");
        assertError(response, 413, "ValidationException", "over the limit of 16777216 bytes");
        assertThat(ok("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"p\":{\"S\":\"big\"}},\"ConsistentRead\":true}")
                .has("Item")).isFalse();
    }
}
