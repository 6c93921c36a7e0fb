package keystorm.checker.op;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A register: Knossos's read / write / compare-and-set. Values are opaque JSON (keystorm's own
 * workloads write integers; recorded histories hold whatever their tool wrote), compared by
 * equality only.
 */
public sealed interface RegisterOp extends Payload {
    /** A read: {@code value} is what it saw (a JSON null for "not written"), or null when unknown. */
    record Read(JsonNode value) implements RegisterOp {
    }

    record Write(JsonNode value) implements RegisterOp {
        public Write {
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Compare-and-set. An ok completion means the comparison held and {@code to} was written; a
     * fail means it did not apply. {@code comparisonFailed} is Porcupine's etcd convention
     * ({@code [from to false]}): completed, but the comparison did not hold.
     */
    record Cas(JsonNode from, JsonNode to, boolean comparisonFailed) implements RegisterOp {
        public Cas {
            java.util.Objects.requireNonNull(from, "from");
            java.util.Objects.requireNonNull(to, "to");
        }

        public Cas(JsonNode from, JsonNode to) {
            this(from, to, false);
        }
    }
}
