package keystorm.workloads.generator;

/** A generator's answer: an operation and the generator after it, nothing yet, or nothing ever again. */
public sealed interface Next<T> {
    record Emit<T>(Invocation<T> invocation, Generator<T> rest) implements Next<T> {
    }

    /**
     * Nothing to do now (no free thread fits, or waiting for operations to finish, or for a time):
     * ask again after a completion, or at {@code wakeNanos} at the latest ({@link Long#MAX_VALUE}:
     * only after a completion).
     */
    record Pending<T>(Generator<T> rest, long wakeNanos) implements Next<T> {
        public Pending(Generator<T> rest) {
            this(rest, Long.MAX_VALUE);
        }
    }

    record Done<T>() implements Next<T> {
    }
}
