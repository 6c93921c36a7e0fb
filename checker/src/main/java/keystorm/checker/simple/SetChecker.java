package keystorm.checker.simple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import keystorm.checker.Checker;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;
import keystorm.checker.op.SetOp;

/**
 * Jepsen's set-full checker: adds of unique elements to a grow-only set, and reads of the whole
 * set. For every element it finds when the element was first <em>known</em> to be in the set (its
 * add acknowledged, or a read that saw it completed, whichever came first), and then looks at the
 * reads that began after that:
 * <ul>
 *   <li><b>lost</b>: a read begun after the element was known missed it, and no read begun after
 *       that one saw it again: the store lost acknowledged (or observed) data;
 *   <li><b>stale</b>: a read begun after it was known missed it, but a later read saw it: the
 *       reads were not linearizable, but the data is there;
 *   <li><b>never-read</b>: an acknowledged or indeterminate add that no read saw and, when it was
 *       acknowledged, no read began after the acknowledgement (else it is lost): nothing to say;
 *   <li><b>unexpected</b>: a read saw an element never added, or whose every add failed (a fail
 *       says the add did not happen);
 *   <li><b>stable</b>: the rest, seen by every read begun after it was known.
 * </ul>
 * A read concurrent with an add may or may not see it: only reads begun after the element was
 * known count, and an indeterminate add becomes known only when a read sees it. "Later" compares
 * invocations, as Jepsen does. Lost and unexpected elements are always invalid. Stale ones are
 * invalid when the reads are meant to be linearizable (strongly consistent reads: the default,
 * {@link #SetChecker()}), and only reported otherwise ({@code new SetChecker(false)}, for
 * eventually consistent reads). A history with no completed read is UNKNOWN.
 *
 * <p>Cost: elements times reads set look-ups; a set-full history holds a few thousand elements
 * and a read every few hundred adds.
 */
public final class SetChecker implements Checker {
    private final boolean linearizable;
    private final boolean independent;

    /** Strongly consistent reads: stale reads are invalid. */
    public SetChecker() {
        this(true);
    }

    /** @param linearizable whether a stale read (a completed add missed, then seen later) is invalid */
    public SetChecker(boolean linearizable) {
        this(linearizable, false);
    }

    /**
     * @param independent whether the history holds many sets, as Jepsen's independent
     *     {@code [key value]} tuples: each set is checked alone and the findings are summed (a
     *     long run keeps its sets small, so reads stay small and the check stays linear)
     */
    public SetChecker(boolean linearizable, boolean independent) {
        this.linearizable = linearizable;
        this.independent = independent;
    }

    @Override
    public SetResult check(History history) {
        List<Call<Payload>> calls;
        try {
            calls = Calls.of(history, OpJson.Family.SET, independent);
        } catch (Calls.Undecodable e) {
            return SetResult.unknown(linearizable, e.getMessage());
        }
        if (!independent) {
            return checkOne(calls);
        }
        Map<String, List<Call<Payload>>> byKey = new TreeMap<>();
        for (Call<Payload> call : calls) {
            Payload.Keyed keyed = (Payload.Keyed) call.invocation();
            Payload completion = call.completion() == null ? null : ((Payload.Keyed) call.completion()).value();
            byKey.computeIfAbsent(keyed.key(), k -> new ArrayList<>()).add(new Call<>(call.process(), call.outcome(),
                    keyed.value(), completion, call.invokeIndex(), call.completeIndex(), call.invokeTime(),
                    call.completeTime()));
        }
        SetResult merged = null;
        for (Map.Entry<String, List<Call<Payload>>> key : byKey.entrySet()) {
            SetResult one = checkOne(key.getValue());
            merged = merged == null ? one : merged.and(one);
        }
        return merged == null ? SetResult.unknown(linearizable, "no set operations") : merged;
    }

