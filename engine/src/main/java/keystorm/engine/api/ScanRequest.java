package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

/**
 * Scan. {@code segment} and {@code totalSegments} come together or not at all; {@code indexName}
 * null scans the table itself.
 */
public record ScanRequest(String tableName, String filterExpression, String projectionExpression,
                          ExpressionInput expressions, Select select, Integer limit, boolean consistentRead,
                          Map<String, AttributeValue> exclusiveStartKey, Integer segment, Integer totalSegments,
                          ReturnConsumedCapacity returnConsumedCapacity, String indexName) {
    public ScanRequest {
        expressions = expressions == null ? ExpressionInput.NONE : expressions;
    }

    /** A Scan of the table itself. */
    public ScanRequest(String tableName, String filterExpression, String projectionExpression,
                       ExpressionInput expressions, Select select, Integer limit, boolean consistentRead,
                       Map<String, AttributeValue> exclusiveStartKey, Integer segment, Integer totalSegments,
                       ReturnConsumedCapacity returnConsumedCapacity) {
        this(tableName, filterExpression, projectionExpression, expressions, select, limit, consistentRead,
                exclusiveStartKey, segment, totalSegments, returnConsumedCapacity, null);
    }

    public ScanRequest withIndexName(String indexName) {
        return new ScanRequest(tableName, filterExpression, projectionExpression, expressions, select, limit,
                consistentRead, exclusiveStartKey, segment, totalSegments, returnConsumedCapacity, indexName);
    }

    public static ScanRequest of(String tableName) {
        return new ScanRequest(tableName, null, null, null, null, null, false, null, null, null, null);
    }

    public ScanRequest withLimit(Integer limit) {
        return new ScanRequest(tableName, filterExpression, projectionExpression, expressions, select, limit,
                consistentRead, exclusiveStartKey, segment, totalSegments, returnConsumedCapacity, indexName);
    }

    public ScanRequest withExclusiveStartKey(Map<String, AttributeValue> exclusiveStartKey) {
        return new ScanRequest(tableName, filterExpression, projectionExpression, expressions, select, limit,
                consistentRead, exclusiveStartKey, segment, totalSegments, returnConsumedCapacity, indexName);
    }
}
