package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import keystorm.engine.api.BatchExecuteStatementRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteTransactionRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.auth.Request;
import keystorm.engine.item.AttributeValue;
import org.junit.jupiter.api.Test;

/** PartiQL's request members as the server reads them, and what --auth asks of each statement. */
class PartiqlJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonIn in(String body) {
        try {
            return new JsonIn(JSON.readTree(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void executeStatementCarriesEveryMember() {
        ExecuteStatementRequest r = PartiqlJson.executeStatementRequest(in("{\"Statement\": \"SELECT * FROM t WHERE k = ?\","
                + " \"Parameters\": [{\"S\": \"a\"}], \"ConsistentRead\": true, \"Limit\": 3, \"NextToken\": \"tok\","
                + " \"ReturnConsumedCapacity\": \"TOTAL\", \"ReturnValuesOnConditionCheckFailure\": \"ALL_OLD\"}"));
        assertThat(r).isEqualTo(new ExecuteStatementRequest("SELECT * FROM t WHERE k = ?", List.of(AttributeValue.s("a")),
                true, 3, "tok", ReturnConsumedCapacity.TOTAL, ReturnValuesOnConditionCheckFailure.ALL_OLD));
        ExecuteStatementRequest bare = PartiqlJson.executeStatementRequest(in("{\"Statement\": \"SELECT * FROM t\"}"));
        assertThat(bare).isEqualTo(ExecuteStatementRequest.of("SELECT * FROM t"));
    }

    @Test
    void batchAndTransactionCarryTheirStatementsInOrder() {
        BatchExecuteStatementRequest batch = PartiqlJson.batchExecuteStatementRequest(in("{\"Statements\": ["
                + "{\"Statement\": \"SELECT * FROM t WHERE k = 'a'\", \"ConsistentRead\": true},"
                + "{\"Statement\": \"SELECT * FROM t WHERE k = ?\", \"Parameters\": [{\"N\": \"1\"}]}],"
                + " \"ReturnConsumedCapacity\": \"INDEXES\"}"));
        assertThat(batch.statements()).hasSize(2);
        assertThat(batch.statements().get(0).consistentRead()).isTrue();
        assertThat(batch.statements().get(1).parameters()).containsExactly(AttributeValue.n(1));
        assertThat(batch.returnConsumedCapacity()).isEqualTo(ReturnConsumedCapacity.INDEXES);
        ExecuteTransactionRequest tx = PartiqlJson.executeTransactionRequest(in("{\"TransactStatements\": ["
                + "{\"Statement\": \"UPDATE t SET v = 1 WHERE k = 'a'\", \"ReturnValuesOnConditionCheckFailure\": \"ALL_OLD\"}],"
                + " \"ClientRequestToken\": \"token-1\"}"));
        assertThat(tx.transactStatements().getFirst().returnValuesOnConditionCheckFailure())
                .isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        assertThat(tx.clientRequestToken()).isEqualTo("token-1");
    }

    @Test
    void constraintsOfTheServiceModelAreValidationErrorsInDynamoDbsWords() {
        refused(() -> PartiqlJson.executeStatementRequest(in("{}")), ErrorType.ValidationException,
                "1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must not be null");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"\"}")), ErrorType.ValidationException,
                "Value '' at 'statement' failed to satisfy constraint: Member must have length greater than or equal to 1");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"" + "x".repeat(8193) + "\"}")),
                ErrorType.ValidationException, "Member must have length less than or equal to 8192");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"s\", \"Limit\": 0}")),
                ErrorType.ValidationException,
                "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"s\", \"Parameters\": []}")),
                ErrorType.ValidationException, "at 'parameters' failed to satisfy constraint: Member must have length "
                        + "greater than or equal to 1");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"s\", \"NextToken\": \"\"}")),
                ErrorType.ValidationException, "at 'nextToken'");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"s\", \"ReturnConsumedCapacity\": \"ALL\"}")),
                ErrorType.ValidationException, "Member must satisfy enum value set");
        refused(() -> PartiqlJson.batchExecuteStatementRequest(in("{\"Statements\": []}")), ErrorType.ValidationException,
                "at 'statements' failed to satisfy constraint: Member must have length greater than or equal to 1");
        String many = "{\"Statements\": [" + String.join(",", java.util.Collections.nCopies(26,
                "{\"Statement\": \"SELECT * FROM t WHERE k = 'a'\"}")) + "]}";
        refused(() -> PartiqlJson.batchExecuteStatementRequest(in(many)), ErrorType.ValidationException,
                "Member must have length less than or equal to 25");
        refused(() -> PartiqlJson.batchExecuteStatementRequest(in("{\"Statements\": [{}]}")), ErrorType.ValidationException,
                "Value null at 'statements.member.statement'");
        refused(() -> PartiqlJson.executeTransactionRequest(in("{}")), ErrorType.ValidationException,
                "Value null at 'transactStatements'");
        String hundredOne = "{\"TransactStatements\": [" + String.join(",", java.util.Collections.nCopies(101,
                "{\"Statement\": \"SELECT * FROM t WHERE k = 'a'\"}")) + "]}";
        refused(() -> PartiqlJson.executeTransactionRequest(in(hundredOne)), ErrorType.ValidationException,
                "Member must have length less than or equal to 100");
        refused(() -> PartiqlJson.executeTransactionRequest(in("{\"TransactStatements\": [{\"Statement\": \"s\"}],"
                + " \"ClientRequestToken\": \"" + "t".repeat(37) + "\"}")), ErrorType.ValidationException,
                "at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36");
    }

    @Test
    void wrongJsonTypesAreSerializationErrors() {
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": 5}")), ErrorType.SerializationException, "");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"s\", \"Limit\": \"x\"}")),
                ErrorType.SerializationException, "");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"s\", \"Parameters\": {}}")),
                ErrorType.SerializationException, "");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"s\", \"ConsistentRead\": \"yes\"}")),
                ErrorType.SerializationException, "");
        refused(() -> PartiqlJson.executeStatementRequest(in("{\"Statement\": \"s\", \"Parameters\": [{}]}")),
                ErrorType.ValidationException, "Supplied AttributeValue is empty");
        refused(() -> PartiqlJson.batchExecuteStatementRequest(in("{\"Statements\": {}}")), ErrorType.SerializationException, "");
        refused(() -> PartiqlJson.batchExecuteStatementRequest(in("{\"Statements\": [5]}")), ErrorType.SerializationException, "");
    }

    @Test
    void authAsksForThePartiqlActionOfEveryStatementOnItsTable() {
        String t = RequestContextsTest.T;
        assertThat(RequestContextsTest.requests("ExecuteStatement", "{\"Statement\": \"SELECT * FROM users\"}"))
                .containsExactly(new Request("dynamodb:PartiQLSelect", t + "users", Set.of(), Request.Attributes.ALL,
                        Optional.empty()));
        assertThat(RequestContextsTest.requests("BatchExecuteStatement", "{\"Statements\": ["
                + "{\"Statement\": \"UPDATE users SET v = 1 WHERE user = 'a'\"},"
                + "{\"Statement\": \"DELETE FROM \\\"gone\\\" WHERE k = 'b'\"}]}"))
                .extracting(Request::action, Request::resource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dynamodb:PartiQLUpdate", t + "users"),
                        org.assertj.core.groups.Tuple.tuple("dynamodb:PartiQLDelete", t + "gone"));
        assertThat(RequestContextsTest.requests("ExecuteTransaction", "{\"TransactStatements\": ["
                + "{\"Statement\": \"INSERT INTO orders VALUE {'customer': 'c', 'id': 1}\"},"
                + "{\"Statement\": \"SELECT * FROM orders.byDate WHERE customer = 'c'\"}]}"))
                .extracting(Request::action, Request::resource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dynamodb:PartiQLInsert", t + "orders"),
                        org.assertj.core.groups.Tuple.tuple("dynamodb:PartiQLSelect", t + "orders/index/byDate"));
        assertThat(RequestContextsTest.requests("ExecuteStatement", "{\"Statement\": \"select v from \\\"users\\\" "
                + "where \\\"user\\\" = 'a'\"}")).extracting(Request::action).containsExactly("dynamodb:PartiQLSelect");
        refused(() -> RequestContextsTest.contexts("ExecuteStatement", "{}"), ErrorType.ValidationException,
                "Value null at 'statement'");
        refused(() -> RequestContextsTest.contexts("ExecuteStatement", "{\"Statement\": \"SELEC * FROM users\"}"),
                ErrorType.ValidationException, "");
    }

    @Test
    void responsesAreWrittenAsDynamoDbWritesThem() throws Exception {
        try (keystorm.engine.Engine engine = new keystorm.engine.Engine(keystorm.engine.EngineConfig.inMemory())) {
            engine.createTable(keystorm.engine.api.CreateTableRequest.onDemand("songs", "pk",
                    keystorm.engine.api.ScalarAttributeType.S, "sk", keystorm.engine.api.ScalarAttributeType.N));
            Operations operations = new Operations(engine);
            assertThat(call(operations, "ExecuteStatement", "{\"Statement\": \"INSERT INTO songs VALUE {'pk': 'a', 'sk': 1}\"}"))
                    .isEqualTo("{\"Items\":[]}");
            call(operations, "ExecuteStatement", "{\"Statement\": \"INSERT INTO songs VALUE {'pk': 'a', 'sk': 2, 'v': 'x'}\"}");
            String page = call(operations, "ExecuteStatement", "{\"Statement\": \"SELECT * FROM songs WHERE pk = ?\","
                    + " \"Parameters\": [{\"S\": \"a\"}], \"Limit\": 1}");
            assertThat(JSON.readTree(page).get("Items")).hasSize(1);
            assertThat(JSON.readTree(page).get("NextToken").asText()).isNotEmpty();
            String batch = call(operations, "BatchExecuteStatement", "{\"Statements\": ["
                    + "{\"Statement\": \"SELECT * FROM songs WHERE pk = 'a' AND sk = 2\"},"
                    + "{\"Statement\": \"SELECT * FROM songs WHERE pk = 'a' AND sk = 3\"},"
                    + "{\"Statement\": \"SELECT * FROM nope WHERE pk = 'a' AND sk = 3\"}]}");
            JsonNode responses = JSON.readTree(batch).get("Responses");
            assertThat(responses).hasSize(3);
            assertThat(responses.get(0).get("TableName").asText()).isEqualTo("songs");
            assertThat(responses.get(0).get("Item").get("v").get("S").asText()).isEqualTo("x");
            assertThat(responses.get(1).has("Item")).isFalse();
            assertThat(responses.get(2).get("Error").get("Code").asText()).isEqualTo("ResourceNotFound");
            String read = call(operations, "ExecuteTransaction", "{\"TransactStatements\": ["
                    + "{\"Statement\": \"SELECT * FROM songs WHERE pk = 'a' AND sk = 1\"},"
                    + "{\"Statement\": \"SELECT * FROM songs WHERE pk = 'b' AND sk = 1\"}]}");
            assertThat(read).isEqualTo("{\"Responses\":[{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}},{}]}");
            assertThat(call(operations, "ExecuteTransaction", "{\"TransactStatements\": ["
                    + "{\"Statement\": \"UPDATE songs SET v = 'y' WHERE pk = 'a' AND sk = 1\"}]}")).isEqualTo("{}");
            assertThatThrownBy(() -> call(operations, "ExecuteStatement",
                    "{\"Statement\": \"INSERT INTO songs VALUE {'pk': 'a', 'sk': 1}\"}"))
                    .isInstanceOfSatisfying(DynamoException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.DuplicateItemException));
        }
    }

    static String call(Operations operations, String operation, String body) throws Exception {
        return new String(operations.call(operation, JSON.readTree(body)), java.nio.charset.StandardCharsets.UTF_8);
    }

    static void refused(Runnable call, ErrorType type, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
