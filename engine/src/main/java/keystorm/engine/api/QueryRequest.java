package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

/**
 * Query. {@code limit} null means no limit; {@code scanIndexForward} defaults to true;
 * {@code indexName} null queries the table itself.
 */
public record QueryRequest(String tableName, String keyConditionExpression, String filterExpression,
                           String projectionExpression, ExpressionInput expressions, Select select, Integer limit,
                           boolean consistentRead, Boolean scanIndexForward,
                           Map<String, AttributeValue> exclusiveStartKey,
                           ReturnConsumedCapacity returnConsumedCapacity, String indexName) {
    public QueryRequest {
        expressions = expressions == null ? ExpressionInput.NONE : expressions;
    }

    /** A Query of the table itself. */
    public QueryRequest(String tableName, String keyConditionExpression, String filterExpression,
                        String projectionExpression, ExpressionInput expressions, Select select, Integer limit,
                        boolean consistentRead, Boolean scanIndexForward, Map<String, AttributeValue> exclusiveStartKey,
                        ReturnConsumedCapacity returnConsumedCapacity) {
        this(tableName, keyConditionExpression, filterExpression, projectionExpression, expressions, select, limit,
                consistentRead, scanIndexForward, exclusiveStartKey, returnConsumedCapacity, null);
    }

    public QueryRequest withIndexName(String indexName) {
        return new QueryRequest(tableName, keyConditionExpression, filterExpression, projectionExpression, expressions,
                select, limit, consistentRead, scanIndexForward, exclusiveStartKey, returnConsumedCapacity, indexName);
    }

    public static QueryRequest of(String tableName, String keyConditionExpression, ExpressionInput expressions) {
        return new QueryRequest(tableName, keyConditionExpression, null, null, expressions, null, null, false, null,
                null, null);
    }

    public QueryRequest withLimit(Integer limit) {
        return new QueryRequest(tableName, keyConditionExpression, filterExpression, projectionExpression, expressions,
                select, limit, consistentRead, scanIndexForward, exclusiveStartKey, returnConsumedCapacity, indexName);
    }

    public QueryRequest withExclusiveStartKey(Map<String, AttributeValue> exclusiveStartKey) {
        return new QueryRequest(tableName, keyConditionExpression, filterExpression, projectionExpression, expressions,
                select, limit, consistentRead, scanIndexForward, exclusiveStartKey, returnConsumedCapacity, indexName);
    }
}
