package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

/** One Get of TransactGetItems. */
public record TransactGetItem(String tableName, Map<String, AttributeValue> key, String projectionExpression,
                              Map<String, String> expressionAttributeNames) {
    public static TransactGetItem of(String tableName, Map<String, AttributeValue> key) {
        return new TransactGetItem(tableName, key, null, null);
    }
}
