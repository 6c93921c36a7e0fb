package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire protocol's envelope, spoken raw: headers, status codes and error bodies. */
class DynamoServerTest {
    static DynamoServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsLoopbackByDefaultAndAnswersHealthChecks() throws Exception {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("healthy: " + server.endpoint().substring("http://".length()) + "\n");
        HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/index.htm"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(400);
    }

    @Test
    void responsesCarryTheChecksumAndARequestId() throws Exception {
        HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/x-amz-json-1.0");
        CRC32 crc = new CRC32();
        crc.update(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(response.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc.getValue()));
        assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(id).hasSize(52));
        assertThat(response.headers().firstValue("server")).hasValue("keystorm");
        assertThat(response.headers().firstValue("date")).hasValueSatisfying(date -> assertThat(
                java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)).isNotNull());
        assertThat(response.body()).isEqualTo("{\"TableNames\":[]}");
    }

    @Test
    void errorsAreDynamoDbsTypesWithFourHundreds() throws Exception {
        assertError(post("DynamoDB_20120810.Explode", "{}"), "UnknownOperationException");
        assertError(post(null, "{}"), "UnknownOperationException");
        assertError(post("DynamoDB_20120810.PutItem", "{not json"), "SerializationException");
        assertError(post("DynamoDB_20120810.PutItem", "{\"TableName\": 5}"), "SerializationException");
        assertError(post("DynamoDB_20120810.PutItem", "[1, 2]"), "SerializationException");
        assertError(post("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"missing\"}"), "ResourceNotFoundException");
        assertError(post("DynamoDB_20120810.GetItem", "{\"TableName\":\"x!\",\"Key\":{}}"), "ValidationException");
        assertError(post("DynamoDB_20120810.PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"k\":{\"S\":\"a\",\"N\":\"1\"}}}"), "ValidationException");
        assertError(post("DynamoDB_20120810.PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"k\":{\"N\":\"one\"}}}"), "ValidationException");
        // legacy parameters are read, but not beside expressions
        assertError(post("DynamoDB_20120810.Scan", "{\"TableName\":\"tbl\",\"ScanFilter\":{},"
                + "\"FilterExpression\":\"a = :v\"}"), "ValidationException");
        // a write request without its key: once an InternalServerError (500)
        assertError(post("DynamoDB_20120810.BatchWriteItem",
                "{\"RequestItems\":{\"tbl\":[{\"DeleteRequest\":{}}]}}"), "ValidationException");
        assertError(post("DynamoDB_20120810.BatchWriteItem",
                "{\"RequestItems\":{\"tbl\":[{\"PutRequest\":{}}]}}"), "ValidationException");
        // base64 must be padded and well formed, as DynamoDB's parser insists
        assertError(post("DynamoDB_20120810.PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"k\":{\"B\":\"YWJjZGVmZ2g\"}}}"), "SerializationException");
        assertError(post("DynamoDB_20120810.PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"k\":{\"B\":\"YWJj??!!\"}}}"), "SerializationException");
    }

    @Test
    void tablesDescribeThemselvesAsTheServiceDoes() throws Exception {
        createTable("described");
        String described = post("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"described\"}").body();
        assertThat(described).containsPattern("\"TableId\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"")
                .contains("\"KeySchema\"").contains("\"CreationDateTime\"").contains("\"LastUpdateToPayPerRequestDateTime\"");
        String tableId = described.replaceAll(".*\"TableId\":\"([^\"]+)\".*", "$1");
        String deleted = post("DynamoDB_20120810.DeleteTable", "{\"TableName\":\"described\"}").body();
        // DeleteTable's answer: the same id, DELETING, no schema and no creation time
        assertThat(deleted).contains("\"TableId\":\"" + tableId + "\"").contains("\"TableStatus\":\"DELETING\"")
                .doesNotContain("\"KeySchema\"").doesNotContain("\"AttributeDefinitions\"")
                .doesNotContain("\"CreationDateTime\"");
    }

    @Test
    void aLegacyUpdateOfTwoHundredAttributesFitsTheExpressionLimit() throws Exception {
        createTable("wide");
        StringBuilder updates = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            updates.append(i == 0 ? "" : ",").append("\"more").append(i).append("\":{\"Value\":{\"N\":\"")
                    .append(i).append("\"},\"Action\":\"PUT\"}");
        }
        HttpResponse<String> updated = post("DynamoDB_20120810.UpdateItem", "{\"TableName\":\"wide\","
                + "\"Key\":{\"pk\":{\"S\":\"a\"}},\"ReturnValues\":\"ALL_NEW\",\"AttributeUpdates\":{" + updates + "}}");
        post("DynamoDB_20120810.DeleteTable", "{\"TableName\":\"wide\"}"); // other tests expect no tables
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.body()).contains("\"more199\":{\"N\":\"199\"}");
    }

    @Test
    void aBodyOverSixteenMegabytesIsRefusedWith413() throws Exception {
        String spaces = " ".repeat(16 * 1024 * 1024);
        HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{" + spaces + "}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(post("DynamoDB_20120810.ListTables", "{" + " ".repeat(1024 * 1024) + "}").statusCode()).isEqualTo(200);
    }

    @Test
    void theAdminEndpointIsOffUnlessAsked() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.endpoint() + "/keystorm/metrics?table=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("--admin");
    }

    /** An on-demand table keyed by a string pk, created over the wire. */
    static void createTable(String name) throws Exception {
        String create = "{\"TableName\":\"" + name + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}";
        assertThat(post("DynamoDB_20120810.CreateTable", create).statusCode()).isEqualTo(200);
    }

    static void assertError(HttpResponse<String> response, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).as(response.body())
                .startsWith("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":");
    }
}
