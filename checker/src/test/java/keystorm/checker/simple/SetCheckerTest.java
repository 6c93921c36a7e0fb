package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;
import org.junit.jupiter.api.Test;

class SetCheckerTest {
    static SetResult check(Events events) {
        return new SetChecker().check(events.history());
    }

    @Test
    void acknowledgedAddsSeenByLaterReadsAreStable() {
        SetResult result = check(new Events().call(0, "add", "1").call(1, "add", "2").call(0, "read", "[1,2]"));
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.stable()).isEqualTo(2);
        assertThat(result.addsOk()).isEqualTo(2);
        assertThat(result.reads()).isEqualTo(1);
        assertThat(result.render()).contains("set (stale reads invalid): valid");
    }

    @Test
    void anAcknowledgedAddMissingFromEveryLaterReadIsLost() {
        SetResult result = check(new Events().call(0, "add", "1").call(0, "add", "2").call(1, "read", "[2]")
                .call(1, "read", "[2]"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.lost().elements()).containsExactly(1L);
        SetResult.Element lost = result.lost().first().getFirst();
        assertThat(lost.add()).isEqualTo(Outcome.OK);
        assertThat(lost.knownIndex()).isEqualTo(1);
        assertThat(lost.firstSeenIndex()).isEqualTo(-1);
        assertThat(lost.lastMissedIndex()).isEqualTo(7);
        assertThat(result.render()).contains("lost (1):").contains("1: add ok, known from event 1");
    }

    @Test
    void anElementAReadSawIsLostWhenALaterReadMissesIt() {
        // an indeterminate add becomes known when a read sees it
        SetResult result = check(new Events().invoke(0, "add", "1").info(0, "add", "1").call(1, "read", "[1]")
                .call(1, "read", "[]"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.lost().elements()).containsExactly(1L);
        assertThat(result.lost().first().getFirst().knownIndex()).isEqualTo(3);
    }

    @Test
    void aMissThenASightingIsStaleInvalidOnlyForLinearizableReads() {
        Events events = new Events().call(0, "add", "1").call(1, "read", "[]").call(1, "read", "[1]");
        SetResult strict = new SetChecker().check(events.history());
        assertThat(strict.validity()).isEqualTo(Validity.INVALID);
        assertThat(strict.stale().elements()).containsExactly(1L);
        assertThat(strict.lost().count()).isZero();
        SetResult eventual = new SetChecker(false).check(events.history());
        assertThat(eventual.validity()).isEqualTo(Validity.VALID);
        assertThat(eventual.stale().count()).isEqualTo(1);
        assertThat(eventual.render()).contains("stale (1):").contains("set (stale reads allowed): valid");
    }

    @Test
    void anInfoAddLaterReadIsFine() {
        SetResult result = check(new Events().invoke(0, "add", "1").info(0, "add", "1").call(1, "read", "[1]"));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.addsInfo()).isEqualTo(1);
        assertThat(result.stable()).isEqualTo(1);
    }

    @Test
    void aReadConcurrentWithAnAddMayOrMayNotSeeIt() {
        Events missed = new Events().invoke(0, "add", "1").invoke(1, "read", "null").ok(1, "read", "[]")
                .ok(0, "add", "1").call(1, "read", "[1]");
        assertThat(check(missed).validity()).isEqualTo(Validity.VALID);
        Events seen = new Events().invoke(0, "add", "1").invoke(1, "read", "null").ok(1, "read", "[1]")
                .ok(0, "add", "1").call(1, "read", "[1]");
        assertThat(check(seen).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void addsNoReadSawAreNeverReadNotLost() {
        SetResult result = check(new Events().call(0, "add", "1").invoke(0, "add", "2").info(0, "add", "2")
                .call(1, "read", "[1]"));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.neverRead().elements()).containsExactly(2L);
    }

    @Test
    void anAcknowledgedAddNoReadBeganAfterIsUnknownNotValid() {
        SetResult result = check(new Events().call(0, "add", "1").invoke(0, "add", "2").info(0, "add", "2")
                .call(1, "read", "[1]").call(0, "add", "3"));
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).contains("1 acknowledged adds were never followed by a read");
        assertThat(result.neverRead().elements()).containsExactly(2L, 3L);
    }

    @Test
    void elementsNeverAddedOrWhoseAddFailedAreUnexpected() {
        SetResult result = check(new Events().invoke(0, "add", "2").fail(0, "add", "2").call(1, "read", "[2,9]"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.unexpected().elements()).containsExactly(2L, 9L);
        assertThat(result.addsFailed()).isEqualTo(1);
        assertThat(result.unexpected().first().get(1).add()).isNull();
    }

    @Test
    void samplesHoldTheFirstTenInElementOrder() {
        Events events = new Events();
        for (int i = 20; i > 5; i--) {
            events.call(0, "add", Integer.toString(i));
        }
        SetResult result = check(events.call(1, "read", "[]"));
        assertThat(result.lost().count()).isEqualTo(15);
        assertThat(result.lost().elements()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(result.render()).contains("lost (15, the first 10):");
    }

    @Test
    void noReadIsUnknown() {
        SetResult result = check(new Events().call(0, "add", "1"));
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).contains("no read");
    }

    @Test
    void aLineThatDoesNotDecodeIsUnknownNamingItsEvent() {
        SetResult result = check(new Events().call(0, "add", "1").call(0, "add", "\"x\""));
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).startsWith("event 2: ").contains("integer");
        SetResult mismatched = check(new Events().invoke(0, "add", "1").ok(0, "read", "[1]"));
        assertThat(mismatched.reason()).startsWith("event 1: completes event 0");
    }

    @Test
    void indicesOutOfOrderAreUnknownNotACrash() {
        History history = History.of(List.of(
                new Op(5, 0, 0, OpType.INVOKE, "add", Values.parse("1"), null),
                new Op(2, 1, 0, OpType.OK, "add", Values.parse("1"), null)));
        SetResult result = new SetChecker().check(history);
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).startsWith("event 2: completes event 5");
    }
}
