package keystorm.engine.time;

/**
 * The engine's only source of time. Everything time-dependent (table timestamps, throttling
 * refill, idempotency windows, replica lag) reads a Clock, so that the deterministic simulation
 * can run the engine on virtual time.
 */
public interface Clock {
    /** Monotonic nanoseconds, for durations. */
    long nanoTime();

    /** Wall-clock milliseconds since the epoch, for timestamps shown to users. */
    long epochMillis();

    static Clock system() {
        return SystemClock.INSTANCE;
    }

    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }
    }
}
