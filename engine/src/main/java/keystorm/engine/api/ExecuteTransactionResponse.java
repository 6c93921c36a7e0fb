package keystorm.engine.api;

import java.util.List;
import keystorm.engine.item.Item;

/** A read transaction's items in the statements' order (null where none); empty for writes. */
public record ExecuteTransactionResponse(List<Item> responses, List<ConsumedCapacity> consumedCapacity) {
    public ExecuteTransactionResponse {
        responses = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(responses));
        consumedCapacity = consumedCapacity == null ? List.of() : List.copyOf(consumedCapacity);
    }
}
