package keystorm.checker.op;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One operation inside a transaction, as Elle's workloads write them: list-append's
 * {@code ["append", k, v]} and {@code ["r", k, [v1 v2 ...]]}, rw-register's {@code ["w", k, v]}
 * and {@code ["r", k, v]}. A read's value is null when unknown (an invocation, or an info
 * completion).
 */
public sealed interface MicroOp {
    String key();

    record Append(String key, JsonNode value) implements MicroOp {
    }

    /** A list read: the elements, or null when not known. */
    record ReadList(String key, List<JsonNode> values) implements MicroOp {
    }

    record Write(String key, JsonNode value) implements MicroOp {
    }

    /** A register read: the value (a JSON null for "never written"), or null when not known. */
    record ReadRegister(String key, JsonNode value) implements MicroOp {
    }
}
