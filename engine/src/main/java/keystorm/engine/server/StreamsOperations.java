package keystorm.engine.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import keystorm.engine.Engine;
import keystorm.engine.api.DescribeStreamRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetRecordsRequest;
import keystorm.engine.api.GetRecordsResponse;
import keystorm.engine.api.GetShardIteratorRequest;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.ListStreamsRequest;
import keystorm.engine.api.ListStreamsResponse;
import keystorm.engine.api.Shard;
import keystorm.engine.api.ShardIteratorType;
import keystorm.engine.api.StreamDescription;
import keystorm.engine.api.StreamRecord;
import keystorm.engine.api.StreamSummary;

/**
 * The DynamoDB Streams API ({@code X-Amz-Target: DynamoDBStreams_20120810.<Operation>}) on the same port as
 * DynamoDB's, as the AWS SDKs' Streams clients reach it with only the endpoint changed: ListStreams,
 * DescribeStream, GetShardIterator and GetRecords. It checks what the API reference constrains on the wire
 * (required members, lengths, ranges, the form of a stream ARN) with DynamoDB's ValidationException messages,
 * and leaves the rest (which streams and shards exist, which iterators are valid) to the engine.
 *
 * <p>Errors keep DynamoDB's {@code com.amazonaws.dynamodb.v20120810#} prefix: DynamoDB Streams answers with it,
 * and the SDKs (and boto3) read the name after {@code #}.
 */
public final class StreamsOperations {
    /** The X-Amz-Target prefix of the Streams API. */
    public static final String PREFIX = "DynamoDBStreams_20120810.";
    /** The operations served, by the name after {@link #PREFIX}. */
    public static final List<String> NAMES = List.of("ListStreams", "DescribeStream", "GetShardIterator",
            "GetRecords");

    /** arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL, as DynamoDB names a stream. */
    private static final Pattern STREAM_ARN = Pattern.compile(
            "arn:aws[a-z-]*:dynamodb:[a-z0-9-]*:[0-9a-zA-Z]*:table/[a-zA-Z0-9_.-]{3,255}/stream/[^/]+");
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    /** What the four operations read: the engine's streams (or, in a test, records made up for the JSON). */
    interface Source {
        ListStreamsResponse listStreams(ListStreamsRequest request);

        StreamDescription describeStream(DescribeStreamRequest request);

        String getShardIterator(GetShardIteratorRequest request);

        GetRecordsResponse getRecords(GetRecordsRequest request);

        static Source of(Engine engine) {
            return new Source() {
                @Override
                public ListStreamsResponse listStreams(ListStreamsRequest request) {
                    return engine.listStreams(request);
                }

                @Override
                public StreamDescription describeStream(DescribeStreamRequest request) {
                    return engine.describeStream(request);
                }

                @Override
                public String getShardIterator(GetShardIteratorRequest request) {
                    return engine.getShardIterator(request);
                }

                @Override
                public GetRecordsResponse getRecords(GetRecordsRequest request) {
                    return engine.getRecords(request);
                }
            };
        }
    }

    private final Source engine;

    public StreamsOperations(Engine engine) {
        this(Source.of(engine));
    }

    StreamsOperations(Source source) {
        this.engine = source;
    }

    /** Whether an X-Amz-Target names one of these operations. */
    public static boolean serves(String target) {
        return target != null && target.startsWith(PREFIX) && NAMES.contains(target.substring(PREFIX.length()));
    }

