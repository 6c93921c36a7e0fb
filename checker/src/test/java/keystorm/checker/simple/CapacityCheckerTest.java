package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;
import org.junit.jupiter.api.Test;

class CapacityCheckerTest {
    static final long MS = 1_000_000;

    /** 10 units a second and a bucket of 5, in 1-s windows every 100 ms: at most 15 writes a window. */
    static final CapacityChecker CHECKER = new CapacityChecker(10, 5, Duration.ofSeconds(1), Duration.ofMillis(100));

    /** Hand-built histories of timed writes, each call on its own process, events sorted by time. */
    static final class Timed {
        private record Event(long time, int process, OpType type, String f, String value) {
        }

        private final List<Event> events = new ArrayList<>();
        private int process;

        Timed write(OpType outcome, long invokeMs, long completeMs) {
            events.add(new Event(invokeMs * MS, process, OpType.INVOKE, "add", "1"));
            events.add(new Event(completeMs * MS, process, outcome, "add", "1"));
            process++;
            return this;
        }

        Timed writes(int n, OpType outcome, long invokeMs, long completeMs) {
            for (int i = 0; i < n; i++) {
                write(outcome, invokeMs, completeMs);
            }
            return this;
        }

        Timed nemesis(long ms) {
            events.add(new Event(ms * MS, Op.NEMESIS, OpType.INFO, "start", "null"));
            return this;
        }

        Timed unfinished(long invokeMs) {
            events.add(new Event(invokeMs * MS, process++, OpType.INVOKE, "add", "1"));
            return this;
        }

        Timed read(long invokeMs, long completeMs, long value) {
            events.add(new Event(invokeMs * MS, process, OpType.INVOKE, "read", "null"));
            events.add(new Event(completeMs * MS, process, OpType.OK, "read", Long.toString(value)));
            process++;
            return this;
        }

        History history(boolean timed) {
            List<Event> sorted = new ArrayList<>(events);
            sorted.sort(Comparator.comparingLong(Event::time)); // stable: an invocation before its completion at the same time
            List<Op> ops = new ArrayList<>();
            for (Event e : sorted) {
                ops.add(new Op(ops.size(), timed ? e.time() : -1, e.process(), e.type(), e.f(), Values.parse(e.value()), null));
            }
            return History.of(ops);
        }

        CapacityResult check() {
            return CHECKER.check(history(true));
        }
    }

    @Test
    void theDefaultsAreOnePartitionsWritesOverTenSeconds() {
        assertThat(new CapacityChecker().limit()).isEqualTo(11_000); // the engine's ThrottlingTest: 11,000 in 10 s
        assertThat(CHECKER.limit()).isEqualTo(15);
        assertThat(new CapacityChecker(1_000, 1_000, Duration.ofSeconds(2), Duration.ofSeconds(1)).limit()).isEqualTo(3_000);
        assertThat(Checkers.create("capacity", CheckerOptions.defaults())).isInstanceOf(CapacityChecker.class)
                .satisfies(c -> assertThat(((CapacityChecker) c).limit()).isEqualTo(11_000));
    }

