package keystorm.engine.api;

import java.util.List;
import keystorm.engine.item.AttributeValue;

/** One statement of ExecuteTransaction. */
public record ParameterizedStatement(String statement, List<AttributeValue> parameters,
                                     ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure) {
    public ParameterizedStatement {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