    private SetResult checkOne(List<Call<Payload>> calls) {
        Map<Long, List<Call<Payload>>> adds = new TreeMap<>();
        List<Call<Payload>> reads = new ArrayList<>();
        int[] outcomes = new int[Outcome.values().length];
        for (Call<Payload> call : calls) {
            switch ((SetOp) call.invocation()) {
                case SetOp.Add add -> {
                    adds.computeIfAbsent(add.element(), e -> new ArrayList<>()).add(call);
                    outcomes[call.outcome().ordinal()]++;
                }
                case SetOp.Read read -> {
                    if (call.ok()) {
                        reads.add(call);
                    }
                }
            }
        }
        if (reads.isEmpty()) {
            return SetResult.unknown(linearizable, "no read completed: nothing says what the set held");
        }
        reads.sort(Comparator.comparingLong(Call::invokeIndex));
        java.util.SortedSet<Long> elements = new java.util.TreeSet<>(adds.keySet());
        for (Call<Payload> read : reads) {
            elements.addAll(seen(read));
        }
        Samples lost = new Samples();
        Samples stale = new Samples();
        Samples neverRead = new Samples();
        Samples unexpected = new Samples();
        int stable = 0;
        int acknowledgedNeverRead = 0;
        for (long element : elements) {
            SetResult.Element found = element(element, adds.getOrDefault(element, List.of()), reads);
            boolean attempted = found.add() == Outcome.OK || found.add() == Outcome.INFO;
            if (found.firstSeenIndex() >= 0 && !attempted) {
                unexpected.add(found);
            } else if (found.lastMissedIndex() >= 0 && found.seenAfterMissed()) {
                stale.add(found);
            } else if (found.lastMissedIndex() >= 0) {
                lost.add(found);
            } else if (found.firstSeenIndex() < 0 && attempted) {
                neverRead.add(found);
                if (found.add() == Outcome.OK) {
                    acknowledgedNeverRead++;
                }
            } else if (found.firstSeenIndex() >= 0) {
                stable++;
            }
        }
        Validity validity = !lost.isEmpty() || !unexpected.isEmpty() || (linearizable && !stale.isEmpty())
                ? Validity.INVALID : Validity.VALID;
        String reason = null;
        if (validity == Validity.VALID && acknowledgedNeverRead > 0) {
            // An acknowledged add that no read began after: nothing says whether it stayed. Not valid.
            validity = Validity.UNKNOWN;
            reason = acknowledgedNeverRead + " acknowledged adds were never followed by a read: did the final reads fail?";
        }
        return new SetResult(validity, reason, linearizable, outcomes[Outcome.OK.ordinal()],
                outcomes[Outcome.INFO.ordinal()], outcomes[Outcome.FAIL.ordinal()], reads.size(), stable,
                lost.sample(), stale.sample(), neverRead.sample(), unexpected.sample());
    }

    /** What the history says of one element; {@code reads} are the ok reads by invocation. */
    private static SetResult.Element element(long element, List<Call<Payload>> adds, List<Call<Payload>> reads) {
        Outcome add = null;
        long known = Long.MAX_VALUE;
        for (Call<Payload> call : adds) {
            if (call.ok()) {
                add = Outcome.OK;
                known = Math.min(known, call.completeIndex());
            } else if (call.outcome() == Outcome.INFO && add != Outcome.OK) {
                add = Outcome.INFO;
            } else if (add == null) {
                add = Outcome.FAIL;
            }
        }
        long firstSeen = Long.MAX_VALUE;
        for (Call<Payload> read : reads) {
            if (seen(read).contains(element)) {
                firstSeen = Math.min(firstSeen, read.completeIndex());
            }
        }
        known = Math.min(known, firstSeen);
        Call<Payload> lastMissed = null;
        boolean seenAfter = false;
        for (Call<Payload> read : reads) { // by invocation
            boolean present = seen(read).contains(element);
            if (!present && read.invokeIndex() > known) {
                lastMissed = read;
                seenAfter = false;
            } else if (present && lastMissed != null) {
                seenAfter = true;
            }
        }
        return new SetResult.Element(element, add, known == Long.MAX_VALUE ? -1 : known,
                firstSeen == Long.MAX_VALUE ? -1 : firstSeen, lastMissed == null ? -1 : lastMissed.completeIndex(),
                seenAfter);
    }

    private static java.util.Set<Long> seen(Call<Payload> read) {
        return ((SetOp.Read) read.completion()).elements();
    }

    /** A count and the first few elements of one kind. */
    private static final class Samples {
        private final List<SetResult.Element> first = new ArrayList<>();
        private int count;

        void add(SetResult.Element element) {
            count++;
            if (first.size() < SetResult.SAMPLE_SIZE) {
                first.add(element);
            }
        }

        boolean isEmpty() {
            return count == 0;
        }

        SetResult.Sample sample() {
            return new SetResult.Sample(count, first);
        }
    }
}
