package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

public record GetItemRequest(String tableName, Map<String, AttributeValue> key, boolean consistentRead,
                             String projectionExpression, Map<String, String> expressionAttributeNames,
                             ReturnConsumedCapacity returnConsumedCapacity) {
    public static GetItemRequest of(String tableName, Map<String, AttributeValue> key) {
        return new GetItemRequest(tableName, key, false, null, null, null);
    }

    public static GetItemRequest consistent(String tableName, Map<String, AttributeValue> key) {
        return new GetItemRequest(tableName, key, true, null, null, null);
    }
}
