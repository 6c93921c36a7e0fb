package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.auth.Decision;
import keystorm.engine.auth.Policy;
import keystorm.engine.auth.Request;
import keystorm.engine.auth.Request.Attributes;
import keystorm.engine.server.RequestContexts.Contexts;
import keystorm.engine.server.RequestContexts.TableKeys;
import org.junit.jupiter.api.Test;

class RequestContextsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String T = "arn:aws:dynamodb:eu-west-1:000000000000:table/";
    /** users (pk "user"), orders (pk "customer", sk "id"); "gone" does not exist. */
    static final Map<String, TableKeys> TABLES = Map.of(
            "users", new TableKeys("user", Optional.empty()),
            "orders", new TableKeys("customer", Optional.of("id")));

    static Contexts contexts(String operation, String body) {
        try {
            return RequestContexts.of(operation, JSON.readTree(body), "eu-west-1", "000000000000",
                    t -> Optional.ofNullable(TABLES.get(t)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static List<Request> requests(String operation, String body) {
        Contexts contexts = contexts(operation, body);
        assertThat(contexts.deferred()).isEmpty();
        assertThat(contexts.missingTables()).isEmpty();
        return contexts.requests();
    }

    static Request named(String action, String resource, Set<String> leading, String... attributes) {
        return new Request(action, resource, leading, Attributes.of(attributes), Optional.empty());
    }

    @Test
    void tableLevelOperationsNameTheTableAndListTablesNamesEverything() {
        assertThat(requests("ListTables", "{}")).containsExactly(Request.of("dynamodb:ListTables", "*"));
        assertThat(requests("DescribeTable", "{\"TableName\": \"users\"}"))
                .containsExactly(Request.of("dynamodb:DescribeTable", T + "users"));
        assertThat(contexts("CreateTable", "{\"TableName\": \"new\"}").requests())
                .containsExactly(Request.of("dynamodb:CreateTable", T + "new"));
        assertThatThrownBy(() -> contexts("DeleteTable", "{}")).isInstanceOf(DynamoException.class)
                .hasMessageContaining("Value null at 'tableName'");
    }

    @Test
    void tableApiActionsNameTheirResources() {
        assertThat(requests("UpdateTable", "{\"TableName\": \"users\", \"BillingMode\": \"PAY_PER_REQUEST\"}"))
                .containsExactly(Request.of("dynamodb:UpdateTable", T + "users"));
        // tags: on the ResourceArn as given (the engine answers for one it cannot read, or a missing table)
        String arn = "arn:aws:dynamodb:ddblocal:000000000000:table/users";
        assertThat(requests("TagResource", "{\"ResourceArn\": \"" + arn + "\", \"Tags\": []}"))
                .containsExactly(Request.of("dynamodb:TagResource", arn));
        assertThat(requests("UntagResource", "{\"ResourceArn\": \"" + arn + "\", \"TagKeys\": [\"k\"]}"))
                .containsExactly(Request.of("dynamodb:UntagResource", arn));
        assertThat(requests("ListTagsOfResource", "{\"ResourceArn\": \"not-an-arn\"}"))
                .containsExactly(Request.of("dynamodb:ListTagsOfResource", "not-an-arn"));
        assertThatThrownBy(() -> contexts("TagResource", "{}")).isInstanceOf(DynamoException.class)
                .hasMessageContaining("Value null at 'resourceArn'");
        assertThat(requests("DescribeLimits", "{}")).containsExactly(Request.of("dynamodb:DescribeLimits", "*"));
        assertThat(requests("DescribeEndpoints", "{}")).containsExactly(Request.of("dynamodb:DescribeEndpoints", "*"));
        assertThatThrownBy(() -> contexts("UpdateTable", "{}")).isInstanceOf(DynamoException.class)
                .hasMessageContaining("Value null at 'tableName'");
        Policy tagger = Policy.parse("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"dynamodb:*Tag*\", "
                + "\"Resource\": \"arn:aws:dynamodb:*:*:table/users\"}]}");
        assertThat(Decision.evaluate(List.of(tagger), Request.of("dynamodb:TagResource", arn)).allowed()).isTrue();
        assertThat(Decision.evaluate(List.of(tagger), Request.of("dynamodb:UpdateTable", T + "users")).allowed()).isFalse();
    }

    @Test
    void itemOperationsCarryThePartitionKeyAndTheAttributesTheyTouch() {
        assertThat(requests("GetItem", "{\"TableName\": \"users\", \"Key\": {\"user\": {\"S\": \"alice\"}}}"))
                .containsExactly(new Request("dynamodb:GetItem", T + "users", Set.of("alice"), Attributes.ALL,
                        Optional.empty()));
        assertThat(requests("GetItem", "{\"TableName\": \"orders\", \"Key\": {\"customer\": {\"N\": \"1.50\"}, "
                + "\"id\": {\"S\": \"o1\"}}, \"ProjectionExpression\": \"#t, price.net\", "
                + "\"ExpressionAttributeNames\": {\"#t\": \"items\"}}"))
                .containsExactly(named("dynamodb:GetItem", T + "orders", Set.of("1.5"), "items", "price", "customer", "id"));
        assertThat(requests("GetItem", "{\"TableName\": \"users\", \"Key\": {\"user\": {\"B\": \"AAEC\"}}, "
                + "\"AttributesToGet\": [\"name\"]}"))
                .containsExactly(named("dynamodb:GetItem", T + "users", Set.of("AAEC"), "name", "user"));
        assertThat(requests("PutItem", "{\"TableName\": \"users\", \"Item\": {\"user\": {\"S\": \"bob\"}, "
                + "\"age\": {\"N\": \"3\"}}, \"ConditionExpression\": \"attribute_not_exists(#v)\", "
                + "\"ExpressionAttributeNames\": {\"#v\": \"version\"}}"))
                .containsExactly(named("dynamodb:PutItem", T + "users", Set.of("bob"), "user", "age", "version"));
        assertThat(requests("UpdateItem", "{\"TableName\": \"users\", \"Key\": {\"user\": {\"S\": \"bob\"}}, "
                + "\"UpdateExpression\": \"SET a.b = :v REMOVE c[0]\", \"ExpressionAttributeValues\": {\":v\": {\"N\": \"1\"}}, "
                + "\"ReturnValues\": \"UPDATED_NEW\"}"))
                .containsExactly(named("dynamodb:UpdateItem", T + "users", Set.of("bob"), "user", "a", "c"));
        assertThat(requests("UpdateItem", "{\"TableName\": \"users\", \"Key\": {\"user\": {\"S\": \"bob\"}}, "
                + "\"AttributeUpdates\": {\"n\": {\"Action\": \"PUT\", \"Value\": {\"S\": \"x\"}}}}"))
                .containsExactly(named("dynamodb:UpdateItem", T + "users", Set.of("bob"), "user", "n"));
        assertThat(requests("DeleteItem", "{\"TableName\": \"users\", \"Key\": {\"user\": {\"S\": \"bob\"}}, "
                + "\"ReturnValues\": \"ALL_OLD\"}"))
                .containsExactly(new Request("dynamodb:DeleteItem", T + "users", Set.of("bob"), Attributes.ALL,
                        Optional.empty()));
    }

    @Test
    void aWriteThatAnswersWithTheWholeItemReadsEveryAttribute() {
        assertThat(requests("TransactWriteItems", "{\"TransactItems\": [{\"Put\": {\"TableName\": \"users\", "
                + "\"Item\": {\"user\": {\"S\": \"a\"}}, \"ConditionExpression\": \"attribute_not_exists(#u)\", "
                + "\"ExpressionAttributeNames\": {\"#u\": \"user\"}, "
                + "\"ReturnValuesOnConditionCheckFailure\": \"ALL_OLD\"}}]}"))
                .containsExactly(new Request("dynamodb:PutItem", T + "users", Set.of("a"), Attributes.ALL,
                        Optional.empty()));
        assertThat(requests("UpdateItem", "{\"TableName\": \"users\", \"Key\": {\"user\": {\"S\": \"a\"}}, "
                + "\"UpdateExpression\": \"REMOVE x\", \"ReturnValues\": \"ALL_NEW\"}"))
                .containsExactly(new Request("dynamodb:UpdateItem", T + "users", Set.of("a"), Attributes.ALL,
                        Optional.empty()));
        assertThat(requests("Scan", "{\"TableName\": \"users\", \"Select\": \"ALL_ATTRIBUTES\"}"))
                .containsExactly(new Request("dynamodb:Scan", T + "users", Set.of(), Attributes.ALL,
                        Optional.of("ALL_ATTRIBUTES")));
    }

    @Test
    void aQueryCarriesItsKeyConditionsPartitionKeyAndAScanNone() {
        assertThat(requests("Query", "{\"TableName\": \"orders\", \"KeyConditionExpression\": \"#c = :c AND id > :i\", "
                + "\"ExpressionAttributeNames\": {\"#c\": \"customer\"}, \"ExpressionAttributeValues\": "
                + "{\":c\": {\"S\": \"alice\"}, \":i\": {\"S\": \"o\"}}}"))
                .containsExactly(new Request("dynamodb:Query", T + "orders", Set.of("alice"), Attributes.ALL,
                        Optional.empty()));
        Contexts index = contexts("Query", "{\"TableName\": \"orders\", \"KeyConditions\": {\"customer\": "
                + "{\"ComparisonOperator\": \"EQ\", \"AttributeValueList\": [{\"S\": \"bob\"}]}}, "
                + "\"Select\": \"COUNT\", \"IndexName\": \"byDate\"}");
        // authorized on the index's ARN; whether the table has the index is the engine's answer, not the context's
        assertThat(index.deferred()).isEmpty();
        assertThat(index.requests())
                .containsExactly(new Request("dynamodb:Query", T + "orders/index/byDate", Set.of("bob"),
                        Attributes.of("customer", "id"), Optional.of("COUNT")));
        assertThat(requests("Scan", "{\"TableName\": \"users\", \"ProjectionExpression\": \"a\", "
                + "\"FilterExpression\": \"b > :z\", \"ExpressionAttributeValues\": {\":z\": {\"N\": \"0\"}}, "
                + "\"Select\": \"SPECIFIC_ATTRIBUTES\"}"))
                .containsExactly(new Request("dynamodb:Scan", T + "users", Set.of(), Attributes.of("user", "a", "b"),
                        Optional.of("SPECIFIC_ATTRIBUTES")));
    }

    @Test
    void transactionsAndBatchesAskOnceForEveryItem() {
        assertThat(requests("TransactWriteItems", """
                {"TransactItems": [
                  {"Put": {"TableName": "users", "Item": {"user": {"S": "a"}}}},
                  {"Update": {"TableName": "users", "Key": {"user": {"S": "b"}}, "UpdateExpression": "SET n = :n",
                              "ExpressionAttributeValues": {":n": {"N": "1"}}}},
                  {"Delete": {"TableName": "orders", "Key": {"customer": {"S": "c"}, "id": {"S": "1"}}}},
                  {"ConditionCheck": {"TableName": "users", "Key": {"user": {"S": "d"}},
                                      "ConditionExpression": "attribute_exists(v)"}}]}"""))
                .containsExactly(
                        named("dynamodb:PutItem", T + "users", Set.of("a"), "user"),
                        named("dynamodb:UpdateItem", T + "users", Set.of("b"), "user", "n"),
                        named("dynamodb:DeleteItem", T + "orders", Set.of("c"), "customer", "id"),
                        named("dynamodb:ConditionCheckItem", T + "users", Set.of("d"), "user", "v"));
        assertThat(requests("TransactGetItems", "{\"TransactItems\": [{\"Get\": {\"TableName\": \"users\", "
                + "\"Key\": {\"user\": {\"S\": \"a\"}}}}]}"))
                .containsExactly(new Request("dynamodb:GetItem", T + "users", Set.of("a"), Attributes.ALL,
                        Optional.empty()));
        assertThat(requests("BatchWriteItem", """
                {"RequestItems": {"users": [{"PutRequest": {"Item": {"user": {"S": "a"}, "x": {"S": "1"}}}},
                                            {"DeleteRequest": {"Key": {"user": {"S": "b"}}}}]}}"""))
                .containsExactly(
                        named("dynamodb:BatchWriteItem", T + "users", Set.of("a"), "user", "x"),
                        named("dynamodb:BatchWriteItem", T + "users", Set.of("b"), "user"));
        assertThat(requests("BatchGetItem", """
                {"RequestItems": {"users": {"Keys": [{"user": {"S": "a"}}, {"user": {"S": "b"}}],
                                            "AttributesToGet": ["x"]}}}"""))
                .containsExactly(
                        named("dynamodb:BatchGetItem", T + "users", Set.of("a"), "x", "user"),
                        named("dynamodb:BatchGetItem", T + "users", Set.of("b"), "x", "user"));
    }

    @Test
    void aContextThatCannotBeBuiltIsAnErrorAnsweredOnceAllowed() {
        Contexts noKey = contexts("GetItem", "{\"TableName\": \"users\", \"Key\": {\"name\": {\"S\": \"a\"}}}");
        assertThat(noKey.requests()).containsExactly(new Request("dynamodb:GetItem", T + "users", Set.of(),
                Attributes.ALL, Optional.empty()));
        assertThat(noKey.deferred()).hasValueSatisfying(e -> assertThat(e.getMessage())
                .isEqualTo("The provided key element does not match the schema"));
        Contexts badCondition = contexts("Query", "{\"TableName\": \"orders\", \"KeyConditionExpression\": \"id = :i\", "
                + "\"ExpressionAttributeValues\": {\":i\": {\"S\": \"o\"}}}");
        assertThat(badCondition.deferred()).hasValueSatisfying(e -> assertThat(e.getMessage())
                .isEqualTo("Query condition missed key schema element: customer"));
        Contexts missing = contexts("PutItem", "{\"TableName\": \"gone\", \"Item\": {\"k\": {\"S\": \"a\"}}}");
        assertThat(missing.missingTables()).containsExactly("gone");
        assertThat(missing.deferred()).isEmpty();
        assertThatThrownBy(() -> contexts("TransactWriteItems", "{\"TransactItems\": {}}"))
                .isInstanceOfSatisfying(DynamoException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.SerializationException));
        assertThatThrownBy(() -> contexts("GetItem", "[1]"))
                .isInstanceOfSatisfying(DynamoException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.SerializationException));
    }

    /** The README's policy: a credential limited to its own partition keys, and no Scan. */
    static final Policy OWN_KEYS = Policy.parse(AuthServerTest.OWN_KEYS);

    static boolean allowed(String operation, String body) {
        return contexts(operation, body).requests().stream()
                .allMatch(r -> Decision.evaluate(List.of(OWN_KEYS), r).allowed());
    }

    @Test
    void theReadmePolicyKeepsACredentialToItsOwnPartitionKeys() {
        String aliceKey = "{\"customer\": {\"S\": \"alice\"}, \"id\": {\"S\": \"1\"}}";
        String bobKey = "{\"customer\": {\"S\": \"bob\"}, \"id\": {\"S\": \"1\"}}";
        assertThat(allowed("GetItem", "{\"TableName\": \"orders\", \"Key\": " + aliceKey + "}")).isTrue();
        assertThat(allowed("GetItem", "{\"TableName\": \"orders\", \"Key\": " + bobKey + "}")).isFalse();
        assertThat(allowed("Query", "{\"TableName\": \"orders\", \"KeyConditionExpression\": \"customer = :c\", "
                + "\"ExpressionAttributeValues\": {\":c\": {\"S\": \"alice\"}}}")).isTrue();
        assertThat(allowed("Query", "{\"TableName\": \"orders\", \"KeyConditionExpression\": \"customer = :c\", "
                + "\"ExpressionAttributeValues\": {\":c\": {\"S\": \"bob\"}}}")).isFalse();
        // a Scan has no leading key, and ForAllValues over none holds: it is kept out by its action not being listed
        assertThat(allowed("Scan", "{\"TableName\": \"orders\"}")).isFalse();
        assertThat(allowed("BatchWriteItem", "{\"RequestItems\": {\"orders\": [{\"PutRequest\": {\"Item\": " + aliceKey
                + "}}, {\"PutRequest\": {\"Item\": " + bobKey + "}}]}}")).isFalse();
        assertThat(allowed("DescribeTable", "{\"TableName\": \"orders\"}")).isFalse();
    }

    @Test
    void streamsAndTimeToLiveActionsNameTheStreamOrTheTable() {
        String stream = "arn:aws:dynamodb:ddblocal:000000000000:table/users/stream/2026-12-02T18:00:00.000";
        String inCallers = T + "users/stream/2026-12-02T18:00:00.000";
        String prefix = StreamsOperations.PREFIX;
        assertThat(requests(prefix + "ListStreams", "{}")).containsExactly(Request.of("dynamodb:ListStreams", "*"));
        assertThat(requests(prefix + "DescribeStream", "{\"StreamArn\": \"" + stream + "\"}"))
                .containsExactly(Request.of("dynamodb:DescribeStream", inCallers));
        assertThat(requests(prefix + "GetShardIterator", "{\"StreamArn\": \"" + stream + "\"}"))
                .containsExactly(Request.of("dynamodb:GetShardIterator", inCallers));
        assertThat(requests(prefix + "GetRecords", "{\"ShardIterator\": \"" + stream + "|1|abc\"}"))
                .containsExactly(Request.of("dynamodb:GetRecords", inCallers));
        // an iterator that names no stream needs a grant on every stream
        assertThat(requests(prefix + "GetRecords", "{\"ShardIterator\": \"opaque\"}"))
                .containsExactly(Request.of("dynamodb:GetRecords", T + "*/stream/*"));
        assertThatThrownBy(() -> contexts(prefix + "DescribeStream", "{\"StreamArn\": \"not-an-arn-not-an-arn-not-an-arn-not-an-arn\"}"))
                .isInstanceOf(DynamoException.class).hasMessageContaining("Invalid StreamArn");
        assertThatThrownBy(() -> contexts(prefix + "GetRecords", "{}")).isInstanceOf(DynamoException.class)
                .hasMessageContaining("Value null at 'shardIterator'");
        assertThat(requests("UpdateTimeToLive", "{\"TableName\": \"users\"}"))
                .containsExactly(Request.of("dynamodb:UpdateTimeToLive", T + "users"));
        assertThat(requests("DescribeTimeToLive", "{\"TableName\": \"users\"}"))
                .containsExactly(Request.of("dynamodb:DescribeTimeToLive", T + "users"));
    }
}
