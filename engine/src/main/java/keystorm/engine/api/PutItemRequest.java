package keystorm.engine.api;

import keystorm.engine.item.Item;

/** PutItem. Nulls mean "not given": no condition, ReturnValues NONE and so on. */
public record PutItemRequest(String tableName, Item item, String conditionExpression, ExpressionInput expressions,
                             ReturnValue returnValues, ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure,
                             ReturnConsumedCapacity returnConsumedCapacity) {
    public PutItemRequest {
        expressions = expressions == null ? ExpressionInput.NONE : expressions;
    }

    public static PutItemRequest of(String tableName, Item item) {
        return new PutItemRequest(tableName, item, null, null, null, null, null);
    }

    public PutItemRequest withCondition(String conditionExpression, ExpressionInput expressions) {
        return new PutItemRequest(tableName, item, conditionExpression, expressions, returnValues,
                returnValuesOnConditionCheckFailure, returnConsumedCapacity);
    }

    public PutItemRequest withReturnValues(ReturnValue returnValues) {
        return new PutItemRequest(tableName, item, conditionExpression, expressions, returnValues,
                returnValuesOnConditionCheckFailure, returnConsumedCapacity);
    }
}
