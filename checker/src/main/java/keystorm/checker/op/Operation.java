package keystorm.checker.op;

import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;

/**
 * One event of a history with a typed payload: what the harness records and the checkers read.
 * {@link #toOp()} is its line in the history file (through {@link OpJson}).
 *
 * @param time nanoseconds since the run started
 * @param error why a fail or info happened (DynamoDB's error type, a timeout...), or null
 */
public record Operation<P extends Payload>(long index, long time, int process, OpType type, P payload, String error) {
    public Operation {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(payload, "payload");
    }

    public Op toOp() {
        OpJson.Encoded encoded = OpJson.encode(payload);
        return new Op(index, time, process, type, encoded.f(), encoded.value(), error);
    }

    /** The typed event of a history line, read as {@code family}. */
    public static Operation<Payload> of(Op op, OpJson.Family family, boolean keyed) {
        return new Operation<>(op.index(), op.time(), op.process(), op.type(),
                OpJson.decode(family, keyed, op.f(), op.value(), op.type() == OpType.OK), op.error());
    }
}
