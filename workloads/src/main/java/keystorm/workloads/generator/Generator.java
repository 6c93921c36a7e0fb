package keystorm.workloads.generator;

/**
 * What to do next, as a pure value (Jepsen's generator model): asking twice with the same context
 * gives the same answer, so the interpreter may ask, wait, and ask again; a generator moves on only
 * by the generator it returns. Randomness comes from a seed the generator carries, never from a
 * shared source, so the same seed and the same contexts give the same operations.
 *
 * <p>Combinators are in {@link Generators}; the impure interpreter is {@code runner.Interpreter}.
 */
public interface Generator<T> {
    Next<T> next(Context context);

    /** The generator after a completion; the default ignores it. */
    default Generator<T> update(Context context, Event<T> event) {
        return this;
    }
}
