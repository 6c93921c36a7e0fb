package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A store that throttles a hot item with a token bucket (the engine's model: refills at the rate,
 * holds at most the burst, starts full) is never caught, however its clients' requests overlap and
 * however long they take on either side of the instant the bucket decides; a store that accepts
 * everything offered far past the limit is.
 */
class CapacityProperties {
    static final long MS = 1_000_000;
    static final long RATE = 100;
    static final long BURST = 50;
    /** Limit 100 x 1 s + 50 = 150 a window; windows every 50 ms. */
    static final CapacityChecker CHECKER = new CapacityChecker(RATE, BURST, Duration.ofSeconds(1), Duration.ofMillis(50));

    /**
     * One request: it arrives {@code gapMicros} after the one before, is invoked {@code beforeMicros}
     * before it reaches the bucket and completes {@code afterMicros} after; {@code info} says whether
     * its client lost the answer (a timeout).
     */
    record Request(int gapMicros, int beforeMicros, int afterMicros, boolean info) {
    }

    @Provide
    Arbitrary<List<Request>> schedules() {
        return Combinators.combine(Arbitraries.integers().between(1_000, 4_000), Arbitraries.integers().between(0, 30_000),
                Arbitraries.integers().between(0, 30_000), Arbitraries.integers().between(0, 19).map(i -> i == 0))
                .as(Request::new).list().ofMinSize(700).ofMaxSize(1_500);
    }

    /** Exact: tokens in unit-nanoseconds, so a second's refill is RATE units to the nanosecond. */
    static final class Bucket {
        static final long UNIT = 1_000_000_000L;
        long tokens = BURST * UNIT;
        long last;

        boolean take(long now) {
            tokens = Math.min(BURST * UNIT, tokens + (now - last) * RATE);
            last = now;
            if (tokens < UNIT) {
                return false;
            }
            tokens -= UNIT;
            return true;
        }
    }

    private record Event(long time, int process, OpType type) {
    }

    static History simulate(List<Request> requests, boolean throttled) {
        List<Event> events = new ArrayList<>();
        Bucket bucket = new Bucket();
        long arrival = 40 * MS; // after the longest "before", so no invocation is before 0
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            arrival += r.gapMicros() * 1_000L;
            boolean accepted = !throttled || bucket.take(arrival);
            OpType outcome = r.info() ? OpType.INFO : accepted ? OpType.OK : OpType.FAIL;
            events.add(new Event(arrival - r.beforeMicros() * 1_000L, i, OpType.INVOKE));
            events.add(new Event(arrival + r.afterMicros() * 1_000L, i, outcome));
        }
        events.sort(Comparator.comparingLong(Event::time));
        List<Op> ops = new ArrayList<>();
        for (Event e : events) {
            ops.add(new Op(ops.size(), e.time(), e.process(), e.type(), "add", Values.parse("1"), null));
        }
        return History.of(ops);
    }

    @Property(tries = 150)
    void aTokenBucketIsNeverCaught(@ForAll("schedules") List<Request> requests) {
        CapacityResult result = CHECKER.check(simulate(requests, true));
        // 700 requests at most 4 ms apart: over a second, and 250 or more offered a second
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.findings()).isEmpty();
        assertThat(result.busiest().accepted()).isLessThanOrEqualTo(CHECKER.limit());
        assertThat(result.writesFailed()).isPositive();
    }

    @Property(tries = 50)
    void aStoreThatNeverThrottlesIsCaught(@ForAll("schedules") List<Request> requests) {
        // quick requests, 1 to 4 ms apart: 250 to 1,000 a second, all accepted, against a limit of 150
        List<Request> quick = requests.stream().map(r -> new Request(r.gapMicros(), r.beforeMicros() / 100,
                r.afterMicros() / 100, r.info())).toList();
        CapacityResult result = CHECKER.check(simulate(quick, false));
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        assertThat(result.render()).contains("capacity-exceeded");
    }
}
