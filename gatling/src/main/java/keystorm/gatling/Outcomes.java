package keystorm.gatling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A tally of the responses a simulation got, by class: ok (200), throttled (400 with a throttling
 * {@code __type}) and other errors. Gatling's report counts throttled responses as KO; this gives
 * their share of all responses in one line, and tells them apart from errors that mean the
 * simulation or the target is broken. Thread-safe.
 */
public final class Outcomes {
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /** Classifies one response by its status and body. */
    public void record(int status, String body) {
        if (status == 200) {
            ok.incrementAndGet();
        } else if (status == 400 && DynamoJson.isThrottling(DynamoJson.errorType(body))) {
            throttled.incrementAndGet();
        } else {
            errors.incrementAndGet();
        }
    }

    public long ok() {
        return ok.get();
    }

    public long throttled() {
        return throttled.get();
    }

    public long errors() {
        return errors.get();
    }

    public long total() {
        return ok() + throttled() + errors();
    }

    /** Throttled responses as a percentage of all responses (0 when there were none). */
    public double throttledPercent() {
        long total = total();
        return total == 0 ? 0 : 100.0 * throttled() / total;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d responses: %d ok, %d throttled (%.2f%%), %d other errors",
                total(), ok(), throttled(), throttledPercent(), errors());
    }
}
