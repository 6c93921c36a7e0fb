package keystorm.workloads.bench.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import keystorm.workloads.bench.BenchKey;
import keystorm.workloads.bench.BenchRequest;
import keystorm.workloads.bench.TableMode;

/**
 * Writes a whole HTTP/1.1 request of DynamoDB's JSON protocol (version 1.0) into one pooled
 * buffer: the head is pre-encoded per operation, only the Content-Length digits and the body
 * (Jackson's streaming generator straight into the buffer) are written per request.
 *
 * <p>The body is written first, after {@link #HEAD_ROOM} bytes left free, and the head is then
 * written into the end of that room, so that the request is one contiguous buffer (one write,
 * no copy) although its length is known only once the body is.
 *
 * <p>The Authorization header has the shape of a SigV4 one (access key, date, region, service,
 * signed headers, a 64-digit signature) but the signature is zeros: keystorm serve does not check
 * signatures, and DynamoDB Local reads only the access key and the region from it (they name its
 * database). Real signing is not done, so this encoder is for loopback and test targets, not for
 * the real service.
 *
 * <p>Thread-safe (immutable; Jackson's factory is thread-safe).
 */
public final class RequestEncoder {
    /** The operations the bench sends. */
    public enum Operation {
        GetItem, PutItem, UpdateItem, Query, Scan, BatchGetItem, CreateTable, DeleteTable, DescribeTable
    }

    static final int HEAD_ROOM = 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final Map<Operation, byte[]> heads = new EnumMap<>(Operation.class);

