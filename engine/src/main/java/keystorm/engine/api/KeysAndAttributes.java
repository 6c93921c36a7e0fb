package keystorm.engine.api;

import java.util.List;
import java.util.Map;
import keystorm.engine.item.AttributeValue;

/** One table's part of a BatchGetItem request (or of its UnprocessedKeys). */
public record KeysAndAttributes(List<Map<String, AttributeValue>> keys, boolean consistentRead,
                                String projectionExpression, Map<String, String> expressionAttributeNames) {
    public KeysAndAttributes {
        keys = List.copyOf(keys);
    }

    public static KeysAndAttributes of(List<Map<String, AttributeValue>> keys) {
        return new KeysAndAttributes(keys, false, null, null);
    }
}
