package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of a request. Null maps mean the
 * request did not give them (an empty map given is a ValidationException, as in DynamoDB).
 */
public record ExpressionInput(Map<String, String> names, Map<String, AttributeValue> values) {
    public static final ExpressionInput NONE = new ExpressionInput(null, null);

    public ExpressionInput {
        names = names == null ? null : Map.copyOf(names);
        values = values == null ? null : Map.copyOf(values);
    }

    public static ExpressionInput values(Map<String, AttributeValue> values) {
        return new ExpressionInput(null, values);
    }

    public boolean isEmpty() {
        return names == null && values == null;
    }
}
