package keystorm.workloads.sim;

import keystorm.workloads.generator.Context;
import keystorm.workloads.generator.Event;

/**
 * Where a simulated run's operations (or faults) come from: a generator, in a run of its own
 * ({@link GeneratorSource}), or a recorded schedule, in a replay ({@link ScheduledClients},
 * {@link ScheduledFaults}). The event loop asks it at every instant it visits, once the instant's
 * events have run, until it has nothing more for now.
 */
interface Source<T> {
    /** What to do now: emit, wait until a time (or a completion), or nothing ever again. */
    sealed interface Answer<T> {
        /** Run {@code value} now on {@code thread}, drawing from {@code stepSeed}'s streams. */
        record Emit<T>(int thread, T value, long stepSeed) implements Answer<T> {
        }

        /** Nothing now; ask again at {@code wakeNanos} at the latest ({@link Long#MAX_VALUE}: after a completion). */
        record Wait<T>(long wakeNanos) implements Answer<T> {
        }

        record Done<T>() implements Answer<T> {
        }
    }

    /**
     * @param sequence the number the next client operation will have (for a generator's step seed)
     */
    Answer<T> next(Context context, long sequence);

    /** An operation of this source completed. */
    default void completed(Context context, Event<T> event) {
    }
}