    /** Answers one request body; {@code operation} is the name after {@link #PREFIX}. */
    public byte[] call(String operation, JsonNode body) {
        JsonIn in = new JsonIn(body);
        try (JsonOut out = new JsonOut()) {
            out.json.writeStartObject();
            switch (operation) {
                case "ListStreams" -> listStreams(out, engine.listStreams(listStreams(in)));
                case "DescribeStream" -> describeStream(out, in);
                case "GetShardIterator" -> {
                    String iterator = engine.getShardIterator(getShardIterator(in));
                    out.json.writeStringField("ShardIterator", iterator);
                }
                case "GetRecords" -> getRecords(out, engine.getRecords(getRecords(in)));
                default -> throw new DynamoException(ErrorType.UnknownOperationException, "");
            }
            out.json.writeEndObject();
            return out.toBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- requests

    static ListStreamsRequest listStreams(JsonIn in) {
        Integer limit = range(in.integer("Limit"), "limit", 1, 100);
        String start = in.string("ExclusiveStartStreamArn");
        if (start != null) {
            streamArn(start, "exclusiveStartStreamArn");
        }
        String table = in.string("TableName");
        if (table != null) {
            length(table, "tableName", 3, 255);
            if (!TABLE_NAME.matcher(table).matches()) {
                throw DynamoException.validation("1 validation error detected: Value '" + table + "' at 'tableName' "
                        + "failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
            }
        }
        return new ListStreamsRequest(table, limit, start);
    }

    /** DescribeStream; with a ShardFilter (CHILD_SHARDS of a shard) only that shard's children are listed. */
    private void describeStream(JsonOut out, JsonIn in) throws IOException {
        String arn = streamArn(required(in.string("StreamArn"), "streamArn"), "streamArn");
        Integer limit = range(in.integer("Limit"), "limit", 1, 100);
        String start = in.string("ExclusiveStartShardId");
        if (start != null) {
            length(start, "exclusiveStartShardId", 28, 65);
        }
        JsonIn filter = in.object("ShardFilter");
        String parent = null;
        if (filter != null) {
            String type = required(filter.string("Type"), "shardFilter.type");
            if (!type.equals("CHILD_SHARDS")) {
                throw DynamoException.validation("1 validation error detected: Value '" + type + "' at "
                        + "'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: "
                        + "[CHILD_SHARDS]");
            }
            parent = length(required(filter.string("ShardId"), "shardFilter.shardId"), "shardFilter.shardId", 28, 65);
        }
        StreamDescription description;
        if (parent == null) {
            description = engine.describeStream(new DescribeStreamRequest(arn, limit, start));
        } else {
            // the children of one shard, from every page of the stream's shards
            StreamDescription page = engine.describeStream(new DescribeStreamRequest(arn, null, null));
            List<Shard> children = new ArrayList<>();
            while (true) {
                for (Shard shard : page.shards()) {
                    if (parent.equals(shard.parentShardId())) {
                        children.add(shard);
                    }
                }
                if (page.lastEvaluatedShardId() == null) {
                    break;
                }
                StreamDescription first = page;
                page = engine.describeStream(new DescribeStreamRequest(arn, null, first.lastEvaluatedShardId()));
            }
            description = new StreamDescription(page.streamArn(), page.streamLabel(), page.streamStatus(),
                    page.streamViewType(), page.creationRequestDateTime(), page.tableName(), page.keySchema(),
                    children, null);
        }
        streamDescription(out, description);
    }

    static GetShardIteratorRequest getShardIterator(JsonIn in) {
        String arn = streamArn(required(in.string("StreamArn"), "streamArn"), "streamArn");
        String shard = length(required(in.string("ShardId"), "shardId"), "shardId", 28, 65);
        ShardIteratorType type = required(in.enumValue("ShardIteratorType", ShardIteratorType.class,
                "shardIteratorType"), "shardIteratorType");
        String sequence = in.string("SequenceNumber");
        if (sequence != null) {
            length(sequence, "sequenceNumber", 21, 40);
        }
        boolean wantsSequence = type == ShardIteratorType.AT_SEQUENCE_NUMBER
                || type == ShardIteratorType.AFTER_SEQUENCE_NUMBER;
        if (wantsSequence && sequence == null) {
            throw DynamoException.validation("Must specify a sequence number for ShardIteratorType " + type);
        }
        if (!wantsSequence && sequence != null) {
            throw DynamoException.validation("Must not specify a sequence number for ShardIteratorType " + type);
        }
        return new GetShardIteratorRequest(arn, shard, type, sequence);
    }

    static GetRecordsRequest getRecords(JsonIn in) {
        String iterator = length(required(in.string("ShardIterator"), "shardIterator"), "shardIterator", 1, 2048);
        return new GetRecordsRequest(iterator, range(in.integer("Limit"), "limit", 1, 1000));
    }

    /** A stream ARN as DynamoDB forms them, or the ValidationException DynamoDB Streams answers for another. */
    static String streamArn(String arn, String member) {
        length(arn, member, 37, 1024);
        if (!STREAM_ARN.matcher(arn).matches()) {
            throw DynamoException.validation("Invalid StreamArn");
        }
        return arn;
    }

    private static <T> T required(T value, String member) {
        if (value == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String length(String value, String member, int min, int max) {
        if (value.length() < min || value.length() > max) {
            throw DynamoException.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length "
                    + (value.length() < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return value;
    }

    private static Integer range(Integer value, String member, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw DynamoException.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value "
                    + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return value;
    }

    // ---- responses

    private static void listStreams(JsonOut out, ListStreamsResponse response) throws IOException {
        JsonGenerator json = out.json;
        json.writeArrayFieldStart("Streams");
        for (StreamSummary stream : response.streams()) {
            json.writeStartObject();
            json.writeStringField("StreamArn", stream.streamArn());
            json.writeStringField("StreamLabel", stream.streamLabel());
            json.writeStringField("TableName", stream.tableName());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (response.lastEvaluatedStreamArn() != null) {
            json.writeStringField("LastEvaluatedStreamArn", response.lastEvaluatedStreamArn());
        }
    }

    private static void streamDescription(JsonOut out, StreamDescription stream) throws IOException {
        JsonGenerator json = out.json;
        json.writeObjectFieldStart("StreamDescription");
        json.writeStringField("StreamArn", stream.streamArn());
        json.writeStringField("StreamLabel", stream.streamLabel());
        json.writeStringField("StreamStatus", stream.streamStatus().name());
        if (stream.streamViewType() != null) {
            json.writeStringField("StreamViewType", stream.streamViewType().name());
        }
        if (stream.creationRequestDateTime() != null) {
            json.writeFieldName("CreationRequestDateTime");
            json.writeNumber(epochSeconds(stream.creationRequestDateTime()));
        }
        json.writeStringField("TableName", stream.tableName());
        json.writeArrayFieldStart("KeySchema");
        for (KeySchemaElement k : stream.keySchema()) {
            json.writeStartObject();
            json.writeStringField("AttributeName", k.attributeName());
            json.writeStringField("KeyType", k.keyType().name());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("Shards");
        for (Shard shard : stream.shards()) {
            json.writeStartObject();
            json.writeStringField("ShardId", shard.shardId());
            json.writeObjectFieldStart("SequenceNumberRange");
            json.writeStringField("StartingSequenceNumber", shard.sequenceNumberRange().startingSequenceNumber());
            if (shard.sequenceNumberRange().endingSequenceNumber() != null) {
                json.writeStringField("EndingSequenceNumber", shard.sequenceNumberRange().endingSequenceNumber());
            }
            json.writeEndObject();
            if (shard.parentShardId() != null) {
                json.writeStringField("ParentShardId", shard.parentShardId());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        if (stream.lastEvaluatedShardId() != null) {
            json.writeStringField("LastEvaluatedShardId", stream.lastEvaluatedShardId());
        }
        json.writeEndObject();
    }

    private static void getRecords(JsonOut out, GetRecordsResponse response) throws IOException {
        JsonGenerator json = out.json;
        json.writeArrayFieldStart("Records");
        for (StreamRecord record : response.records()) {
            json.writeStartObject();
            json.writeStringField("awsRegion", record.awsRegion());
            json.writeObjectFieldStart("dynamodb");
            json.writeFieldName("ApproximateCreationDateTime");
            // whole seconds, as DynamoDB Streams answers them (the SDKs read a number of epoch seconds)
            json.writeNumber(record.approximateCreationDateTime().getEpochSecond());
            out.attributes("Keys", record.keys());
            out.item("NewImage", record.newImage());
            out.item("OldImage", record.oldImage());
            json.writeStringField("SequenceNumber", record.sequenceNumber());
            json.writeNumberField("SizeBytes", record.sizeBytes());
            json.writeStringField("StreamViewType", record.streamViewType().name());
            json.writeEndObject();
            json.writeStringField("eventID", record.eventId());
            json.writeStringField("eventName", record.eventName().name());
            json.writeStringField("eventSource", "aws:dynamodb");
            json.writeStringField("eventVersion", "1.1");
            if (record.userIdentity() != null) {
                json.writeObjectFieldStart("userIdentity");
                json.writeStringField("PrincipalId", record.userIdentity().principalId());
                json.writeStringField("Type", record.userIdentity().type());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        if (response.nextShardIterator() != null) {
            json.writeStringField("NextShardIterator", response.nextShardIterator());
        }
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }
}
