package keystorm.engine.api;

import java.util.List;
import keystorm.engine.item.AttributeValue;

/** One statement of BatchExecuteStatement. */
public record BatchStatementRequest(String statement, List<AttributeValue> parameters, boolean consistentRead,
                                    ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure) {
    public BatchStatementRequest {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
