package keystorm.workloads.generator;

import java.util.BitSet;

/**
 * What the interpreter tells a generator when it asks for the next operation: the time (nanoseconds
 * since the run started, on the run's clock) and which worker threads are free. Immutable: the
 * free set is copied when narrowed.
 *
 * @param threads how many worker threads there are (threads 0 .. threads-1)
 */
public record Context(long nanos, int threads, BitSet free) {
    public Context {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, not " + threads);
        }
        free = (BitSet) free.clone();
    }

    public static Context allFree(long nanos, int threads) {
        BitSet free = new BitSet(threads);
        free.set(0, threads);
        return new Context(nanos, threads, free);
    }

    public boolean isFree(int thread) {
        return free.get(thread);
    }

    /** The lowest free thread, or -1. */
    public int firstFree() {
        return free.nextSetBit(0);
    }

    public boolean allIdle() {
        return free.cardinality() == threads;
    }

    /** The same moment, seen by a generator that may only use threads [from, to). */
    public Context only(int from, int to) {
        BitSet narrowed = (BitSet) free.clone();
        narrowed.clear(0, Math.min(from, threads));
        if (to < threads) {
            narrowed.clear(to, threads);
        }
        return new Context(nanos, threads, narrowed);
    }

    public Context at(long newNanos) {
        return new Context(newNanos, threads, free);
    }
}
