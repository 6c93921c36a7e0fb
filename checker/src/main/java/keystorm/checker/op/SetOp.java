package keystorm.checker.op;

import java.util.Set;

/** A grow-only set of integers (Jepsen's set-full): adds, and reads of every element. */
public sealed interface SetOp extends Payload {
    record Add(long element) implements SetOp {
    }

    /** A read: the elements seen, or null when unknown. */
    record Read(Set<Long> elements) implements SetOp {
        public Read {
            elements = elements == null ? null : Set.copyOf(elements);
        }
    }
}
