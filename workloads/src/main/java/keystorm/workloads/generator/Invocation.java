package keystorm.workloads.generator;

/**
 * An operation a generator wants done: by which worker thread, from when on (nanoseconds since the
 * start; the interpreter waits until then), and what.
 */
public record Invocation<T>(int thread, long nanos, T value) {
    public Invocation {
        java.util.Objects.requireNonNull(value, "value");
    }
}
