package keystorm.checker.op;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One DynamoDB item, for keystorm's own workloads: PutItem, conditional PutItem, DeleteItem,
 * conditional DeleteItem and a strongly consistent GetItem. Values are opaque JSON, a JSON null
 * for "no item". An ok completion of a conditional write means the condition held; a fail
 * (ConditionalCheckFailed) that it did not and nothing changed.
 */
public sealed interface ItemOp extends Payload {
    /** A GetItem: the item seen (a JSON null for none), or null when unknown. */
    record Read(JsonNode value) implements ItemOp {
    }

    record Put(JsonNode value) implements ItemOp {
        public Put {
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    /** A PutItem on condition the item is {@code expected} (a JSON null: attribute_not_exists). */
    record PutIf(JsonNode expected, JsonNode value) implements ItemOp {
        public PutIf {
            java.util.Objects.requireNonNull(expected, "expected");
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    record Delete() implements ItemOp {
    }

    /** A DeleteItem on condition the item is {@code expected}. */
    record DeleteIf(JsonNode expected) implements ItemOp {
        public DeleteIf {
            java.util.Objects.requireNonNull(expected, "expected");
        }
    }
}
