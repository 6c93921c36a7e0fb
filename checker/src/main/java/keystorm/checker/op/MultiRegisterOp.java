package keystorm.checker.op;

import java.util.List;

/**
 * Knossos's multi-register: one {@code txn} that reads and writes named registers together, its
 * micro-operations {@code [read k v]} and {@code [write k v]} (Knossos writes {@code :read} and
 * {@code :write}; {@code r} and {@code w} are read too). A read's value is null when unknown (an
 * invocation, or an info completion).
 */
public record MultiRegisterOp(List<MicroOp> ops) implements Payload {
    public MultiRegisterOp {
        ops = List.copyOf(ops);
        for (MicroOp op : ops) {
            boolean fits = switch (op) {
                case MicroOp.Write w -> true;
                case MicroOp.ReadRegister r -> true;
                case MicroOp.Append a -> false;
                case MicroOp.ReadList r -> false;
            };
            if (!fits) {
                throw new IllegalArgumentException("a multi-register transaction reads and writes registers, not " + op);
            }
        }
    }
}
