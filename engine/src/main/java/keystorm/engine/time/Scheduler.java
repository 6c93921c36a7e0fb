package keystorm.engine.time;

import java.util.Objects;

/**
 * Who owns the engine's time, its background activities and its interleavings.
 *
 * <p>Real runs use {@link #threads(Clock)}: the clock as given, the engine's own threads for
 * background work (the log's flusher and snapshotter), and {@link Thread#yield()} at a seeded
 * bug's window. The deterministic simulation supplies its own: one thread, virtual time, every
 * background activity a task it runs at a virtual instant ({@link #schedule}), and a bug's window
 * a point where it may switch to another client's step ({@link #interleave}).
 */
public interface Scheduler {
    /** The clock everything time-dependent reads. */
    Clock clock();

    /**
     * Whether background activities are tasks of this scheduler ({@link #schedule}) rather than the
     * engine's own threads. When true, nothing in the engine may block waiting for another thread.
     */
    boolean simulated();

    /**
     * Runs {@code task} once, {@code delayNanos} from now on {@link #clock()}, on the scheduler's
     * thread. Only a {@link #simulated()} scheduler takes tasks.
     */
    void schedule(long delayNanos, Runnable task);

    /**
     * A point where another activity may run before the caller goes on: a seeded bug's window
     * (between a check and the write it guards, between the items of a torn transaction). Never
     * called while holding a lock.
     */
    void interleave();

    /** Real time and real threads on the given clock. */
    static Scheduler threads(Clock clock) {
        return new Threads(clock);
    }

    /** The scheduler of real runs: {@link Thread#yield()} as the window, no tasks. */
    record Threads(Clock clock) implements Scheduler {
        public Threads {
            Objects.requireNonNull(clock, "clock");
        }

        @Override
        public boolean simulated() {
            return false;
        }

        @Override
        public void schedule(long delayNanos, Runnable task) {
            throw new UnsupportedOperationException("background work runs on the engine's own threads in real runs");
        }

        @Override
        public void interleave() {
            Thread.yield();
        }
    }
}
