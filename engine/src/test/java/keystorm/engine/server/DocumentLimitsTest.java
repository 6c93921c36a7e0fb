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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB's document and expression bounds, through the wire: a value nested 32 levels is
 * stored and one nested 33 is refused, an expression of 4 KB is parsed and one a character longer
 * refused, each with ValidationException 400; JSON nested far past what any item holds is a
 * SerializationException 400, never a 500. A placeholder of 255 bytes is used and one of 256
 * refused; ExpressionAttributeNames and ExpressionAttributeValues of 2 MB together are used and a
 * byte more refused.
 */
class DocumentLimitsTest {
    static DynamoServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        Engine engine = new Engine(EngineConfig.inMemory());
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        server = DynamoServer.start(engine, "127.0.0.1", 0, false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String operation, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A map attribute value {@code levels} maps deep, a string at the bottom. */
    static String nested(int levels) {
        return "{\"M\":{\"a\":".repeat(levels) + "{\"S\":\"x\"}" + "}}".repeat(levels);
    }

    static String put(String pk, String value) {
        return "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"doc\":" + value + "}}";
    }

    static void assertValidation(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("com.amazonaws.dynamodb.v20120810#ValidationException").contains(message);
    }

    @Test
    void aDocumentNested32LevelsIsStoredAnd33Refused() throws Exception {
        assertThat(post("PutItem", put("deep32", nested(32))).statusCode()).isEqualTo(200);
        assertValidation(post("PutItem", put("deep33", nested(33))), "Nesting Levels have exceeded supported limits");
        HttpResponse<String> got = post("GetItem", "{\"TableName\":\"kvs\",\"Key\":{\"pk\":{\"S\":\"deep33\"}}}");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).doesNotContain("Item");
    }

    @Test
    void aDocumentNestedFarDeeperIsRefusedNotCrashed() throws Exception {
        // 400 maps are 800 levels of JSON, under Jackson's 1000: it reaches the engine, which refuses it
        assertValidation(post("PutItem", put("deep400", nested(400))), "Nesting Levels");
        HttpResponse<String> json = post("PutItem", put("deep5000", nested(5000)));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("SerializationException");
    }

    @Test
    void anExpressionOf4KilobytesIsParsedAndOneCharacterMoreRefused() throws Exception {
        String call = "attribute_not_exists()";
        String atLimit = "attribute_not_exists(" + "a".repeat(4096 - call.length()) + ")";
        assertThat(atLimit).hasSize(4096);
        HttpResponse<String> ok = post("PutItem", "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"e1\"}},"
                + "\"ConditionExpression\":\"" + atLimit + "\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String over = "attribute_not_exists(" + "a".repeat(4097 - call.length()) + ")";
        assertValidation(post("PutItem", "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"e2\"}},"
                + "\"ConditionExpression\":\"" + over + "\"}"), "Expression size has exceeded the maximum allowed size");
        HttpResponse<String> got = post("GetItem", "{\"TableName\":\"kvs\",\"Key\":{\"pk\":{\"S\":\"e2\"}}}");
        assertThat(got.body()).doesNotContain("Item");
    }
    @Test
    void aPlaceholderOf255BytesIsUsedAnd256Refused() throws Exception {
        String name = "#" + "n".repeat(254);
        String value = ":" + "v".repeat(254);
        HttpResponse<String> ok = post("PutItem", "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"p1\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(" + name + ") OR doc = " + value + "\","
                + "\"ExpressionAttributeNames\":{\"" + name + "\":\"pk\"},"
                + "\"ExpressionAttributeValues\":{\"" + value + "\":{\"S\":\"x\"}}}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String longName = name + "n";
        assertValidation(post("PutItem", "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"p2\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(" + longName + ")\","
                + "\"ExpressionAttributeNames\":{\"" + longName + "\":\"pk\"}}"),
                "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too "
                        + "long; size of key: 256");
        String longValue = value + "v";
        assertValidation(post("PutItem", "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"p3\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(doc) OR doc = " + longValue + "\","
                + "\"ExpressionAttributeValues\":{\"" + longValue + "\":{\"S\":\"x\"}}}"),
                "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too "
                        + "long; size of key: 256");
        HttpResponse<String> got = post("GetItem", "{\"TableName\":\"kvs\",\"Key\":{\"pk\":{\"S\":\"p3\"}}}");
        assertThat(got.body()).doesNotContain("Item");
    }

    @Test
    void namesAndValuesOf2MegabytesTogetherAreUsedAndOneByteMoreRefused() throws Exception {
        int max = 2 * 1024 * 1024;
        // ":v" (2 bytes) and its string: exactly 2 MB of substitution variables
        String atLimit = "x".repeat(max - 2);
        HttpResponse<String> ok = post("PutItem", "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"s1\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(doc) OR doc = :v\","
                + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"" + atLimit + "\"}}}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        // "#n" and "doc" (5 bytes) count too: the same value beside them is over by 5
        HttpResponse<String> over = post("PutItem", "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"s2\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(#n) OR #n = :v\","
                + "\"ExpressionAttributeNames\":{\"#n\":\"doc\"},"
                + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"" + atLimit.substring(4) + "\"}}}");
        assertValidation(over, "ExpressionAttributeNames and ExpressionAttributeValues have exceeded the maximum "
                + "allowed size of 2 MB for all substitution variables; size: " + (max + 1));
        HttpResponse<String> got = post("GetItem", "{\"TableName\":\"kvs\",\"Key\":{\"pk\":{\"S\":\"s2\"}}}");
        assertThat(got.body()).doesNotContain("Item");
    }
}
