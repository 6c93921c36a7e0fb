package keystorm.checker.op;

/**
 * Porcupine's key-value store: {@code get}, {@code put} and {@code append} of strings on one key.
 * The key is the {@link Payload.Keyed} around it (Porcupine's kv logs are read as independent
 * {@code [key value]} tuples), so a kv history is split by key like any independent one. A
 * missing value reads as "", as in Porcupine's model.
 */
public sealed interface KvOp extends Payload {
    /** A get: the value seen ("" when missing), or null when unknown. */
    record Get(String value) implements KvOp {
    }

    record Put(String value) implements KvOp {
        public Put {
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    record Append(String value) implements KvOp {
        public Append {
            java.util.Objects.requireNonNull(value, "value");
        }
    }
}