    /**
     * @param endpoint an http URL (https is not supported: the client speaks plain HTTP)
     * @param accessKeyId the access key the Authorization header names (DynamoDB Local keeps one
     *     database per access key and region unless started with -sharedDb)
     */
    public RequestEncoder(URI endpoint, String accessKeyId, String region) {
        if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("'" + endpoint + "': the bench's Netty client takes an http://host:port URL");
        }
        if (accessKeyId.isEmpty() || !accessKeyId.chars().allMatch(c -> c > ' ' && c < 127 && c != '/' && c != ',')) {
            throw new IllegalArgumentException("'" + accessKeyId + "': an access key id is printable ASCII without / or ,");
        }
        if (region.isEmpty() || !region.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
            throw new IllegalArgumentException("'" + region + "': a region is letters, digits and dashes");
        }
        int port = endpoint.getPort() >= 0 ? endpoint.getPort() : 80;
        String host = endpoint.getHost() + ":" + port;
        Instant now = Instant.now();
        String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now);
        String dateTime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String authorization = "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + date + "/" + region
                + "/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
                + "0".repeat(64);
        for (Operation operation : Operation.values()) {
            String head = "POST / HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810." + operation.name()
                    + "\r\nX-Amz-Date: " + dateTime + "\r\nAuthorization: " + authorization
                    + "\r\nContent-Length: ";
            byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length + 14 > HEAD_ROOM) {
                throw new IllegalArgumentException("'" + endpoint + "': the host name is too long for the request head");
            }
            heads.put(operation, bytes);
        }
    }

    public static Operation operation(BenchRequest request) {
        return switch (request) {
            case BenchRequest.Get ignored -> Operation.GetItem;
            case BenchRequest.Put ignored -> Operation.PutItem;
            case BenchRequest.Update ignored -> Operation.UpdateItem;
            case BenchRequest.Query ignored -> Operation.Query;
            case BenchRequest.Scan ignored -> Operation.Scan;
            case BenchRequest.BatchGet ignored -> Operation.BatchGetItem;
        };
    }

    /** The whole HTTP request for {@code request}, in a buffer of {@code allocator} the caller releases. */
    public ByteBuf encode(ByteBufAllocator allocator, BenchRequest request) {
        return encode(allocator, operation(request), json -> body(json, request));
    }

    /** A body writer: writes one JSON object. */
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** The whole HTTP request of {@code operation} with the body {@code body} writes. */
    public ByteBuf encode(ByteBufAllocator allocator, Operation operation, Body body) {
        ByteBuf buffer = allocator.buffer(HEAD_ROOM + 256);
        try {
            buffer.writerIndex(HEAD_ROOM);
            try (JsonGenerator json = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buffer))) {
                body.write(json);
            }
            int length = buffer.writerIndex() - HEAD_ROOM;
            byte[] head = heads.get(operation);
            int digits = digits(length);
            int start = HEAD_ROOM - head.length - digits - 4;
            buffer.setBytes(start, head);
            int at = start + head.length + digits;
            for (int rest = length; at > start + head.length; rest /= 10) {
                buffer.setByte(--at, '0' + rest % 10);
            }
            at = start + head.length + digits;
            buffer.setByte(at, '\r').setByte(at + 1, '\n').setByte(at + 2, '\r').setByte(at + 3, '\n');
            buffer.readerIndex(start);
            return buffer;
        } catch (IOException e) {
            buffer.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
    }

    private static int digits(int value) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    static void body(JsonGenerator json, BenchRequest request) throws IOException {
        json.writeStartObject();
        switch (request) {
            case BenchRequest.Get get -> {
                json.writeStringField("TableName", get.table());
                json.writeFieldName("Key");
                key(json, get.key());
                json.writeBooleanField("ConsistentRead", get.consistent());
            }
            case BenchRequest.Put put -> {
                json.writeStringField("TableName", put.table());
                json.writeFieldName("Item");
                json.writeStartObject();
                keyFields(json, put.key());
                for (Map.Entry<String, String> field : put.fields().entrySet()) {
                    string(json, field.getKey(), field.getValue());
                }
                json.writeEndObject();
            }
            case BenchRequest.Update update -> {
                json.writeStringField("TableName", update.table());
                json.writeFieldName("Key");
                key(json, update.key());
                json.writeStringField("UpdateExpression", "SET #f = :v");
                json.writeObjectFieldStart("ExpressionAttributeNames");
                json.writeStringField("#f", update.field());
                json.writeEndObject();
                json.writeObjectFieldStart("ExpressionAttributeValues");
                string(json, ":v", update.value());
                json.writeEndObject();
            }
            case BenchRequest.Query query -> {
                json.writeStringField("TableName", query.table());
                json.writeStringField("KeyConditionExpression", "#pk = :pk");
                json.writeObjectFieldStart("ExpressionAttributeNames");
                json.writeStringField("#pk", BenchKey.PARTITION_KEY);
                json.writeEndObject();
                json.writeObjectFieldStart("ExpressionAttributeValues");
                string(json, ":pk", query.pk());
                json.writeEndObject();
                if (query.limit() > 0) {
                    json.writeNumberField("Limit", query.limit());
                }
                json.writeBooleanField("ConsistentRead", query.consistent());
            }
            case BenchRequest.Scan scan -> {
                json.writeStringField("TableName", scan.table());
                if (scan.exclusiveStart() != null) {
                    json.writeFieldName("ExclusiveStartKey");
                    key(json, scan.exclusiveStart());
                }
                if (scan.limit() > 0) {
                    json.writeNumberField("Limit", scan.limit());
                }
            }
            case BenchRequest.BatchGet batch -> {
                json.writeObjectFieldStart("RequestItems");
                json.writeObjectFieldStart(batch.table());
                json.writeArrayFieldStart("Keys");
                for (BenchKey key : batch.keys()) {
                    key(json, key);
                }
                json.writeEndArray();
                json.writeBooleanField("ConsistentRead", batch.consistent());
                json.writeEndObject();
                json.writeEndObject();
            }
        }
        json.writeStringField("ReturnConsumedCapacity", "TOTAL");
        json.writeEndObject();
    }

    static void key(JsonGenerator json, BenchKey key) throws IOException {
        json.writeStartObject();
        keyFields(json, key);
        json.writeEndObject();
    }

    private static void keyFields(JsonGenerator json, BenchKey key) throws IOException {
        string(json, BenchKey.PARTITION_KEY, key.pk());
        string(json, BenchKey.SORT_KEY, key.sk());
    }

    private static void string(JsonGenerator json, String name, String value) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeStringField("S", value);
        json.writeEndObject();
    }

    /** CreateTable of the bench table: pk S HASH, sk S RANGE, billed as {@code mode} says. */
    public static void createTable(JsonGenerator json, String table, TableMode mode) throws IOException {
        json.writeStartObject();
        json.writeStringField("TableName", table);
        json.writeArrayFieldStart("AttributeDefinitions");
        for (String name : List.of(BenchKey.PARTITION_KEY, BenchKey.SORT_KEY)) {
            json.writeStartObject();
            json.writeStringField("AttributeName", name);
            json.writeStringField("AttributeType", "S");
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("KeySchema");
        json.writeStartObject();
        json.writeStringField("AttributeName", BenchKey.PARTITION_KEY);
        json.writeStringField("KeyType", "HASH");
        json.writeEndObject();
        json.writeStartObject();
        json.writeStringField("AttributeName", BenchKey.SORT_KEY);
        json.writeStringField("KeyType", "RANGE");
        json.writeEndObject();
        json.writeEndArray();
        switch (mode) {
            case TableMode.OnDemand ignored -> json.writeStringField("BillingMode", "PAY_PER_REQUEST");
            case TableMode.Provisioned provisioned -> {
                json.writeStringField("BillingMode", "PROVISIONED");
                json.writeObjectFieldStart("ProvisionedThroughput");
                json.writeNumberField("ReadCapacityUnits", provisioned.readCapacityUnits());
                json.writeNumberField("WriteCapacityUnits", provisioned.writeCapacityUnits());
                json.writeEndObject();
            }
        }
        json.writeEndObject();
    }

    /** A body of only the table's name (DeleteTable, DescribeTable). */
    public static void tableName(JsonGenerator json, String table) throws IOException {
        json.writeStartObject();
        json.writeStringField("TableName", table);
        json.writeEndObject();
    }
}
