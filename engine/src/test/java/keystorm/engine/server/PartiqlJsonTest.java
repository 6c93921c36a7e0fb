package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void eachStatementNamesItsActionAndTable() {
        assertThat(PartiqlActions.of("SELECT a, \"from\" FROM \"Music\" WHERE k = 'FROM'"))
                .isEqualTo(new PartiqlActions.Target("dynamodb:PartiQLSelect", "Music", null));
        assertThat(PartiqlActions.of("select * from \"Music\".\"ByArtist\""))
                .isEqualTo(new PartiqlActions.Target("dynamodb:PartiQLSelect", "Music", "ByArtist"));
        assertThat(PartiqlActions.of("  INSERT INTO Music VALUE {'k': 'a'}"))
                .isEqualTo(new PartiqlActions.Target("dynamodb:PartiQLInsert", "Music", null));
        assertThat(PartiqlActions.of("UPDATE \"a\"\"b\" SET v = 1 WHERE k = 'a'"))
                .isEqualTo(new PartiqlActions.Target("dynamodb:PartiQLUpdate", "a\"b", null));
        assertThat(PartiqlActions.of("DELETE FROM \"t.1\" WHERE k = 'a'"))
                .isEqualTo(new PartiqlActions.Target("dynamodb:PartiQLDelete", "t.1", null));
        assertThat(PartiqlActions.of("EXISTS(SELECT * FROM \"t\" WHERE k = 'a')"))
                .isEqualTo(new PartiqlActions.Target("dynamodb:PartiQLSelect", "t", null));
        for (String bad : List.of("", "SELEC * FROM t", "SELECT * WHERE k = 1", "INSERT t VALUE {}", "DELETE t",
                "UPDATE \"t", "EXISTS SELECT * FROM t")) {
            refused(() -> PartiqlActions.of(bad), ErrorType.ValidationException,
                    "Statement wasn't well formed, can't be processed");
        }
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
        refused(() -> RequestContextsTest.contexts("ExecuteStatement", "{}"), ErrorType.ValidationException,
                "Value null at 'statement'");
    }

    static void refused(Runnable call, ErrorType type, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
