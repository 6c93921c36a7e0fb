package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Evidence;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;
import org.junit.jupiter.api.Test;

/** Each simple checker's evidence: the right kind at the right history lines, and none for a valid history. */
class SimpleEvidenceTest {
    @Test
    void bankWrongTotalAndNegativeValueAtTheRead() {
        BankResult wrong = BankCheckerTest.check("{\"accounts\":2,\"total\":10}",
                new Events().call(0, "read", "{\"0\":5,\"1\":5}").call(0, "read", "{\"0\":5,\"1\":4}"));
        assertThat(wrong.evidence()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("wrong-total");
            assertThat(e.indices()).containsExactly(3L);
            assertThat(e.key()).isNull();
            assertThat(e.explanation()).contains("totals 9, not 10");
        });
        BankResult negative = BankCheckerTest.check("{\"accounts\":2,\"total\":10}",
                new Events().call(0, "read", "{\"0\":-1,\"1\":11}"));
        assertThat(negative.evidence()).extracting(Evidence::kind, Evidence::key, Evidence::indices)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("negative-value", "0", List.of(1L)));
        assertThat(BankCheckerTest.check("{\"accounts\":2,\"total\":10}",
                new Events().call(0, "read", "{\"0\":5,\"1\":5}")).evidence()).isEmpty();
    }

    @Test
    void counterOutOfBoundsMarksTheReadsInvocationAndCompletion() {
        CounterResult result = CounterCheckerTest.check(new Events().call(0, "add", "5").call(1, "read", "4"));
        assertThat(result.evidence()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("out-of-bounds");
            assertThat(e.indices()).containsExactly(2L, 3L);
            assertThat(e.explanation()).contains("saw 4").contains("[5, 5]");
        });
        assertThat(CounterCheckerTest.check(new Events().call(0, "add", "1").call(1, "read", "1")).evidence()).isEmpty();
    }

    @Test
    void idempotencyLostMarksTheAcknowledgedSubmitAndTheRead() {
        IdempotencyResult lost = IdempotencyCheckerTest.check(new Events()
                .call(0, "submit", IdempotencyCheckerTest.submit("t1", 1, 1))
                .call(0, "submit", IdempotencyCheckerTest.submit("t2", 2, 1)).call(1, "read", "[2]"));
        assertThat(lost.evidence()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("lost");
            assertThat(e.indices()).containsExactly(1L, 5L);
            assertThat(e.explanation()).contains("Element 1 (token t1)").contains("acknowledged at event 1");
        });
        IdempotencyResult duplicate = IdempotencyCheckerTest.check(new Events()
                .invoke(0, "submit", IdempotencyCheckerTest.submit("t1", 1, 1))
                .info(0, "submit", IdempotencyCheckerTest.submit("t1", 1, 1))
                .call(0, "submit", IdempotencyCheckerTest.submit("t1", 1, 2)).call(2, "read", "[1,1]"));
        assertThat(duplicate.evidence()).extracting(Evidence::kind, Evidence::indices)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("duplicate", List.of(5L)));
        assertThat(IdempotencyCheckerTest.check(new Events().call(0, "submit", IdempotencyCheckerTest.submit("t1", 1, 1))
                .call(2, "read", "[1]")).evidence()).isEmpty();
    }

    @Test
    void eventualGarbageReadsMarkTheReadAndTheFailedWrite() {
        EventualRegisterResult result = EventualRegisterCheckerTest.check(new Events().invoke(0, "write", "[\"x\",1]")
                .fail(0, "write", "[\"x\",1]").call(1, "read", "[\"x\",1]").call(1, "read", "[\"x\",7]"));
        assertThat(result.evidence()).extracting(Evidence::kind, Evidence::key, Evidence::indices).containsExactly(
                org.assertj.core.groups.Tuple.tuple("garbage-read", "x", List.of(0L, 3L)),
                org.assertj.core.groups.Tuple.tuple("garbage-read", "x", List.of(5L)));
        // stale reads are measured, not evidence
        EventualRegisterResult stale = EventualRegisterCheckerTest.check(new Events().call(0, "write", "[\"x\",1]")
                .call(0, "write", "[\"x\",2]").call(1, "read", "[\"x\",1]"));
        assertThat(stale.stalenessVersions().count()).isEqualTo(1);
        assertThat(stale.evidence()).isEmpty();
    }

    @Test
    void capacityExceededIsAWindowInWords() {
        CapacityResult result = new CapacityCheckerTest.Timed().writes(16, OpType.OK, 0, 100)
                .write(OpType.OK, 1_300, 1_400).check();
        assertThat(result.evidence()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("capacity-exceeded");
            assertThat(e.indices()).isEmpty();
            assertThat(e.explanation()).contains("[0.000 s, 1.000 s] accepted 16 writes, over the limit of 15");
        });
        assertThat(new CapacityCheckerTest.Timed().writes(15, OpType.OK, 100, 200).writes(15, OpType.OK, 1_300, 1_500)
                .check().evidence()).isEmpty();
    }

    @Test
    void setLostAndStaleElementsMarkTheEventsThatShowThem() {
        SetResult lost = SetCheckerTest.check(new Events().call(0, "add", "1").call(0, "add", "2").call(1, "read", "[2]")
                .call(1, "read", "[2]"));
        assertThat(lost.evidence()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("lost");
            assertThat(e.indices()).containsExactly(1L, 7L);
            assertThat(e.explanation()).startsWith("Element 1 was lost");
        });
        Events staleRead = new Events().call(0, "add", "1").call(1, "read", "[]").call(1, "read", "[1]");
        assertThat(new SetChecker().check(staleRead.history()).evidence()).extracting(Evidence::kind).containsExactly("stale");
        assertThat(new SetChecker(false).check(staleRead.history()).evidence()).isEmpty();
        assertThat(SetCheckerTest.check(new Events().call(0, "add", "1").call(0, "read", "[1]")).evidence()).isEmpty();
    }
}
