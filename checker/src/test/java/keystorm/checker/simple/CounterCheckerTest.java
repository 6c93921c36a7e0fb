package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.Values;
import org.junit.jupiter.api.Test;

class CounterCheckerTest {
    static CounterResult check(Events events) {
        return new CounterChecker(0).check(events.history());
    }

    @Test
    void readsOfWhatWasAddedAreValid() {
        CounterResult result = check(new Events().call(0, "add", "1").call(1, "read", "1").call(0, "add", "2")
                .call(1, "read", "3"));
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.addsOk()).isEqualTo(2);
        assertThat(result.reads()).isEqualTo(2);
    }

    @Test
    void aReadMissingAnAcknowledgedAddIsOutOfBounds() {
        CounterResult result = check(new Events().call(0, "add", "5").call(1, "read", "4"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.findings()).containsExactly(new CounterResult.Finding(2, 3, 4, 5, 5));
        assertThat(result.render()).contains("out-of-bounds: the read invoked at event 2 saw 4 at event 3, outside [5, 5]");
    }

    @Test
    void anInfoAddMayOrMayNotBeCounted() {
        Events events = new Events().invoke(0, "add", "3").info(0, "add", "3").call(1, "read", "0")
                .call(1, "read", "3").call(1, "read", "0").call(1, "read", "4");
        CounterResult result = check(events);
        assertThat(result.addsInfo()).isEqualTo(1);
        assertThat(result.findings()).containsExactly(new CounterResult.Finding(8, 9, 4, 0, 3));
    }

    @Test
    void anAddConcurrentWithAReadMayOrMayNotBeSeen() {
        Events seen = new Events().invoke(0, "add", "2").invoke(1, "read", "null").ok(1, "read", "2").ok(0, "add", "2");
        assertThat(check(seen).validity()).isEqualTo(Validity.VALID);
        Events missed = new Events().invoke(0, "add", "2").invoke(1, "read", "null").ok(1, "read", "0").ok(0, "add", "2");
        assertThat(check(missed).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void anAddInvokedAfterTheReadCompletedCannotBeSeen() {
        CounterResult result = check(new Events().call(1, "read", "1").call(0, "add", "1"));
        assertThat(result.findings()).containsExactly(new CounterResult.Finding(0, 1, 1, 0, 0));
    }

    @Test
    void failedAddsAreNeverCounted() {
        CounterResult result = check(new Events().invoke(0, "add", "1").fail(0, "add", "1").call(1, "read", "1"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.addsFailed()).isEqualTo(1);
    }

    @Test
    void negativeDeltasWidenTheBoundsTheRightWay() {
        // -2 indeterminate, +5 acknowledged: the read sees 5 or 3
        Events events = new Events().invoke(0, "add", "-2").info(0, "add", "-2").call(1, "add", "5")
                .call(1, "read", "3").call(1, "read", "5").call(1, "read", "2").call(1, "read", "6");
        CounterResult result = check(events);
        assertThat(result.findings()).extracting(CounterResult.Finding::value).containsExactly(2L, 6L);
        assertThat(result.findings()).allSatisfy(f -> {
            assertThat(f.lower()).isEqualTo(3);
            assertThat(f.upper()).isEqualTo(5);
        });
        // an acknowledged -4 is certain: it lowers the upper bound too
        CounterResult certain = check(new Events().call(0, "add", "-4").call(0, "read", "-4").call(0, "read", "0"));
        assertThat(certain.findings()).containsExactly(new CounterResult.Finding(4, 5, 0, -4, -4));
    }

    @Test
    void theInitialValueComesFromTheOptions() {
        CounterChecker checker = new CounterChecker(CheckerOptions.defaults().withModel(null, Values.parse("10")));
        assertThat(checker.check(new Events().call(0, "add", "1").call(0, "read", "11").history()).validity())
                .isEqualTo(Validity.VALID);
    }

    @Test
    void noReadIsUnknownAndABadLineNamesItsEvent() {
        assertThat(check(new Events().call(0, "add", "1")).validity()).isEqualTo(Validity.UNKNOWN);
        CounterResult bad = check(new Events().call(0, "add", "1").call(0, "read", "[1]"));
        assertThat(bad.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(bad.reason()).startsWith("event 3: ");
    }
}
