package keystorm.checker.simple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import keystorm.checker.Checker;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.op.IdempotencyOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;

/**
 * DynamoDB's idempotent transactions: a TransactWriteItems with a ClientRequestToken takes effect
 * once however often it is retried, and a reuse of the token with other actions is refused
 * (IdempotentParameterMismatch) and never applied (<a
 * href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txwriteitems">TransactWriteItems,
 * idempotency</a>). Each submit appends its token's element to one list; strongly consistent
 * reads of the list are checked for:
 * <ul>
 *   <li><b>duplicate</b>: an element more than once in a read (a retry applied twice);
 *   <li><b>lost</b>: an element whose token had an acknowledged submit, missing from a read begun
 *       after that acknowledgement;
 *   <li><b>mismatch-applied</b>: a mismatch's element in a read, or a mismatch acknowledged as not
 *       refused;
 *   <li><b>unexpected</b>: an element never submitted, or whose every submit failed (a fail says it
 *       was not applied).
 * </ul>
 * Any finding is invalid. Without one, the verdict is UNKNOWN when no read began after the last
 * acknowledged submit (nothing then says it was applied once). Preconditions, whose violation is
 * UNKNOWN: a token's retries carry its element, elements are unique across tokens, and a
 * mismatch's element is no submit's. Each finding is reported once per element, at the first read
 * that shows it.
 */
public final class IdempotencyChecker implements Checker {
    @Override
    public IdempotencyResult check(History history) {
        List<Call<Payload>> calls;
        try {
            calls = Calls.of(history, OpJson.Family.IDEMPOTENCY, false);
        } catch (Calls.Undecodable e) {
            return IdempotencyResult.unknown(e.getMessage());
        }
        Map<String, Long> elementOf = new HashMap<>();
        Map<Long, String> tokenOf = new HashMap<>();
        Map<String, Long> acknowledged = new HashMap<>(); // token to its first ack
        Set<String> mayHaveApplied = new HashSet<>();
        List<Call<Payload>> mismatches = new ArrayList<>();
        List<Call<Payload>> reads = new ArrayList<>();
        int submits = 0;
        for (Call<Payload> call : calls) {
            switch ((IdempotencyOp) call.invocation()) {
                case IdempotencyOp.Submit submit -> {
                    submits++;
                    Long earlier = elementOf.putIfAbsent(submit.token(), submit.element());
                    if (earlier != null && earlier != submit.element()) {
                        return IdempotencyResult.unknown("event " + call.invokeIndex() + ": token " + submit.token()
                                + " retried with element " + submit.element() + ", first submitted with " + earlier);
                    }
                    String other = tokenOf.putIfAbsent(submit.element(), submit.token());
                    if (other != null && !other.equals(submit.token())) {
                        return IdempotencyResult.unknown("event " + call.invokeIndex() + ": element " + submit.element()
                                + " submitted under tokens " + other + " and " + submit.token() + ": elements must be unique");
                    }
                    if (call.ok()) {
                        acknowledged.merge(submit.token(), call.completeIndex(), Math::min);
                    }
                    if (call.mayHaveHappened()) {
                        mayHaveApplied.add(submit.token());
                    }
                }
                case IdempotencyOp.Mismatch mismatch -> mismatches.add(call);
                case IdempotencyOp.Read read -> {
                    if (call.ok()) {
                        reads.add(call);
                    }
                }
            }
        }
        List<IdempotencyResult.Finding> findings = new ArrayList<>();
        Map<Long, String> mismatchOf = new HashMap<>();
        for (Call<Payload> call : mismatches) {
            IdempotencyOp.Mismatch mismatch = (IdempotencyOp.Mismatch) call.invocation();
            if (tokenOf.containsKey(mismatch.element())) {
                return IdempotencyResult.unknown("event " + call.invokeIndex() + ": the mismatch's element "
                        + mismatch.element() + " is also submitted under token " + tokenOf.get(mismatch.element()));
            }
            mismatchOf.put(mismatch.element(), mismatch.token());
            if (call.ok()) {
                Boolean refused = ((IdempotencyOp.Mismatch) call.completion()).refused();
                if (refused == null) {
                    return IdempotencyResult.unknown("event " + call.completeIndex()
                            + ": an ok mismatch says whether it was refused");
                }
                if (!refused) {
                    findings.add(new IdempotencyResult.Finding(IdempotencyResult.Kind.MISMATCH_APPLIED,
                            mismatch.element(), mismatch.token(), call.completeIndex(), -1, 0));
                }
            }
        }
        reads.sort(Comparator.comparingLong(Call::invokeIndex));
        inspect(reads, elementOf, tokenOf, acknowledged, mayHaveApplied, mismatchOf, findings);
        findings.sort(Comparator.comparing(IdempotencyResult.Finding::kind).thenComparingLong(IdempotencyResult.Finding::index));
        long lastAck = acknowledged.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        String reason = null;
        if (findings.isEmpty() && reads.stream().noneMatch(read -> read.invokeIndex() > lastAck)) {
            reason = reads.isEmpty() ? "no read completed: nothing says what the list held"
                    : "no read began after the last acknowledged submit (event " + lastAck + ")";
        }
        Validity validity = !findings.isEmpty() ? Validity.INVALID : reason != null ? Validity.UNKNOWN : Validity.VALID;
        return new IdempotencyResult(validity, reason, submits, elementOf.size(), acknowledged.size(), mismatches.size(),
                reads.size(), findings);
    }

    private static void inspect(List<Call<Payload>> reads, Map<String, Long> elementOf, Map<Long, String> tokenOf,
                                Map<String, Long> acknowledged, Set<String> mayHaveApplied, Map<Long, String> mismatchOf,
                                List<IdempotencyResult.Finding> findings) {
        Set<Reported> reported = new HashSet<>();
        for (Call<Payload> read : reads) {
            List<Long> elements = ((IdempotencyOp.Read) read.completion()).elements();
            Map<Long, Integer> occurrences = new TreeMap<>();
            elements.forEach(e -> occurrences.merge(e, 1, Integer::sum));
            occurrences.forEach((element, count) -> {
                String token = tokenOf.get(element);
                if (count > 1) {
                    once(reported, findings, new IdempotencyResult.Finding(IdempotencyResult.Kind.DUPLICATE, element,
                            token, read.completeIndex(), -1, count));
                }
                if (mismatchOf.containsKey(element)) {
                    once(reported, findings, new IdempotencyResult.Finding(IdempotencyResult.Kind.MISMATCH_APPLIED,
                            element, mismatchOf.get(element), read.completeIndex(), -1, count));
                } else if (token == null || !mayHaveApplied.contains(token)) {
                    once(reported, findings, new IdempotencyResult.Finding(IdempotencyResult.Kind.UNEXPECTED, element,
                            token, read.completeIndex(), -1, count));
                }
            });
            new TreeMap<>(acknowledged).forEach((token, ack) -> {
                long element = elementOf.get(token);
                if (ack < read.invokeIndex() && !occurrences.containsKey(element)) {
                    once(reported, findings, new IdempotencyResult.Finding(IdempotencyResult.Kind.LOST, element, token,
                            read.completeIndex(), ack, 0));
                }
            });
        }
    }

    /** A kind of finding about one element, reported once. */
    private record Reported(IdempotencyResult.Kind kind, long element) {
    }

    private static void once(Set<Reported> reported, List<IdempotencyResult.Finding> findings,
                             IdempotencyResult.Finding finding) {
        if (reported.add(new Reported(finding.kind(), finding.element()))) {
            findings.add(finding);
        }
    }
}
