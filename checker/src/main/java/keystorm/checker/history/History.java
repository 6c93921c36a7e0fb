package keystorm.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of operations. Ordering is the history's own (its index), which is also the
 * real-time order of events: Knossos's corpus has times out of order with its events, and
 * Jepsen checks by index.
 */
public final class History {
    private final List<Op> ops;

    private History(List<Op> ops) {
        this.ops = ops;
    }

    public static History of(List<Op> ops) {
        return new History(List.copyOf(ops));
    }

    public List<Op> ops() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    /**
     * Pairs each invocation with its process's next completion, as Jepsen does. A fail
     * completion means the call did not happen and drops it; an info completion, or none by
     * the end of the history, leaves it indeterminate. Nemesis events are left out.
     *
     * @param independent whether values are Jepsen independent {@code [key value]} tuples, to be
     *     split by key
     * @throws IllegalArgumentException naming the event, if a value is not a tuple when it must be
     */
    public List<RawCall> calls(boolean independent) {
        List<RawCall> calls = new ArrayList<>();
        Map<Integer, Op> pending = new HashMap<>();
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                Op previous = pending.put(op.process(), op);
                if (previous != null) {
                    calls.add(call(previous, null, independent)); // never completed: indeterminate
                }
                continue;
            }
            Op invocation = pending.remove(op.process());
            if (invocation == null) {
                continue; // a completion without an invocation (a history cut at its start) says nothing
            }
            switch (op.type()) {
                case OK -> calls.add(call(invocation, op, independent));
                case INFO -> calls.add(call(invocation, null, independent));
                case FAIL -> {
                    // definitely did not happen
                }
                case INVOKE -> throw new AssertionError("handled above");
            }
        }
        for (Op invocation : pending.values()) {
            calls.add(call(invocation, null, independent));
        }
        calls.sort(java.util.Comparator.comparingLong(RawCall::invokeIndex));
        List<RawCall> numbered = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            numbered.add(calls.get(i).withId(i));
        }
        return numbered;
    }

    private static RawCall call(Op invocation, Op completion, boolean independent) {
        JsonNode input = invocation.value();
        JsonNode output = completion == null ? null : completion.value();
        String key = null;
        if (independent) {
            key = keyOf(invocation);
            input = input.get(1);
            if (completion != null) {
                if (!completion.value().isArray() || completion.value().size() != 2) {
                    throw new IllegalArgumentException("event " + completion.index()
                            + ": an independent history's values are [key value] tuples, not " + completion.value());
                }
                output = completion.value().get(1);
            }
        }
        return new RawCall(0, invocation.process(), invocation.f(), input, output, completion == null,
                invocation.index(), completion == null ? Long.MAX_VALUE : completion.index(), invocation.time(),
                completion == null ? Long.MAX_VALUE : completion.time(), key);
    }

    private static String keyOf(Op op) {
        if (!op.value().isArray() || op.value().size() != 2) {
            throw new IllegalArgumentException("event " + op.index()
                    + ": an independent history's values are [key value] tuples, not " + op.value());
        }
        JsonNode key = op.value().get(0);
        return key.isTextual() ? key.textValue() : key.toString();
    }
}
