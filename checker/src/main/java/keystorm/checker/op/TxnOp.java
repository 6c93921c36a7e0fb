package keystorm.checker.op;

import java.util.List;

/**
 * A transaction of micro-operations, as Elle's list-append and rw-register workloads write them.
 * {@code kind} says which micro-operations it may hold (and so how a read is written).
 */
public record TxnOp(Kind kind, List<MicroOp> ops) implements Payload {
    public enum Kind { LIST_APPEND, RW_REGISTER }

    public TxnOp {
        java.util.Objects.requireNonNull(kind, "kind");
        ops = List.copyOf(ops);
        for (MicroOp op : ops) {
            boolean fits = switch (op) {
                case MicroOp.Append a -> kind == Kind.LIST_APPEND;
                case MicroOp.ReadList r -> kind == Kind.LIST_APPEND;
                case MicroOp.Write w -> kind == Kind.RW_REGISTER;
                case MicroOp.ReadRegister r -> kind == Kind.RW_REGISTER;
            };
            if (!fits) {
                throw new IllegalArgumentException("a " + kind + " transaction cannot hold " + op);
            }
        }
    }
}
