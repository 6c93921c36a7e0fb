package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import keystorm.checker.Validity;
import keystorm.checker.history.Values;
import org.junit.jupiter.api.Test;

class EventualRegisterCheckerTest {
    static EventualRegisterResult check(Events events) {
        return new EventualRegisterChecker().check(events.history());
    }

    @Test
    void staleReadsAreMeasuredNotFailed() {
        EventualRegisterResult result = check(new Events().call(0, "write", "[\"x\",1]").call(0, "write", "[\"x\",2]")
                .call(0, "write", "[\"x\",3]").call(1, "read", "[\"x\",1]").call(1, "read", "[\"x\",3]"));
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.firstStale()).containsExactly(new EventualRegisterResult.StaleRead("x", 7, Values.parse("1"),
                2, 3.0, 3));
        assertThat(result.stalenessVersions()).isEqualTo(new EventualRegisterResult.Distribution(1, 2, 2, 2));
        assertThat(result.stalenessMillis()).isEqualTo(new EventualRegisterResult.Distribution(1, 3, 3, 3));
        assertThat(result.render()).contains("1 keys, 3 writes, 2 reads; 1 stale")
                .contains("staleness in versions: max 2, p50 2, p99 2").contains("eventual-register: valid");
    }

    @Test
    void aReadOfTheUnwrittenStateAfterWritesIsStaleByEveryWrite() {
        EventualRegisterResult result = check(new Events().call(0, "write", "[\"x\",1]").call(0, "write", "[\"y\",1]")
                .call(0, "write", "[\"x\",2]").call(1, "read", "[\"x\",null]"));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.firstStale()).singleElement().satisfies(s -> {
            assertThat(s.versions()).isEqualTo(2);
            assertThat(s.millis()).isEqualTo(5.0); // read invoked at 6 ms, x's first write completed at 1 ms
        });
        assertThat(result.keys()).isEqualTo(2);
    }

    @Test
    void aReadConcurrentWithTheSupersedingWriteIsNotStale() {
        EventualRegisterResult result = check(new Events().call(0, "write", "[\"x\",1]").invoke(0, "write", "[\"x\",2]")
                .invoke(1, "read", "[\"x\",null]").ok(0, "write", "[\"x\",2]").ok(1, "read", "[\"x\",1]"));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.stalenessVersions().count()).isZero();
    }

    /**
     * Writes 1 and 2 of x overlap and are acknowledged 2 first: the store may have applied 1 first,
     * so a later read of 2 (or of 1) is not stale by the other; a write invoked after both were
     * acknowledged comes after both, and a read that misses it is stale by exactly that one.
     */
    @Test
    void aWriteThatOverlappedTheValuesWriteDoesNotMakeItStale() {
        Events overlapping = new Events().invoke(0, "write", "[\"x\",1]").invoke(1, "write", "[\"x\",2]")
                .ok(1, "write", "[\"x\",2]").ok(0, "write", "[\"x\",1]");
        EventualRegisterResult result = check(overlapping.call(2, "read", "[\"x\",2]").call(2, "read", "[\"x\",1]"));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.stalenessVersions().count()).as(result.render()).isZero();
        EventualRegisterResult later = check(new Events().invoke(0, "write", "[\"x\",1]").invoke(1, "write", "[\"x\",2]")
                .ok(1, "write", "[\"x\",2]").ok(0, "write", "[\"x\",1]").call(0, "write", "[\"x\",3]")
                .call(2, "read", "[\"x\",2]"));
        assertThat(later.firstStale()).singleElement().satisfies(s -> {
            assertThat(s.versions()).isEqualTo(1);
            assertThat(s.supersededIndex()).isEqualTo(5); // write 3's completion
        });
    }

    @Test
    void aValueOfAnIndeterminateWriteIsNeverCountedStale() {
        EventualRegisterResult result = check(new Events().invoke(0, "write", "[\"x\",1]").info(0, "write", "[\"x\",1]")
                .call(0, "write", "[\"x\",2]").call(1, "read", "[\"x\",1]"));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.stalenessVersions().count()).isZero();
    }

    @Test
    void percentilesAreOverTheStaleReads() {
        Events events = new Events();
        for (int v = 1; v <= 5; v++) {
            events.call(0, "write", "[\"x\"," + v + "]");
        }
        for (int v = 1; v <= 4; v++) { // 4, 3, 2 and 1 versions behind
            events.call(1, "read", "[\"x\"," + v + "]");
        }
        EventualRegisterResult result = check(events);
        assertThat(result.stalenessVersions()).isEqualTo(new EventualRegisterResult.Distribution(4, 4, 2, 4));
    }

    @Test
    void aValueNeverWrittenOrWhoseWriteFailedIsAGarbageRead() {
        EventualRegisterResult result = check(new Events().invoke(0, "write", "[\"x\",1]").fail(0, "write", "[\"x\",1]")
                .call(1, "read", "[\"x\",1]").call(1, "read", "[\"x\",7]").call(1, "read", "[\"y\",null]"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.findings()).containsExactly(
                new EventualRegisterResult.Finding(EventualRegisterResult.Kind.GARBAGE_READ, "x", 3, Values.parse("1"), 0),
                new EventualRegisterResult.Finding(EventualRegisterResult.Kind.GARBAGE_READ, "x", 5, Values.parse("7"), -1));
        assertThat(result.render()).contains("garbage-read: key x read 7 at event 5, a value never written");
    }

    @Test
    void aValueWrittenOnlyAfterTheReadCompletedIsAFutureRead() {
        EventualRegisterResult result = check(new Events().call(1, "read", "[\"x\",1]").call(0, "write", "[\"x\",1]"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.counts()).containsEntry("future-read", 1);
        assertThat(result.findings().getFirst().writeIndex()).isEqualTo(2);
    }

    @Test
    void brokenPreconditionsAreUnknown() {
        assertThat(check(new Events().call(0, "write", "[\"x\",1]").call(0, "write", "[\"x\",1]")
                .call(0, "read", "[\"x\",1]")).reason()).contains("values must be unique per key");
        assertThat(check(new Events().call(0, "write", "1")).reason()).startsWith("event 0: ").contains("[key value]");
        assertThat(check(new Events().call(0, "cas", "[\"x\",[1,2]]")).reason()).contains("compared-and-set");
        assertThat(check(new Events().call(0, "write", "[\"x\",1]")).validity()).isEqualTo(Validity.UNKNOWN);
    }
}
