package keystorm.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import keystorm.engine.Engine;
import keystorm.engine.api.BatchExecuteStatementRequest;
import keystorm.engine.api.BatchExecuteStatementResponse;
import keystorm.engine.api.BatchStatementRequest;
import keystorm.engine.api.BatchStatementResponse;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteStatementResponse;
import keystorm.engine.api.ExecuteTransactionRequest;
import keystorm.engine.api.ExecuteTransactionResponse;
import keystorm.engine.api.ParameterizedStatement;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/**
 * PartiQL's three operations over JSON: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.
 *
 * <p>The request members are checked against the constraints of DynamoDB's service model before the engine sees
 * them, in the words DynamoDB's request validation uses ("1 validation error detected: Value ... at 'member'
 * failed to satisfy constraint: ..."): Statement 1 to 8,192 characters, Parameters at least one value when given,
 * Limit at least 1, NextToken 1 to 32,768 characters, Statements 1 to 25, TransactStatements 1 to 100,
 * ClientRequestToken 1 to 36 characters. A member of the wrong JSON type is a SerializationException, as
 * everywhere in {@link JsonIn}. (DynamoDB Local answers most of these with a 500 InternalFailure, or with
 * "The statement was empty." for a missing Statements: the service's validation comes first, and keystorm follows
 * the service.) What a statement means, and whether its parameters fit it, is the engine's to judge.
 *
 * <p>Responses as DynamoDB writes them: ExecuteStatement always has {@code Items} (empty for a write), and
 * {@code NextToken}, {@code LastEvaluatedKey} and {@code ConsumedCapacity} when there are some;
 * BatchExecuteStatement one entry of {@code Responses} per statement in order, with {@code TableName}, {@code Item}
 * and {@code Error {Code, Message, Item}} as each has them; ExecuteTransaction {@code Responses} of
 * {@code {"Item": ...}} (or {@code {}} where no item was found) for a read transaction, and none for a write
 * transaction (the model's ItemResponseList has at least one entry, so an empty one is not written).
 */
final class PartiqlJson {
    static final int STATEMENT_LENGTH_MAX = keystorm.engine.partiql.Partiql.STATEMENT_CHARS_MAX;
    static final int NEXT_TOKEN_LENGTH_MAX = 32768;
    static final int BATCH_STATEMENTS_MAX = keystorm.engine.partiql.Partiql.BATCH_STATEMENTS_MAX;
    static final int TRANSACT_STATEMENTS_MAX = keystorm.engine.partiql.Partiql.TRANSACTION_STATEMENTS_MAX;
    static final int CLIENT_REQUEST_TOKEN_LENGTH_MAX = 36;

    private PartiqlJson() {
    }

    // ---- requests

    static ExecuteStatementRequest executeStatementRequest(JsonIn in) {
        Integer limit = in.integer("Limit");
        if (limit != null && limit < 1) {
            throw constraint("'" + limit + "'", "limit", "Member must have value greater than or equal to 1");
        }
        String nextToken = in.string("NextToken");
        if (nextToken != null) {
            length(nextToken, "nextToken", NEXT_TOKEN_LENGTH_MAX);
        }
        return new ExecuteStatementRequest(statement(in, "statement"), parameters(in, "parameters"),
                Boolean.TRUE.equals(in.bool("ConsistentRead")), limit, nextToken, capacity(in),
                onFailure(in, "returnValuesOnConditionCheckFailure"));
    }

    static BatchExecuteStatementRequest batchExecuteStatementRequest(JsonIn in) {
        List<JsonNode> statements = in.list("Statements", n -> n);
        count(statements, "statements", BATCH_STATEMENTS_MAX);
        List<BatchStatementRequest> requests = statements.stream().map(node -> {
            JsonIn s = JsonIn.structure(node);
            return new BatchStatementRequest(statement(s, "statements.member.statement"),
                    parameters(s, "statements.member.parameters"), Boolean.TRUE.equals(s.bool("ConsistentRead")),
                    onFailure(s, "statements.member.returnValuesOnConditionCheckFailure"));
        }).toList();
        return new BatchExecuteStatementRequest(requests, capacity(in));
    }

