package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.DescribeStreamRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetRecordsRequest;
import keystorm.engine.api.GetRecordsResponse;
import keystorm.engine.api.GetShardIteratorRequest;
import keystorm.engine.api.Identity;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.ListStreamsRequest;
import keystorm.engine.api.ListStreamsResponse;
import keystorm.engine.api.OperationType;
import keystorm.engine.api.SequenceNumberRange;
import keystorm.engine.api.Shard;
import keystorm.engine.api.ShardIteratorType;
import keystorm.engine.api.StreamDescription;
import keystorm.engine.api.StreamRecord;
import keystorm.engine.api.StreamStatus;
import keystorm.engine.api.StreamSummary;
import keystorm.engine.api.StreamViewType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.Test;

/**
 * The DynamoDB Streams JSON of {@link StreamsOperations} over records made up here (so it holds whatever the
 * engine's streams do): members named and typed as the DynamoDB Streams API reference has them, and the checks
 * made before the engine is asked.
 */
class StreamsJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/2026-12-02T18:00:00.000";
    static final String SHARD_A = "shardId-00000001700000000000-aaaaaaaa";
    static final String SHARD_B = "shardId-00000001700000000001-bbbbbbbb";
    static final String SHARD_C = "shardId-00000001700000000002-cccccccc";

    /** The requests the fake was asked, and fixed answers. */
    static final class Fake implements StreamsOperations.Source {
        final List<Object> asked = new ArrayList<>();

        @Override
        public ListStreamsResponse listStreams(ListStreamsRequest request) {
            asked.add(request);
            return new ListStreamsResponse(List.of(new StreamSummary(ARN, "orders", "2026-12-02T18:00:00.000")), ARN);
        }

        @Override
        public StreamDescription describeStream(DescribeStreamRequest request) {
            asked.add(request);
            // two pages of one shard each, then C: B and C are A's children
            List<Shard> shards;
            String last;
            if (request.exclusiveStartShardId() == null) {
                shards = List.of(new Shard(SHARD_A, new SequenceNumberRange("000000000000000000001",
                        "000000000000000000009"), null));
                last = SHARD_A;
            } else if (request.exclusiveStartShardId().equals(SHARD_A)) {
                shards = List.of(new Shard(SHARD_B, new SequenceNumberRange("000000000000000000010", null), SHARD_A));
                last = SHARD_B;
            } else {
                shards = List.of(new Shard(SHARD_C, new SequenceNumberRange("000000000000000000011", null), SHARD_A));
                last = null;
            }
            return new StreamDescription(ARN, "2026-12-02T18:00:00.000", StreamStatus.ENABLED,
                    StreamViewType.NEW_AND_OLD_IMAGES, Instant.parse("2026-12-02T18:00:00.250Z"), "orders",
                    List.of(new KeySchemaElement("p", KeyType.HASH)), shards, last);
        }

        @Override
        public String getShardIterator(GetShardIteratorRequest request) {
            asked.add(request);
            return ARN + "|1|opaque";
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            asked.add(request);
            Map<String, AttributeValue> key = Map.of("p", AttributeValue.s("k1"));
            Item old = Item.of(Map.of("p", AttributeValue.s("k1"), "v", AttributeValue.s("a")));
            return new GetRecordsResponse(List.of(
                    new StreamRecord("e1", OperationType.MODIFY, "ddblocal", Instant.parse("2026-12-02T18:00:01.700Z"),
                            key, Item.of(Map.of("p", AttributeValue.s("k1"), "v", AttributeValue.s("b"))), old,
                            "000000000000000000002", 20, StreamViewType.NEW_AND_OLD_IMAGES, null),
                    new StreamRecord("e2", OperationType.REMOVE, "ddblocal", Instant.parse("2026-12-02T18:00:02Z"),
                            key, null, old, "000000000000000000003", 15, StreamViewType.NEW_AND_OLD_IMAGES,
                            Identity.TIME_TO_LIVE)), ARN + "|1|next");
        }
    }

    static JsonNode call(StreamsOperations operations, String operation, String body) throws Exception {
        return JSON.readTree(operations.call(operation, JSON.readTree(body)));
    }

    @Test
    void getRecordsWritesDynamoDbStreamsRecords() throws Exception {
        Fake fake = new Fake();
        JsonNode out = call(new StreamsOperations(fake), "GetRecords", "{\"ShardIterator\":\"it\",\"Limit\":2}");
        assertThat(fake.asked).containsExactly(new GetRecordsRequest("it", 2));
        assertThat(out).isEqualTo(JSON.readTree("""
                {"Records":[
                 {"awsRegion":"ddblocal","dynamodb":{"ApproximateCreationDateTime":1796234401,
                   "Keys":{"p":{"S":"k1"}},"NewImage":{"p":{"S":"k1"},"v":{"S":"b"}},
                   "OldImage":{"p":{"S":"k1"},"v":{"S":"a"}},"SequenceNumber":"000000000000000000002",
                   "SizeBytes":20,"StreamViewType":"NEW_AND_OLD_IMAGES"},
                  "eventID":"e1","eventName":"MODIFY","eventSource":"aws:dynamodb","eventVersion":"1.1"},
                 {"awsRegion":"ddblocal","dynamodb":{"ApproximateCreationDateTime":1796234402,
                   "Keys":{"p":{"S":"k1"}},"OldImage":{"p":{"S":"k1"},"v":{"S":"a"}},
                   "SequenceNumber":"000000000000000000003","SizeBytes":15,"StreamViewType":"NEW_AND_OLD_IMAGES"},
                  "eventID":"e2","eventName":"REMOVE","eventSource":"aws:dynamodb","eventVersion":"1.1",
                  "userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}}],
                 "NextShardIterator":"%s"}""".formatted(ARN + "|1|next")));
    }

    @Test
    void describeStreamWritesTheStreamAndItsShards() throws Exception {
        Fake fake = new Fake();
        JsonNode out = call(new StreamsOperations(fake), "DescribeStream", "{\"StreamArn\":\"" + ARN + "\",\"Limit\":1}");
        assertThat(fake.asked).containsExactly(new DescribeStreamRequest(ARN, 1, null));
        JsonNode d = out.get("StreamDescription");
        assertThat(d.get("StreamArn").asText()).isEqualTo(ARN);
        assertThat(d.get("StreamLabel").asText()).isEqualTo("2026-12-02T18:00:00.000");
        assertThat(d.get("StreamStatus").asText()).isEqualTo("ENABLED");
        assertThat(d.get("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(d.get("CreationRequestDateTime").decimalValue()).isEqualByComparingTo("1796234400.250");
        assertThat(d.get("TableName").asText()).isEqualTo("orders");
        assertThat(d.get("KeySchema")).isEqualTo(JSON.readTree("[{\"AttributeName\":\"p\",\"KeyType\":\"HASH\"}]"));
        assertThat(d.get("Shards")).isEqualTo(JSON.readTree("[{\"ShardId\":\"" + SHARD_A + "\",\"SequenceNumberRange\":"
                + "{\"StartingSequenceNumber\":\"000000000000000000001\",\"EndingSequenceNumber\":\"000000000000000000009\"}}]"));
        assertThat(d.get("LastEvaluatedShardId").asText()).isEqualTo(SHARD_A);
    }

    @Test
    void aChildShardsFilterListsTheChildrenFromEveryPage() throws Exception {
        Fake fake = new Fake();
        JsonNode out = call(new StreamsOperations(fake), "DescribeStream", "{\"StreamArn\":\"" + ARN
                + "\",\"ShardFilter\":{\"Type\":\"CHILD_SHARDS\",\"ShardId\":\"" + SHARD_A + "\"}}");
        JsonNode shards = out.at("/StreamDescription/Shards");
        assertThat(shards).hasSize(2);
        assertThat(shards.get(0).get("ShardId").asText()).isEqualTo(SHARD_B);
        assertThat(shards.get(0).get("ParentShardId").asText()).isEqualTo(SHARD_A);
        assertThat(shards.get(1).get("ShardId").asText()).isEqualTo(SHARD_C);
        assertThat(out.at("/StreamDescription/LastEvaluatedShardId").isMissingNode()).isTrue();
        assertThat(fake.asked).hasSize(3);
    }

    @Test
    void listStreamsAndGetShardIteratorPassTheirMembers() throws Exception {
        Fake fake = new Fake();
        StreamsOperations operations = new StreamsOperations(fake);
        JsonNode list = call(operations, "ListStreams", "{\"TableName\":\"orders\",\"Limit\":100}");
        assertThat(list).isEqualTo(JSON.readTree("{\"Streams\":[{\"StreamArn\":\"" + ARN + "\",\"StreamLabel\":"
                + "\"2026-12-02T18:00:00.000\",\"TableName\":\"orders\"}],\"LastEvaluatedStreamArn\":\"" + ARN + "\"}"));
        JsonNode iterator = call(operations, "GetShardIterator", "{\"StreamArn\":\"" + ARN + "\",\"ShardId\":\""
                + SHARD_A + "\",\"ShardIteratorType\":\"AFTER_SEQUENCE_NUMBER\",\"SequenceNumber\":\"000000000000000000001\"}");
        assertThat(iterator.get("ShardIterator").asText()).isEqualTo(ARN + "|1|opaque");
        assertThat(fake.asked).containsExactly(new ListStreamsRequest("orders", 100, null),
                new GetShardIteratorRequest(ARN, SHARD_A, ShardIteratorType.AFTER_SEQUENCE_NUMBER, "000000000000000000001"));
    }

    @Test
    void wireConstraintsAreValidationExceptionsBeforeTheEngineIsAsked() {
        Fake fake = new Fake();
        StreamsOperations operations = new StreamsOperations(fake);
        String shard = "\",\"ShardId\":\"" + SHARD_A + "\"";
        for (String[] bad : new String[][] {
                {"ListStreams", "{\"Limit\":0}", "Member must have value greater than or equal to 1"},
                {"ListStreams", "{\"Limit\":101}", "Member must have value less than or equal to 100"},
                {"ListStreams", "{\"TableName\":\"a b c\"}", "regular expression pattern"},
                {"DescribeStream", "{}", "Value null at 'streamArn'"},
                {"DescribeStream", "{\"StreamArn\":\"sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf\"}", "Invalid StreamArn"},
                {"DescribeStream", "{\"StreamArn\":\"" + ARN + "\",\"ShardFilter\":{\"Type\":\"foo\",\"ShardId\":\"" + SHARD_A + "\"}}", "shardFilter.type"},
                {"DescribeStream", "{\"StreamArn\":\"" + ARN + "\",\"ShardFilter\":{\"Type\":\"CHILD_SHARDS\",\"ShardId\":\"qwerty\"}}", "shardFilter.shardId"},
                {"DescribeStream", "{\"StreamArn\":\"" + ARN + "\",\"ShardFilter\":{\"ShardId\":\"" + SHARD_A + "\"}}", "shardFilter.type"},
                {"DescribeStream", "{\"StreamArn\":\"" + ARN + "\",\"ShardFilter\":{\"Type\":\"CHILD_SHARDS\"}}", "shardFilter.shardId"},
                {"GetShardIterator", "{\"StreamArn\":\"" + ARN + shard + "}", "Value null at 'shardIteratorType'"},
                {"GetShardIterator", "{\"StreamArn\":\"" + ARN + shard + ",\"ShardIteratorType\":\"bulle\"}", "enum value set"},
                {"GetShardIterator", "{\"StreamArn\":\"" + ARN + shard + ",\"ShardIteratorType\":\"AT_SEQUENCE_NUMBER\"}", "sequence number"},
                {"GetShardIterator", "{\"StreamArn\":\"" + ARN + shard + ",\"ShardIteratorType\":\"LATEST\",\"SequenceNumber\":\"000000000000000000001\"}", "sequence number"},
                {"GetShardIterator", "{\"StreamArn\":\"" + ARN + shard + ",\"ShardIteratorType\":\"LATEST\",\"SequenceNumber\":\"sdfsafglldfngjdafnasdflgnaldklkafdsgklnasdlv\"}", "sequenceNumber"},
                {"GetShardIterator", "{\"StreamArn\":\"" + ARN + "\",\"ShardId\":\"short\",\"ShardIteratorType\":\"LATEST\"}", "shardId"},
                {"GetRecords", "{}", "Value null at 'shardIterator'"},
                {"GetRecords", "{\"ShardIterator\":\"it\",\"Limit\":1001}", "'limit'"},
                {"GetRecords", "{\"ShardIterator\":\"it\",\"Limit\":0}", "'limit'"},
                {"GetRecords", "{\"ShardIterator\":\"\"}", "shardIterator"}}) {
            assertThatThrownBy(() -> call(operations, bad[0], bad[1])).as(bad[0] + " " + bad[1])
                    .isInstanceOfSatisfying(DynamoException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.ValidationException))
                    .hasMessageContaining(bad[2]);
        }
        assertThat(fake.asked).isEmpty();
    }

    @Test
    void aMemberOfTheWrongJsonTypeIsASerializationException() {
        StreamsOperations operations = new StreamsOperations(new Fake());
        assertThatThrownBy(() -> call(operations, "GetRecords", "{\"ShardIterator\":5}"))
                .isInstanceOfSatisfying(DynamoException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.SerializationException));
    }
}
