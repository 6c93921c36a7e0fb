package keystorm.checker.simple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;

/**
 * A history's typed calls: each invocation decoded by its family and paired with its process's
 * next completion, as Jepsen pairs them. Nemesis events are left out; a completion without an
 * invocation (a history cut at its start) says nothing; a second invocation by a process that
 * never completed its first leaves the first indeterminate. Only an ok completion is decoded (a
 * fail or info carries nothing a checker needs but the invocation's arguments), and it must be
 * the same kind of operation as its invocation.
 */
final class Calls {
    private Calls() {
    }

    /** A line that does not decode, or a completion that does not match its invocation: the checker's UNKNOWN. */
    static final class Undecodable extends Exception {
        Undecodable(String message) {
            super(message, null, false, false);
        }
    }

    /** The calls by invocation index. */
    static List<Call<Payload>> of(History history, OpJson.Family family, boolean keyed) throws Undecodable {
        List<Call<Payload>> calls = new ArrayList<>();
        Map<Integer, Op> pending = new HashMap<>();
        Map<Integer, Payload> pendingPayload = new HashMap<>();
        for (Op op : history.ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                Payload payload = decode(op, family, keyed, false);
                Op previous = pending.put(op.process(), op);
                Payload previousPayload = pendingPayload.put(op.process(), payload);
                if (previous != null) {
                    calls.add(unfinished(previous, previousPayload));
                }
                continue;
            }
            Op invocation = pending.remove(op.process());
            Payload invoked = pendingPayload.remove(op.process());
            if (invocation == null) {
                continue;
            }
            if (op.index() <= invocation.index()) {
                throw new Undecodable("event " + op.index() + ": completes event " + invocation.index()
                        + ", which does not come before it: the history's indices are out of order");
            }
            switch (op.type()) {
                case OK -> {
                    Payload completed = decode(op, family, keyed, true);
                    if (!sameKind(invoked, completed)) {
                        throw new Undecodable("event " + op.index() + ": completes event " + invocation.index()
                                + " with another kind of operation (" + op.f() + " after " + invocation.f() + ")");
                    }
                    calls.add(new Call<>(op.process(), Outcome.OK, invoked, completed, invocation.index(),
                            op.index(), invocation.time(), op.time()));
                }
                case FAIL, INFO -> calls.add(new Call<>(op.process(),
                        op.type() == OpType.FAIL ? Outcome.FAIL : Outcome.INFO, invoked, null,
                        invocation.index(), op.index(), invocation.time(), op.time()));
                case INVOKE -> throw new AssertionError("handled above");
            }
        }
        pending.forEach((process, invocation) -> calls.add(unfinished(invocation, pendingPayload.get(process))));
        calls.sort(Comparator.comparingLong(Call::invokeIndex));
        return calls;
    }

    private static Call<Payload> unfinished(Op invocation, Payload payload) {
        return new Call<>(invocation.process(), Outcome.INFO, payload, null, invocation.index(), Long.MAX_VALUE,
                invocation.time(), Long.MAX_VALUE);
    }

    private static Payload decode(Op op, OpJson.Family family, boolean keyed, boolean completed) throws Undecodable {
        try {
            return OpJson.decode(family, keyed, op.f(), op.value(), completed);
        } catch (RuntimeException e) { // the codec's refusals, and an attempt past an int: bad input, never a crash
            throw new Undecodable("event " + op.index() + ": " + e.getMessage());
        }
    }

    private static boolean sameKind(Payload invoked, Payload completed) {
        if (invoked instanceof Payload.Keyed a && completed instanceof Payload.Keyed b) {
            return a.key().equals(b.key()) && a.value().getClass() == b.value().getClass();
        }
        return invoked.getClass() == completed.getClass();
    }
}
