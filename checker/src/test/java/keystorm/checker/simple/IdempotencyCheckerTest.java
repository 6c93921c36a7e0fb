package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import keystorm.checker.Validity;
import org.junit.jupiter.api.Test;

class IdempotencyCheckerTest {
    static IdempotencyResult check(Events events) {
        return new IdempotencyChecker().check(events.history());
    }

    static String submit(String token, long element, int attempt) {
        return "{\"token\":\"" + token + "\",\"element\":" + element + ",\"attempt\":" + attempt + "}";
    }

    static String mismatch(String token, long element, String refused) {
        return "{\"token\":\"" + token + "\",\"element\":" + element + (refused == null ? "" : ",\"refused\":" + refused) + "}";
    }

    @Test
    void aRetriedTokenAppliedOnceAndARefusedMismatchAreValid() {
        IdempotencyResult result = check(new Events().invoke(0, "submit", submit("t1", 1, 1))
                .info(0, "submit", submit("t1", 1, 1)).call(0, "submit", submit("t1", 1, 2))
                .invoke(1, "mismatch", mismatch("t1", 99, null)).ok(1, "mismatch", mismatch("t1", 99, "true"))
                .call(2, "read", "[1]"));
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.submits()).isEqualTo(2);
        assertThat(result.tokens()).isEqualTo(1);
        assertThat(result.acknowledgedTokens()).isEqualTo(1);
        assertThat(result.mismatches()).isEqualTo(1);
    }

    @Test
    void aRetryAppliedTwiceIsADuplicate() {
        IdempotencyResult result = check(new Events().invoke(0, "submit", submit("t1", 1, 1))
                .info(0, "submit", submit("t1", 1, 1)).call(0, "submit", submit("t1", 1, 2)).call(2, "read", "[1,1]")
                .call(2, "read", "[1,1]"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.findings()).containsExactly(new IdempotencyResult.Finding(IdempotencyResult.Kind.DUPLICATE,
                1, "t1", 5, -1, 2));
        assertThat(result.render()).contains("duplicate: element 1 (token t1) appears 2 times in the read at event 5");
    }

    @Test
    void anAcknowledgedSubmitMissingFromALaterReadIsLost() {
        IdempotencyResult result = check(new Events().call(0, "submit", submit("t1", 1, 1))
                .call(0, "submit", submit("t2", 2, 1)).call(1, "read", "[2]"));
        assertThat(result.findings()).containsExactly(new IdempotencyResult.Finding(IdempotencyResult.Kind.LOST,
                1, "t1", 5, 1, 0));
    }

    @Test
    void aReadConcurrentWithTheSubmitMayMissIt() {
        IdempotencyResult result = check(new Events().invoke(0, "submit", submit("t1", 1, 1)).invoke(1, "read", "null")
                .ok(1, "read", "[]").ok(0, "submit", submit("t1", 1, 1)).call(1, "read", "[1]"));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void anAppliedMismatchIsFoundInAReadOrInItsAcknowledgement() {
        IdempotencyResult read = check(new Events().call(0, "submit", submit("t1", 1, 1))
                .invoke(1, "mismatch", mismatch("t1", 99, null)).info(1, "mismatch", mismatch("t1", 99, null))
                .call(2, "read", "[1,99]"));
        assertThat(read.counts()).containsExactly(java.util.Map.entry("mismatch-applied", 1));
        assertThat(read.findings().getFirst().index()).isEqualTo(5);
        IdempotencyResult acknowledged = check(new Events().call(0, "submit", submit("t1", 1, 1))
                .invoke(1, "mismatch", mismatch("t1", 99, null)).ok(1, "mismatch", mismatch("t1", 99, "false"))
                .call(2, "read", "[1]"));
        assertThat(acknowledged.validity()).isEqualTo(Validity.INVALID);
        assertThat(acknowledged.findings()).containsExactly(new IdempotencyResult.Finding(
                IdempotencyResult.Kind.MISMATCH_APPLIED, 99, "t1", 3, -1, 0));
    }

    @Test
    void anElementNeverSubmittedOrWhoseSubmitsAllFailedIsUnexpected() {
        IdempotencyResult result = check(new Events().invoke(0, "submit", submit("t1", 1, 1))
                .fail(0, "submit", submit("t1", 1, 1)).call(2, "read", "[1,5]"));
        assertThat(result.findings()).extracting(IdempotencyResult.Finding::kind, IdempotencyResult.Finding::element)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(IdempotencyResult.Kind.UNEXPECTED, 1L),
                        org.assertj.core.groups.Tuple.tuple(IdempotencyResult.Kind.UNEXPECTED, 5L));
    }

    @Test
    void noReadAfterTheLastAcknowledgementIsUnknown() {
        IdempotencyResult result = check(new Events().call(1, "read", "[]").call(0, "submit", submit("t1", 1, 1)));
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).isEqualTo("no read began after the last acknowledged submit (event 3)");
        assertThat(check(new Events().call(0, "submit", submit("t1", 1, 1))).reason()).contains("no read");
    }

    @Test
    void brokenPreconditionsAreUnknown() {
        assertThat(check(new Events().call(0, "submit", submit("t1", 1, 1)).call(0, "submit", submit("t1", 2, 2))
                .call(0, "read", "[1]")).reason()).contains("token t1 retried with element 2, first submitted with 1");
        assertThat(check(new Events().call(0, "submit", submit("t1", 1, 1)).call(0, "submit", submit("t2", 1, 1))
                .call(0, "read", "[1]")).reason()).contains("elements must be unique");
        assertThat(check(new Events().call(0, "submit", submit("t1", 1, 1)).call(0, "mismatch", mismatch("t1", 1, "true"))
                .call(0, "read", "[1]")).reason()).contains("also submitted");
        assertThat(check(new Events().call(0, "submit", submit("t1", 1, 0))).reason()).startsWith("event 0: ");
        assertThat(check(new Events().call(0, "mismatch", mismatch("t1", 2, null))).reason())
                .startsWith("event 1: ").contains("refused");
    }
}
