package keystorm.checker.simple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.Checker;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.op.CounterOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;

/**
 * Jepsen's counter checker: every ok read lies between what must have been added and what may
 * have been. When a read takes effect, the adds acknowledged before it began have certainly taken
 * effect; the adds invoked before it completed, and not failed, may have (an info add at any time
 * after its invocation); the rest cannot have. With only positive deltas the bounds are Jepsen's:
 * the sum of the certain adds, and the sum of the possible ones. With negative deltas an
 * uncertain add lowers the lower bound or raises the upper bound, so:
 * <pre>
 *   lower = initial + (positive certain deltas) + (negative possible deltas)
 *   upper = initial + (negative certain deltas) + (positive possible deltas)
 * </pre>
 * (certain adds are possible ones too). Each read outside its bounds is a finding, with them.
 * The counter starts at {@link CheckerOptions#initial()}, an integer, or 0. A history with no ok
 * read is UNKNOWN, as is one whose sums overflow a long. One pass over the history.
 */
public final class CounterChecker implements Checker {
    private final long initial;

    public CounterChecker(CheckerOptions options) {
        this(initialOf(options.initial()));
    }

    public CounterChecker(long initial) {
        this.initial = initial;
    }

    private static long initialOf(JsonNode initial) {
        if (initial == null || initial.isNull()) {
            return 0;
        }
        if (!initial.isIntegralNumber() || !initial.canConvertToLong()) {
            throw new IllegalArgumentException("the counter's initial value is an integer, not " + initial);
        }
        return initial.longValue();
    }

    /** A point in the history where a sum changes or a read is bounded, in index order. */
    private record Mark(long index, Step step, long delta, int read) {
    }

    private enum Step { ADD_INVOKED, ADD_ACKNOWLEDGED, READ_INVOKED, READ_COMPLETED }

    @Override
    public CounterResult check(History history) {
        List<Call<Payload>> calls;
        try {
            calls = Calls.of(history, OpJson.Family.COUNTER, false);
        } catch (Calls.Undecodable e) {
            return CounterResult.unknown(initial, e.getMessage());
        }
        int[] adds = new int[Outcome.values().length];
        List<Mark> marks = new ArrayList<>();
        List<Call<Payload>> reads = new ArrayList<>();
        for (Call<Payload> call : calls) {
            switch ((CounterOp) call.invocation()) {
                case CounterOp.Add add -> {
                    adds[call.outcome().ordinal()]++;
                    if (call.mayHaveHappened()) {
                        marks.add(new Mark(call.invokeIndex(), Step.ADD_INVOKED, add.delta(), -1));
                    }
                    if (call.ok()) {
                        marks.add(new Mark(call.completeIndex(), Step.ADD_ACKNOWLEDGED, add.delta(), -1));
                    }
                }
                case CounterOp.Read read -> {
                    if (call.ok()) {
                        marks.add(new Mark(call.invokeIndex(), Step.READ_INVOKED, 0, reads.size()));
                        marks.add(new Mark(call.completeIndex(), Step.READ_COMPLETED, 0, reads.size()));
                        reads.add(call);
                    }
                }
            }
        }
        int ok = adds[Outcome.OK.ordinal()];
        int failed = adds[Outcome.FAIL.ordinal()];
        int info = adds[Outcome.INFO.ordinal()];
        if (reads.isEmpty()) {
            return new CounterResult(Validity.UNKNOWN, "no read completed: nothing to bound", initial, ok, failed, info,
                    0, List.of());
        }
        marks.sort(Comparator.comparingLong(Mark::index).thenComparing(Mark::step));
        List<CounterResult.Finding> findings = new ArrayList<>();
        try {
            sweep(marks, reads, findings);
        } catch (ArithmeticException e) {
            return new CounterResult(Validity.UNKNOWN, "the sums of the adds overflow a long", initial, ok, failed,
                    info, reads.size(), List.of());
        }
        return new CounterResult(findings.isEmpty() ? Validity.VALID : Validity.INVALID, null, initial, ok, failed,
                info, reads.size(), findings);
    }

    private void sweep(List<Mark> marks, List<Call<Payload>> reads, List<CounterResult.Finding> findings) {
        long positiveCertain = 0;
        long negativeCertain = 0;
        long positivePossible = 0;
        long negativePossible = 0;
        Map<Integer, long[]> certainAtInvocation = new HashMap<>();
        for (Mark mark : marks) {
            switch (mark.step()) {
                case ADD_INVOKED -> {
                    if (mark.delta() >= 0) {
                        positivePossible = Math.addExact(positivePossible, mark.delta());
                    } else {
                        negativePossible = Math.addExact(negativePossible, mark.delta());
                    }
                }
                case ADD_ACKNOWLEDGED -> {
                    if (mark.delta() >= 0) {
                        positiveCertain = Math.addExact(positiveCertain, mark.delta());
                    } else {
                        negativeCertain = Math.addExact(negativeCertain, mark.delta());
                    }
                }
                case READ_INVOKED -> certainAtInvocation.put(mark.read(), new long[] {positiveCertain, negativeCertain});
                case READ_COMPLETED -> {
                    long[] certain = certainAtInvocation.remove(mark.read());
                    long lower = Math.addExact(initial, Math.addExact(certain[0], negativePossible));
                    long upper = Math.addExact(initial, Math.addExact(certain[1], positivePossible));
                    Call<Payload> read = reads.get(mark.read());
                    long value = ((CounterOp.Read) read.completion()).value();
                    if (value < lower || value > upper) {
                        findings.add(new CounterResult.Finding(read.invokeIndex(), read.completeIndex(), value, lower, upper));
                    }
                }
            }
        }
    }
}
