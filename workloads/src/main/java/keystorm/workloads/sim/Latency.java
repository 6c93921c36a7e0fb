package keystorm.workloads.sim;

import java.util.SplittableRandom;

/**
 * The simulation's model of time, in one place. An operation takes an exponential delay (mean
 * {@value #HOP_MEAN_NANOS} ns, at least {@value #HOP_MIN_NANOS} ns) to reach the store and another
 * to come back, each drawn from the operation's own stream; a client gives up after
 * {@value #CLIENT_TIMEOUT_NANOS} ns. At a seeded bug's window the operation draws how far ahead
 * other operations may run: nothing half the time, else up to {@value #WINDOW_MAX_NANOS} ns.
 *
 * <p>Changing any of these changes every history a seed gives: recorded schedules replay exactly
 * only on the model that recorded them ({@link Schedule#FORMAT_VERSION}).
 */
final class Latency {
    static final long HOP_MIN_NANOS = 1_000;
    static final long HOP_MEAN_NANOS = 150_000;
    static final long CLIENT_TIMEOUT_NANOS = 2_000_000_000L;
    static final long WINDOW_MAX_NANOS = 2_000_000;
    /** How many bug windows may nest inside one another. */
    static final int NESTING_MAX = 3;
    /** How long a fault takes to carry out, but a crash. */
    static final long FAULT_NANOS = 10_000;
    /** How long a crashed or killed engine takes to come back on its data directory. */
    static final long RECOVERY_NANOS = 50_000_000;
    /** Mean delay before a request held by a paused engine runs once it resumes. */
    static final long RESUME_MEAN_NANOS = 20_000;

    private Latency() {
    }

    /** One hop, client to store or store to client. */
    static long hop(SplittableRandom random) {
        return HOP_MIN_NANOS + exponential(random, HOP_MEAN_NANOS);
    }

    static long resume(SplittableRandom random) {
        return 1 + exponential(random, RESUME_MEAN_NANOS);
    }

    /** How far ahead of now, at a bug's window, other operations' executes may run. */
    static long window(SplittableRandom random) {
        return random.nextBoolean() ? 0 : random.nextLong(WINDOW_MAX_NANOS + 1);
    }

    private static long exponential(SplittableRandom random, long meanNanos) {
        return (long) (-Math.log(1 - random.nextDouble()) * meanNanos);
    }
}
