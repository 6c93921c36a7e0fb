package keystorm.checker.op;

/** A counter: adds of a delta (negative allowed), and reads of the total. */
public sealed interface CounterOp extends Payload {
    record Add(long delta) implements CounterOp {
    }

    /** A read: the total seen, or null when unknown. */
    record Read(Long value) implements CounterOp {
    }
}
