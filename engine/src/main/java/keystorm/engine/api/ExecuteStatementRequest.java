package keystorm.engine.api;

import java.util.List;
import keystorm.engine.item.AttributeValue;

/**
 * PartiQL's ExecuteStatement: one statement, its {@code ?} parameters in order, and for a SELECT
 * ConsistentRead, Limit and the NextToken of the page before. Null members are absent.
 */
public record ExecuteStatementRequest(String statement, List<AttributeValue> parameters, boolean consistentRead,
                                      Integer limit, String nextToken, ReturnConsumedCapacity returnConsumedCapacity,
                                      ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure) {
    public ExecuteStatementRequest {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    public static ExecuteStatementRequest of(String statement, AttributeValue... parameters) {
        return new ExecuteStatementRequest(statement, List.of(parameters), false, null, null, null, null);
    }
}
