package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

/** Scan. {@code segment} and {@code totalSegments} come together or not at all. */
public record ScanRequest(String tableName, String filterExpression, String projectionExpression,
                          ExpressionInput expressions, Select select, Integer limit, boolean consistentRead,
                          Map<String, AttributeValue> exclusiveStartKey, Integer segment, Integer totalSegments,
                          ReturnConsumedCapacity returnConsumedCapacity) {
    public ScanRequest {
        expressions = expressions == null ? ExpressionInput.NONE : expressions;
    }

    public static ScanRequest of(String tableName) {
        return new ScanRequest(tableName, null, null, null, null, null, false, null, null, null, null);
    }

    public ScanRequest withLimit(Integer limit) {
        return new ScanRequest(tableName, filterExpression, projectionExpression, expressions, select, limit,
                consistentRead, exclusiveStartKey, segment, totalSegments, returnConsumedCapacity);
    }

    public ScanRequest withExclusiveStartKey(Map<String, AttributeValue> exclusiveStartKey) {
        return new ScanRequest(tableName, filterExpression, projectionExpression, expressions, select, limit,
                consistentRead, exclusiveStartKey, segment, totalSegments, returnConsumedCapacity);
    }
}
