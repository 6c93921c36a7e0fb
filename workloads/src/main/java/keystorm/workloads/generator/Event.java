package keystorm.workloads.generator;

import keystorm.checker.history.OpType;

/** A completion the interpreter reports back to the generator: which thread, how it ended, what it carried. */
public record Event<T>(int thread, long nanos, OpType type, T value) {
}