    static ExecuteTransactionRequest executeTransactionRequest(JsonIn in) {
        List<JsonNode> statements = in.list("TransactStatements", n -> n);
        count(statements, "transactStatements", TRANSACT_STATEMENTS_MAX);
        List<ParameterizedStatement> requests = statements.stream().map(node -> {
            JsonIn s = JsonIn.structure(node);
            return new ParameterizedStatement(statement(s, "transactStatements.member.statement"),
                    parameters(s, "transactStatements.member.parameters"),
                    onFailure(s, "transactStatements.member.returnValuesOnConditionCheckFailure"));
        }).toList();
        String token = in.string("ClientRequestToken");
        if (token != null) {
            length(token, "clientRequestToken", CLIENT_REQUEST_TOKEN_LENGTH_MAX);
        }
        return new ExecuteTransactionRequest(requests, token, capacity(in));
    }

    private static String statement(JsonIn in, String what) {
        String statement = in.string("Statement");
        if (statement == null) {
            throw constraint("null", what, "Member must not be null");
        }
        length(statement, what, STATEMENT_LENGTH_MAX);
        return statement;
    }

    /** Parameters: null when absent; an empty list is refused (the model's minimum is one). */
    private static List<AttributeValue> parameters(JsonIn in, String what) {
        List<AttributeValue> parameters = in.list("Parameters", JsonIn::attributeValue);
        if (parameters != null && parameters.isEmpty()) {
            throw constraint("'[]'", what, "Member must have length greater than or equal to 1");
        }
        return parameters;
    }

    private static void count(List<JsonNode> statements, String what, int max) {
        if (statements == null) {
            throw constraint("null", what, "Member must not be null");
        }
        if (statements.isEmpty()) {
            throw constraint("'[]'", what, "Member must have length greater than or equal to 1");
        }
        if (statements.size() > max) {
            throw constraint("'[" + statements.size() + " statements]'", what,
                    "Member must have length less than or equal to " + max);
        }
    }

    private static void length(String value, String what, int max) {
        if (value.isEmpty()) {
            throw constraint("''", what, "Member must have length greater than or equal to 1");
        }
        if (value.length() > max) {
            // the value itself is not echoed: it may be 8 KB of statement
            throw constraint("of " + value.length() + " characters", what,
                    "Member must have length less than or equal to " + max);
        }
    }

    private static DynamoException constraint(String value, String what, String constraint) {
        return DynamoException.validation("1 validation error detected: Value " + value + " at '" + what
                + "' failed to satisfy constraint: " + constraint);
    }

    private static ReturnConsumedCapacity capacity(JsonIn in) {
        return in.enumValue("ReturnConsumedCapacity", ReturnConsumedCapacity.class, "returnConsumedCapacity");
    }

    private static ReturnValuesOnConditionCheckFailure onFailure(JsonIn in, String what) {
        return in.enumValue("ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.class, what);
    }

    // ---- calls and responses

    static void executeStatement(JsonOut out, Engine engine, JsonIn in) throws IOException {
        ExecuteStatementResponse response = engine.executeStatement(executeStatementRequest(in));
        out.items("Items", response.items());
        if (response.nextToken() != null) {
            out.json.writeStringField("NextToken", response.nextToken());
        }
        if (response.lastEvaluatedKey() != null) {
            out.attributes("LastEvaluatedKey", response.lastEvaluatedKey());
        }
        out.capacity("ConsumedCapacity", response.consumedCapacity());
    }

    static void batchExecuteStatement(JsonOut out, Engine engine, JsonIn in) throws IOException {
        BatchExecuteStatementResponse response = engine.batchExecuteStatement(batchExecuteStatementRequest(in));
        out.json.writeArrayFieldStart("Responses");
        for (BatchStatementResponse one : response.responses()) {
            out.json.writeStartObject();
            if (one.tableName() != null) {
                out.json.writeStringField("TableName", one.tableName());
            }
            out.item("Item", one.item());
            if (one.error() != null) {
                out.json.writeObjectFieldStart("Error");
                out.json.writeStringField("Code", one.error().code());
                if (one.error().message() != null) {
                    out.json.writeStringField("Message", one.error().message());
                }
                out.item("Item", one.error().item());
                out.json.writeEndObject();
            }
            out.json.writeEndObject();
        }
        out.json.writeEndArray();
        if (!response.consumedCapacity().isEmpty()) {
            out.capacities(response.consumedCapacity());
        }
    }

    static void executeTransaction(JsonOut out, Engine engine, JsonIn in) throws IOException {
        ExecuteTransactionResponse response = engine.executeTransaction(executeTransactionRequest(in));
        if (!response.responses().isEmpty()) {
            out.itemResponses(response.responses());
        }
        if (!response.consumedCapacity().isEmpty()) {
            out.capacities(response.consumedCapacity());
        }
    }
}
