package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import keystorm.checker.history.Call;
import keystorm.checker.history.Values;

/**
 * One DynamoDB item, for keystorm's own workloads (split by item key first). The state is the
 * item's value, null when the item does not exist. Functions:
 * <ul>
 * <li>{@code put} (input v): PutItem;</li>
 * <li>{@code put-if} (input {@code [expected v]}): PutItem with the condition that the item is
 * {@code expected} (null: {@code attribute_not_exists}); an ok completion means it applied, a
 * fail (ConditionalCheckFailed) that it did not;</li>
 * <li>{@code delete}: DeleteItem; {@code delete-if} (input expected): conditional delete;</li>
 * <li>{@code read} (output: the item or null): GetItem with ConsistentRead.</li>
 * </ul>
 */
record ItemModel() implements Model {
    @Override
    public Object initialState(JsonNode initial) {
        return initial == null ? NullNode.getInstance() : initial;
    }

    @Override
    public Object step(Object state, Call call) {
        JsonNode item = (JsonNode) state;
        return switch (call.f()) {
            case "read" -> call.indeterminate() || item.equals(call.output()) ? item : null;
            case "put" -> call.input();
            case "delete" -> NullNode.getInstance();
            case "put-if" -> {
                JsonNode input = call.input();
                if (!input.isArray() || input.size() != 2) {
                    throw new IllegalArgumentException("put-if takes [expected value]: " + call.describe());
                }
                boolean matches = item.equals(input.get(0));
                yield matches ? input.get(1) : (call.indeterminate() ? item : null);
            }
            case "delete-if" -> item.equals(call.input()) ? NullNode.getInstance() : (call.indeterminate() ? item : null);
            default -> throw new IllegalArgumentException("the item model knows read, put, put-if, delete and delete-if, not "
                    + call.describe());
        };
    }

    @Override
    public String needs(Call call) {
        return switch (call.f()) {
            case "read" -> call.output() == null ? null : "the item to be " + Values.show(call.output());
            case "put-if" -> "the item to be " + Values.show(call.input().get(0));
            case "delete-if" -> "the item to be " + Values.show(call.input());
            default -> null;
        };
    }

    @Override
    public String describe(Object state) {
        return "the item " + Values.show((JsonNode) state);
    }
}
