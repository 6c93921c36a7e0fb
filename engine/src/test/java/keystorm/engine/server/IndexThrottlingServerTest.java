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
import keystorm.engine.api.Limits;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Index capacity on the wire: ThrottlingReasons in the error body of a table write throttled by its
 * global index (and of the table's own throttles), ConsumedCapacity INDEXES of a write. A manual
 * clock that never moves and a one-second burst make the throttle certain.
 */
class IndexThrottlingServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    DynamoServer server;

    @BeforeEach
    void start() throws Exception {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(new ManualClock())
                .withLimits(Limits.DYNAMODB.with(b -> b.burstSeconds = 1)));
        server = DynamoServer.start(engine, "127.0.0.1", 0, false);
        HttpResponse<String> created = post("CreateTable", "{\"TableName\":\"tbl\",\"AttributeDefinitions\":["
                + "{\"AttributeName\":\"p\",\"AttributeType\":\"S\"},{\"AttributeName\":\"g\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"p\",\"KeyType\":\"HASH\"}],"
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":1,\"WriteCapacityUnits\":3},"
                + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"gsi\",\"KeySchema\":[{\"AttributeName\":\"g\","
                + "\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"ALL\"},"
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":1}}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> post(String operation, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWriteThrottledByItsGlobalIndexNamesTheIndex() throws Exception {
        HttpResponse<String> first = post("PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"p\":{\"S\":\"a\"},"
                + "\"g\":{\"S\":\"x\"}},\"ReturnConsumedCapacity\":\"INDEXES\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode capacity = JSON.readTree(first.body()).get("ConsumedCapacity");
        assertThat(capacity.get("CapacityUnits").asDouble()).isEqualTo(2.0);
        assertThat(capacity.at("/Table/CapacityUnits").asDouble()).isEqualTo(1.0);
        assertThat(capacity.at("/GlobalSecondaryIndexes/gsi/CapacityUnits").asDouble()).isEqualTo(1.0);
        assertThat(capacity.at("/GlobalSecondaryIndexes/gsi/WriteCapacityUnits").asDouble()).isEqualTo(1.0);

        HttpResponse<String> second = post("PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"p\":{\"S\":\"b\"},"
                + "\"g\":{\"S\":\"y\"}}}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(second.body());
        assertThat(error.get("__type").asText())
                .isEqualTo("com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
        assertThat(error.get("message").asText()).startsWith("The level of configured provisioned throughput for "
                + "one or more global secondary indexes of the table was exceeded.");
        assertThat(error.get("ThrottlingReasons")).hasSize(1);
        assertThat(error.at("/ThrottlingReasons/0/reason").asText()).isEqualTo("IndexWriteProvisionedThroughputExceeded");
        assertThat(error.at("/ThrottlingReasons/0/resource").asText())
                .isEqualTo("arn:aws:dynamodb:ddblocal:000000000000:table/tbl/index/gsi");
        JsonNode missing = JSON.readTree(post("GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"p\":{\"S\":\"b\"}},"
                + "\"ConsistentRead\":true}").body());
        assertThat(missing.has("Item")).isFalse();
    }

    @Test
    void theTablesOwnThrottleHasItsReasonToo() throws Exception {
        post("GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"p\":{\"S\":\"a\"}},\"ConsistentRead\":true}");
        HttpResponse<String> throttled = post("GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"p\":{\"S\":\"a\"}},"
                + "\"ConsistentRead\":true}");
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(throttled.body());
        assertThat(error.at("/ThrottlingReasons/0/reason").asText()).isEqualTo("TableReadProvisionedThroughputExceeded");
        assertThat(error.at("/ThrottlingReasons/0/resource").asText())
                .isEqualTo("arn:aws:dynamodb:ddblocal:000000000000:table/tbl");
    }

    @Test
    void returnItemCollectionMetricsSizeAnswersForATableWithLocalIndexes() throws Exception {
        HttpResponse<String> created = post("CreateTable", "{\"TableName\":\"lsi_t\",\"AttributeDefinitions\":["
                + "{\"AttributeName\":\"p\",\"AttributeType\":\"S\"},{\"AttributeName\":\"c\",\"AttributeType\":\"S\"},"
                + "{\"AttributeName\":\"l\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"p\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"c\",\"KeyType\":\"RANGE\"}],"
                + "\"BillingMode\":\"PAY_PER_REQUEST\",\"LocalSecondaryIndexes\":[{\"IndexName\":\"lsi\",\"KeySchema\":["
                + "{\"AttributeName\":\"p\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"l\",\"KeyType\":\"RANGE\"}],"
                + "\"Projection\":{\"ProjectionType\":\"ALL\"}}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        HttpResponse<String> put = post("PutItem", "{\"TableName\":\"lsi_t\",\"Item\":{\"p\":{\"S\":\"a\"},"
                + "\"c\":{\"S\":\"1\"},\"l\":{\"S\":\"x\"}},\"ReturnItemCollectionMetrics\":\"SIZE\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode metrics = JSON.readTree(put.body()).get("ItemCollectionMetrics");
        assertThat(metrics.at("/ItemCollectionKey/p/S").asText()).isEqualTo("a");
        assertThat(metrics.get("SizeEstimateRangeGB").get(0).asDouble()).isEqualTo(0.0);
        assertThat(metrics.get("SizeEstimateRangeGB").get(1).asDouble()).isEqualTo(1.0);
        // without local indexes, or without SIZE, none
        HttpResponse<String> plain = post("PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"p\":{\"S\":\"z\"}},"
                + "\"ReturnItemCollectionMetrics\":\"SIZE\"}");
        assertThat(JSON.readTree(plain.body()).has("ItemCollectionMetrics")).as(plain.body()).isFalse();
        HttpResponse<String> none = post("DeleteItem", "{\"TableName\":\"lsi_t\",\"Key\":{\"p\":{\"S\":\"a\"},"
                + "\"c\":{\"S\":\"1\"}}}");
        assertThat(JSON.readTree(none.body()).has("ItemCollectionMetrics")).as(none.body()).isFalse();
        HttpResponse<String> bad = post("PutItem", "{\"TableName\":\"lsi_t\",\"Item\":{\"p\":{\"S\":\"a\"},"
                + "\"c\":{\"S\":\"1\"}},\"ReturnItemCollectionMetrics\":\"ALL\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("ValidationException").contains("returnItemCollectionMetrics");
    }
}
