package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

public record DeleteItemRequest(String tableName, Map<String, AttributeValue> key, String conditionExpression,
                                ExpressionInput expressions, ReturnValue returnValues,
                                ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure,
                                ReturnConsumedCapacity returnConsumedCapacity) {
    public DeleteItemRequest {
        expressions = expressions == null ? ExpressionInput.NONE : expressions;
    }

    public static DeleteItemRequest of(String tableName, Map<String, AttributeValue> key) {
        return new DeleteItemRequest(tableName, key, null, null, null, null, null);
    }
}
