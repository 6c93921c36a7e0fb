package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Optional;
import keystorm.checker.history.Call;
import keystorm.checker.history.Values;
import keystorm.checker.op.ItemOp;
import keystorm.checker.op.OpJson;

/**
 * One DynamoDB item, for keystorm's own workloads (split by item key first). The state is the
 * item's value, a JSON null when the item does not exist. Calls ({@link ItemOp}):
 * <ul>
 * <li>{@code put} (input v): PutItem;</li>
 * <li>{@code put-if} (input {@code [expected v]}): PutItem with the condition that the item is
 * {@code expected} (null: {@code attribute_not_exists}); an ok completion means it applied, a
 * fail (ConditionalCheckFailed) that it did not;</li>
 * <li>{@code delete}: DeleteItem; {@code delete-if} (input expected): conditional delete;</li>
 * <li>{@code read} (output: the item or null): GetItem with ConsistentRead.</li>
 * </ul>
 */
record ItemModel() implements Model<JsonNode, ItemOp, ItemOp> {
    private static final CallDecoder<ItemOp, ItemOp> DECODER = CallDecoder.of(OpJson.Family.ITEM, ItemOp.class);

    @Override
    public JsonNode initialState(JsonNode initial) {
        return initial == null ? NullNode.getInstance() : initial;
    }

    @Override
    public CallDecoder<ItemOp, ItemOp> decoder() {
        return DECODER;
    }

    @Override
    public Optional<JsonNode> step(JsonNode item, Call<ItemOp, ItemOp> call) {
        return switch (call.input()) {
            case ItemOp.Read read -> call.indeterminate() || item.equals(((ItemOp.Read) call.output()).value())
                    ? Optional.of(item) : Optional.empty();
            case ItemOp.Put put -> Optional.of(put.value());
            case ItemOp.Delete delete -> Optional.of(NullNode.getInstance());
            case ItemOp.PutIf putIf -> item.equals(putIf.expected()) ? Optional.of(putIf.value())
                    : call.indeterminate() ? Optional.of(item) : Optional.empty();
            case ItemOp.DeleteIf deleteIf -> item.equals(deleteIf.expected()) ? Optional.of(NullNode.getInstance())
                    : call.indeterminate() ? Optional.of(item) : Optional.empty();
        };
    }

    @Override
    public String needs(Call<ItemOp, ItemOp> call) {
        return switch (call.input()) {
            case ItemOp.Read read -> call.output() instanceof ItemOp.Read seen ? "the item to be " + Values.show(seen.value()) : null;
            case ItemOp.PutIf putIf -> "the item to be " + Values.show(putIf.expected());
            case ItemOp.DeleteIf deleteIf -> "the item to be " + Values.show(deleteIf.expected());
            case ItemOp.Put put -> null;
            case ItemOp.Delete delete -> null;
        };
    }

    @Override
    public String describe(JsonNode state) {
        return "the item " + Values.show(state);
    }
}
