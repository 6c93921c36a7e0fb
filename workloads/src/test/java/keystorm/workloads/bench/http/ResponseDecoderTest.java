package keystorm.workloads.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import keystorm.workloads.bench.BenchKey;
import keystorm.workloads.bench.BenchOutcome;
import keystorm.workloads.bench.BenchOutcome.Kind;
import keystorm.workloads.bench.BenchRequest;
import org.junit.jupiter.api.Test;

/** DynamoDB's answers, as the service documents them, read into outcomes. */
class ResponseDecoderTest {
    static final BenchKey KEY = new BenchKey("p", "s");
    static final BenchRequest GET = new BenchRequest.Get("t", KEY, false);
    static final BenchRequest PUT = new BenchRequest.Put("t", KEY, Map.of());
    static final BenchRequest QUERY = new BenchRequest.Query("t", "p", 0, false);
    static final BenchRequest BATCH = new BenchRequest.BatchGet("t", List.of(KEY, new BenchKey("p", "s2"),
            new BenchKey("p", "s3")), false);

    static BenchOutcome decode(BenchRequest request, int status, String body) {
        byte[] bytes = ("xx" + body).getBytes(StandardCharsets.UTF_8);
        return ResponseDecoder.decode(request, status, bytes, 2, bytes.length - 2);
    }

    @Test
    void aGetCountsTheItemAndItsReadUnits() {
        assertThat(decode(GET, 200, "{\"Item\":{\"pk\":{\"S\":\"p\"},\"n\":{\"L\":[{\"M\":{}}]}},"
                + "\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5}}")).isEqualTo(BenchOutcome.ok(0.5, 0, 1));
        assertThat(decode(GET, 200, "{\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":1.0}}"))
                .isEqualTo(BenchOutcome.ok(1, 0, 0));
        assertThat(decode(GET, 200, "{}")).isEqualTo(BenchOutcome.ok(0, 0, 0));
    }

    @Test
    void writesCountWriteUnitsAndSplitUnitsAreTakenAsSplit() {
        assertThat(decode(PUT, 200, "{\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":2.0}}"))
                .isEqualTo(BenchOutcome.ok(0, 2, 0));
        assertThat(decode(PUT, 200, "{\"ConsumedCapacity\":{\"TableName\":\"t\",\"ReadCapacityUnits\":1.0,"
                + "\"WriteCapacityUnits\":3.0,\"Table\":{\"CapacityUnits\":4.0}}}")).isEqualTo(BenchOutcome.ok(1, 3, 0));
    }

    @Test
    void aQueryCountsItsCount() {
        assertThat(decode(QUERY, 200, "{\"Count\":7,\"Items\":[],\"ScannedCount\":9,\"LastEvaluatedKey\":{\"pk\":{\"S\":\"p\"}},"
                + "\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":2.5}}")).isEqualTo(BenchOutcome.ok(2.5, 0, 7));
    }

    @Test
    void aBatchGetSumsItsUnitsAndCountsItsItemsAndAllUnprocessedIsThrottled() {
        assertThat(decode(BATCH, 200, "{\"Responses\":{\"t\":[{\"pk\":{\"S\":\"p\"}},{\"pk\":{\"S\":\"q\"}}]},"
                + "\"UnprocessedKeys\":{\"t\":{\"Keys\":[{\"pk\":{\"S\":\"p\"}}],\"ConsistentRead\":false}},"
                + "\"ConsumedCapacity\":[{\"TableName\":\"t\",\"CapacityUnits\":1.0},{\"TableName\":\"u\",\"CapacityUnits\":0.5}]}"))
                .isEqualTo(BenchOutcome.ok(1.5, 0, 2));
        assertThat(decode(BATCH, 200, "{\"Responses\":{\"t\":[]},\"UnprocessedKeys\":{\"t\":{\"Keys\":[{},{},{}]}}}"))
                .isEqualTo(BenchOutcome.throttled("UnprocessedKeys"));
        assertThat(decode(BATCH, 200, "{\"Responses\":{\"t\":[]},\"UnprocessedKeys\":{}}")).isEqualTo(BenchOutcome.ok(0, 0, 0));
    }

    @Test
    void refusalsAreThrottledOrFailedAndTheRestIndeterminate() {
        assertThat(decode(GET, 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                + "\"message\":\"slow\"}")).isEqualTo(BenchOutcome.throttled("ProvisionedThroughputExceededException"));
        assertThat(decode(GET, 400, "{\"message\":\"m\",\"__type\":\"com.amazon.coral.validate#ValidationException\"}"))
                .isEqualTo(BenchOutcome.failed("ValidationException"));
        assertThat(decode(GET, 413, "")).isEqualTo(BenchOutcome.failed("HTTP 413"));
        assertThat(decode(GET, 503, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ServiceUnavailable\"}"))
                .isEqualTo(BenchOutcome.indeterminate("HTTP 503 ServiceUnavailable"));
        assertThat(decode(GET, 500, "<html>")).isEqualTo(BenchOutcome.indeterminate("HTTP 500"));
        assertThat(decode(GET, 200, "{\"Item\":").kind()).isEqualTo(Kind.INDETERMINATE);
    }
}