    @Test
    void writesAtTheLimitAreValid() {
        CapacityResult result = new Timed().writes(15, OpType.OK, 100, 200).writes(30, OpType.FAIL, 100, 150)
                .writes(15, OpType.OK, 1_300, 1_500).check();
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.busiest().accepted()).isEqualTo(15);
        assertThat(result.writesOk()).isEqualTo(30);
        assertThat(result.writesFailed()).isEqualTo(30);
        assertThat(result.maxOffered()).isEqualTo(45);
        assertThat(result.render()).endsWith("capacity: valid\n");
    }

    @Test
    void oneWriteAboveTheLimitIsCapacityExceeded() {
        CapacityResult result = new Timed().writes(16, OpType.OK, 0, 100).write(OpType.OK, 1_300, 1_400).check();
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        // only the window [0, 1 s] holds them: the next one begins after their invocations
        assertThat(result.exceeded()).isEqualTo(1);
        assertThat(result.windows()).isEqualTo(5);
        assertThat(result.findings()).containsExactly(new CapacityResult.Window(0, 1_000 * MS, 16, 16, 0, 15));
        assertThat(result.render()).contains(
                "capacity-exceeded: window [0.000 s, 1.000 s] accepted 16 writes, over the limit of 15 (16 offered)");
        assertThat(result.render()).endsWith("capacity: invalid\n");
    }

    @Test
    void writesBelowTheLimitWithTheRestThrottledAreValid() {
        CapacityResult result = new Timed().writes(5, OpType.OK, 0, 10).writes(100, OpType.FAIL, 20, 30)
                .writes(5, OpType.OK, 1_000, 1_100).check();
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.busiest().accepted()).isEqualTo(5);
    }

    @Test
    void anInfoWriteNeverCounts() {
        CapacityResult result = new Timed().writes(15, OpType.OK, 100, 200).writes(10, OpType.INFO, 100, 200)
                .write(OpType.OK, 1_100, 1_200).check();
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.writesInfo()).isEqualTo(10);
        assertThat(result.busiest().accepted()).isEqualTo(15);
    }

    @Test
    void aWriteInvokedAndNeverCompletedIsOfferedButNotCounted() {
        Timed timed = new Timed().writes(15, OpType.OK, 100, 200).write(OpType.OK, 1_100, 1_200);
        for (int i = 0; i < 10; i++) {
            timed.unfinished(150);
        }
        CapacityResult result = timed.check();
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.writesInfo()).isEqualTo(10);
        assertThat(result.maxOffered()).isEqualTo(26); // [100 ms, 1.1 s]: 15 ok, 10 unfinished, the one invoked at 1.1 s
    }

    @Test
    void aWriteStraddlingAWindowEdgeDoesNotCount() {
        // windows [0, 1 s] and [1 s, 2 s]: 15 inside each, 10 across the edge at 1 s
        CapacityChecker checker = new CapacityChecker(10, 5, Duration.ofSeconds(1), Duration.ofSeconds(1));
        Timed timed = new Timed().writes(15, OpType.OK, 0, 100).writes(10, OpType.OK, 950, 1_050)
                .writes(15, OpType.OK, 1_900, 2_000);
        CapacityResult result = checker.check(timed.history(true));
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.windows()).isEqualTo(2);
        assertThat(result.busiest().accepted()).isEqualTo(15);
        // a window's edges are inclusive: a write invoked at its start and completed at its end counts
        CapacityResult edges = checker.check(new Timed().writes(16, OpType.OK, 0, 1_000).write(OpType.OK, 1_500, 2_000)
                .history(true));
        assertThat(edges.validity()).as(edges.render()).isEqualTo(Validity.INVALID);
    }

    @Test
    void eachNemesisEventInAWindowAllowsOneBucketMore() {
        // a crash restarts the engine with full buckets, a clock jump refills them: 15 + 5 in [0, 1 s]
        CapacityResult allowed = new Timed().writes(20, OpType.OK, 0, 100).nemesis(500).writes(5, OpType.FAIL, 600, 700)
                .write(OpType.OK, 1_500, 1_600).check();
        assertThat(allowed.validity()).as(allowed.render()).isEqualTo(Validity.VALID);
        assertThat(allowed.busiest()).isEqualTo(new CapacityResult.Window(0, 1_000 * MS, 20, 25, 1, 20));
        CapacityResult over = new Timed().writes(21, OpType.OK, 0, 100).nemesis(500).write(OpType.OK, 1_500, 1_600).check();
        assertThat(over.validity()).as(over.render()).isEqualTo(Validity.INVALID);
        assertThat(over.render()).contains("accepted 21 writes, over the limit of 20 (21 offered, 1 nemesis events)");
    }

    @Test
    void readsAreIgnored() {
        CapacityResult result = new Timed().read(0, 10, 0).writes(15, OpType.OK, 100, 200).writes(5, OpType.FAIL, 100, 200)
                .read(1_100, 1_200, 15).check();
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.reads()).isEqualTo(2);
    }

    @Test
    void aHistoryWithoutTimesIsUnknown() {
        CapacityResult result = CHECKER.check(new Timed().writes(100, OpType.OK, 0, 10).write(OpType.OK, 2_000, 2_010)
                .history(false));
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).contains("no times");
    }

    @Test
    void aHistoryShorterThanAWindowIsUnknown() {
        CapacityResult result = new Timed().writes(100, OpType.OK, 0, 10).write(OpType.OK, 900, 999).check();
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).contains("shorter than one window");
        assertThat(result.render()).endsWith("capacity: unknown\n");
    }

    @Test
    void aHistoryNeverOfferedMoreThanTheLimitIsUnknown() {
        CapacityResult result = new Timed().writes(10, OpType.OK, 0, 10).writes(5, OpType.FAIL, 0, 10)
                .writes(10, OpType.OK, 1_500, 1_510).check();
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).contains("no window was offered more writes than its limit (at most 15 offered, limit 15)");
        assertThat(new CapacityChecker().check(History.of(List.of())).validity()).isEqualTo(Validity.UNKNOWN);
    }

    @Test
    void anUndecodableLineIsUnknown() {
        History history = History.of(List.of(new Op(0, 0, 0, OpType.INVOKE, "cas", Values.parse("1"), null)));
        assertThat(CHECKER.check(history).validity()).isEqualTo(Validity.UNKNOWN);
    }
}
