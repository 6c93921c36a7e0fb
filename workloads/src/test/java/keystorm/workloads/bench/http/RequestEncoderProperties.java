package keystorm.workloads.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.workloads.bench.BenchKey;
import keystorm.workloads.bench.BenchRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every request the encoder writes is one well-formed HTTP/1.1 request of DynamoDB's JSON
 * protocol: the head names the operation, Content-Length is the body's length in bytes, and the
 * body, read back as JSON, says what the request said (any strings, quotes and non-ASCII ones too).
 */
class RequestEncoderProperties {
    static final ObjectMapper JSON = new ObjectMapper();
    static final RequestEncoder ENCODER = new RequestEncoder(URI.create("http://127.0.0.1:8000"), "keystorm", "us-east-1");

    @Provide
    Arbitrary<BenchRequest> requests() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
                .withCharRange(' ', '~').withChars('é', '€', '\u4e2d', '"', '\\', '\n');
        Arbitrary<String> table = Arbitraries.strings().alpha().numeric().ofMinLength(3).ofMaxLength(20);
        Arbitrary<BenchKey> key = Combinators.combine(text, text).as(BenchKey::new);
        Arbitrary<Map<String, String>> fields = Arbitraries.maps(Arbitraries.of("field0", "field1", "field2", "a b", "\"q\""),
                text).ofMaxSize(5);
        Arbitrary<Boolean> consistent = Arbitraries.of(true, false);
        Arbitrary<Integer> limit = Arbitraries.integers().between(0, 1000);
        return Arbitraries.oneOf(
                Combinators.combine(table, key, consistent).as(BenchRequest.Get::new),
                Combinators.combine(table, key, fields).as(BenchRequest.Put::new),
                Combinators.combine(table, key, text, text).as(BenchRequest.Update::new),
                Combinators.combine(table, text, limit, consistent).as(BenchRequest.Query::new),
                Combinators.combine(table, key.injectNull(0.3), limit).as(BenchRequest.Scan::new),
                Combinators.combine(table, key.list().ofMinSize(1).ofMaxSize(30), consistent).as(BenchRequest.BatchGet::new));
    }

    @Property
    void theHeadFramesTheBodyAndTheBodySaysWhatTheRequestSays(@ForAll("requests") BenchRequest request) throws Exception {
        ByteBuf encoded = ENCODER.encode(UnpooledByteBufAllocator.DEFAULT, request);
        byte[] bytes = new byte[encoded.readableBytes()];
        encoded.readBytes(bytes);
        encoded.release();
        int split = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(split).isPositive();
        List<String> head = List.of(new String(bytes, 0, split, StandardCharsets.US_ASCII).split("\r\n"));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(), line.substring(colon + 1).trim());
        }
        assertThat(head.getFirst()).isEqualTo("POST / HTTP/1.1");
        assertThat(headers.get("host")).isEqualTo("127.0.0.1:8000");
        assertThat(headers.get("content-type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(headers.get("x-amz-target")).isEqualTo("DynamoDB_20120810." + RequestEncoder.operation(request).name());
        assertThat(headers.get("authorization")).matches(
                "AWS4-HMAC-SHA256 Credential=keystorm/\\d{8}/us-east-1/dynamodb/aws4_request, SignedHeaders=[a-z;-]+, Signature=0{64}");
        int bodyLength = bytes.length - split - 4;
        assertThat(headers.get("content-length")).isEqualTo(Integer.toString(bodyLength));
        JsonNode body = JSON.readTree(new String(bytes, split + 4, bodyLength, StandardCharsets.UTF_8));
        assertThat(body.path("ReturnConsumedCapacity").asText()).isEqualTo("TOTAL");
        switch (request) {
            case BenchRequest.Get get -> {
                assertKey(body.path("Key"), get.key());
                assertThat(body.path("TableName").asText()).isEqualTo(get.table());
                assertThat(body.path("ConsistentRead").asBoolean()).isEqualTo(get.consistent());
            }
            case BenchRequest.Put put -> {
                assertThat(body.path("Item").size()).isEqualTo(2 + put.fields().size());
                assertKey(body.path("Item"), put.key());
                put.fields().forEach((name, value) -> assertThat(body.path("Item").path(name).path("S").asText()).isEqualTo(value));
            }
            case BenchRequest.Update update -> {
                assertKey(body.path("Key"), update.key());
                assertThat(body.path("UpdateExpression").asText()).isEqualTo("SET #f = :v");
                assertThat(body.path("ExpressionAttributeNames").path("#f").asText()).isEqualTo(update.field());
                assertThat(body.path("ExpressionAttributeValues").path(":v").path("S").asText()).isEqualTo(update.value());
            }
            case BenchRequest.Query query -> {
                assertThat(body.path("ExpressionAttributeValues").path(":pk").path("S").asText()).isEqualTo(query.pk());
                assertThat(body.path("Limit").asInt(0)).isEqualTo(query.limit());
                assertThat(body.has("Limit")).isEqualTo(query.limit() > 0);
            }
            case BenchRequest.Scan scan -> {
                assertThat(body.has("ExclusiveStartKey")).isEqualTo(scan.exclusiveStart() != null);
                if (scan.exclusiveStart() != null) {
                    assertKey(body.path("ExclusiveStartKey"), scan.exclusiveStart());
                }
                assertThat(body.path("Limit").asInt(0)).isEqualTo(scan.limit());
            }
            case BenchRequest.BatchGet batch -> {
                JsonNode keys = body.path("RequestItems").path(batch.table()).path("Keys");
                assertThat(keys.size()).isEqualTo(batch.keys().size());
                for (int i = 0; i < keys.size(); i++) {
                    assertKey(keys.get(i), batch.keys().get(i));
                }
            }
        }
    }

    static void assertKey(JsonNode node, BenchKey key) {
        assertThat(node.path("pk").path("S").asText()).isEqualTo(key.pk());
        assertThat(node.path("sk").path("S").asText()).isEqualTo(key.sk());
    }

    static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
