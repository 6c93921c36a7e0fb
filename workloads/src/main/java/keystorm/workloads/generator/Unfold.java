package keystorm.workloads.generator;

import java.util.SplittableRandom;

/**
 * Without end, like {@link Generators#random}, but each draw also sees and advances a state the
 * generator carries: the counter that makes every written value unique, the generation of a
 * rotated key. The state must be immutable (a record, a boxed number), so that asking twice in
 * the same state answers the same, as every generator must.
 */
public record Unfold<S, T>(long seed, S state, Step<S, T> step) implements Generator<T> {
    /** One draw: the operation and the state after it. */
    @FunctionalInterface
    public interface Step<S, T> {
        Drawn<S, T> draw(SplittableRandom random, S state);
    }

    public record Drawn<S, T>(T value, S state) {
        public Drawn {
            java.util.Objects.requireNonNull(value, "value");
            java.util.Objects.requireNonNull(state, "state");
        }
    }

    public Unfold {
        java.util.Objects.requireNonNull(state, "state");
        java.util.Objects.requireNonNull(step, "step");
    }

    @Override
    public Next<T> next(Context context) {
        int thread = context.firstFree();
        if (thread < 0) {
            return new Next.Pending<>(this);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Drawn<S, T> drawn = step.draw(random, state);
        return new Next.Emit<>(new Invocation<>(thread, context.nanos(), drawn.value()),
                new Unfold<>(random.nextLong(), drawn.state(), step));
    }
}
