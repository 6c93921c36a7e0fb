package keystorm.workloads.sim;

import keystorm.workloads.generator.Context;
import keystorm.workloads.generator.Event;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Next;

/**
 * A generator as a source, under the interpreter's rules: an operation whose time has not come is
 * waited for, a pending generator moves on to the generator it returned, and each operation's step
 * seed is derived from the run's seed and the operation's sequence number.
 */
final class GeneratorSource<T> implements Source<T> {
    private Generator<T> generator;
    private final long runSeed;

    GeneratorSource(Generator<T> generator, long runSeed) {
        this.generator = generator;
        this.runSeed = runSeed;
    }

    @Override
    public Answer<T> next(Context context, long sequence) {
        return switch (generator.next(context)) {
            case Next.Emit<T> emit -> {
                if (emit.invocation().nanos() > context.nanos()) {
                    yield new Answer.Wait<>(emit.invocation().nanos());
                }
                generator = emit.rest();
                yield new Answer.Emit<>(emit.invocation().thread(), emit.invocation().value(), Seeds.step(runSeed, sequence));
            }
            case Next.Pending<T> pending -> {
                generator = pending.rest();
                yield new Answer.Wait<>(pending.wakeNanos());
            }
            case Next.Done<T> done -> new Answer.Done<>();
        };
    }

    @Override
    public void completed(Context context, Event<T> event) {
        generator = generator.update(context, event);
    }
}
