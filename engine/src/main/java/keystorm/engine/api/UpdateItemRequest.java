package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

public record UpdateItemRequest(String tableName, Map<String, AttributeValue> key, String updateExpression,
                                String conditionExpression, ExpressionInput expressions, ReturnValue returnValues,
                                ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure,
                                ReturnConsumedCapacity returnConsumedCapacity) {
    public UpdateItemRequest {
        expressions = expressions == null ? ExpressionInput.NONE : expressions;
    }

    public static UpdateItemRequest of(String tableName, Map<String, AttributeValue> key, String updateExpression,
                                       ExpressionInput expressions) {
        return new UpdateItemRequest(tableName, key, updateExpression, null, expressions, null, null, null);
    }

    public UpdateItemRequest withCondition(String conditionExpression) {
        return new UpdateItemRequest(tableName, key, updateExpression, conditionExpression, expressions, returnValues,
                returnValuesOnConditionCheckFailure, returnConsumedCapacity);
    }

    public UpdateItemRequest withReturnValues(ReturnValue returnValues) {
        return new UpdateItemRequest(tableName, key, updateExpression, conditionExpression, expressions, returnValues,
                returnValuesOnConditionCheckFailure, returnConsumedCapacity);
    }
}
