package keystorm.checker.op;

/**
 * What one operation of a history does, typed by workload: the invocation's arguments and, in a
 * completion, what it observed. Every part of the harness (generators, clients, checkers) trades in
 * these; strings (Jepsen's {@code :f} and a JSON or EDN value) appear only in the codec,
 * {@link OpJson}, which turns a payload into a history line and back.
 *
 * <p>A payload is the same record in an invocation and its completion; what was unknown at
 * invocation (the value a read saw) is null there and filled in by an ok completion.
 */
public sealed interface Payload
        permits RegisterOp, SetOp, CounterOp, BankOp, TxnOp, IdempotencyOp, KvOp, ItemOp, MultiRegisterOp, ListOp,
        Payload.Keyed {

    /**
     * One operation on one of many independent objects (Jepsen's {@code jepsen.independent}): the
     * checker splits the history by {@code key} and checks each key alone. Written as the tuple
     * {@code [key value]}.
     */
    record Keyed(String key, Payload value) implements Payload {
        public Keyed {
            java.util.Objects.requireNonNull(key, "key");
            java.util.Objects.requireNonNull(value, "value");
            if (value instanceof Keyed) {
                throw new IllegalArgumentException("a keyed payload holds one key, not a keyed payload: " + value);
            }
        }
    }
}
