package keystorm.checker.op;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** An append-only list of opaque JSON elements: appends, and reads of the whole list. */
public sealed interface ListOp extends Payload {
    record Append(JsonNode element) implements ListOp {
        public Append {
            java.util.Objects.requireNonNull(element, "element");
        }
    }

    /** A read: the elements in order (empty for a nil read), or null when unknown. */
    record Read(List<JsonNode> elements) implements ListOp {
        public Read {
            elements = elements == null ? null : List.copyOf(elements);
        }
    }
}
