package keystorm.checker.linear;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import keystorm.checker.Validity;
import java.util.Optional;
import keystorm.checker.history.Call;
import keystorm.checker.op.Payload;

/**
 * The Wing &amp; Gong linearizability search with Lowe's just-in-time linearization and
 * memoization, as Porcupine and Knossos's WGL do it.
 *
 * <p>Events (invocations and returns) sit in a doubly linked list in history order. The search
 * walks it: at an invocation it tries to linearize that call now (the model must accept it in the
 * current state, and the pair (set of linearized calls, state) must not have been seen before);
 * if so it lifts the call and its return out of the list, pushes, and starts again from the
 * front. Reaching a return means the call it returns from should have been linearized by now:
 * the search backtracks. The list emptying means every call found a place. The memo of
 * (bitset, state) pairs is what keeps the search from exploring the same configuration twice.
 *
 * <p>Indeterminate calls return at the very end, so the search can always place them last,
 * where they affect nothing observed: that is "may or may not have happened".
 *
 * <p>Bounded: a deadline and a cap on memoized configurations; running past either, or being
 * cancelled, gives UNKNOWN, never VALID.
 */
final class WglSearch {
    /** Checking the clock every iteration would cost more than the search step. */
    private static final int CLOCK_CHECK_INTERVAL = 1 << 12;

    private static final class Node {
        final int call;
        final boolean isCall;
        Node match;
        Node prev;
        Node next;

        Node(int call, boolean isCall) {
            this.call = call;
            this.isCall = isCall;
        }
    }

    /** The verdict for one key, and the deepest point the search reached (for counterexamples). */
    record Outcome<S>(Validity validity, String reason, int[] bestPrefix, S bestState, long configurations) {
    }

    private WglSearch() {
    }

    static <S, I extends Payload, O extends Payload> Outcome<S> run(List<Call<I, O>> calls, Model<S, I, O> model, S initial,
                                                                   long deadlineNanos, long configurationsMax,
                                                                   java.util.function.Supplier<String> cancelled) {
        int n = calls.size();
        Node head = link(calls);
        long[] linearized = new long[(n + 63) >>> 6];
        ConfigurationSet<S> seen = new ConfigurationSet<>(n, 0x5eed);
        long setHash = 0;
        Node[] stackNodes = new Node[n];
        @SuppressWarnings("unchecked")
        S[] stackStates = (S[]) new Object[n];
        int depth = 0;
        int[] bestPrefix = new int[0];
        S bestState = initial;
        S state = initial;
        Node entry = head.next;
        long iterations = 0;
        while (head.next != null) {
            if ((++iterations & (CLOCK_CHECK_INTERVAL - 1)) == 0) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    return new Outcome<>(Validity.UNKNOWN, "time budget spent after " + seen.size()
                            + " configurations", bestPrefix, bestState, seen.size());
                }
                String reason = cancelled.get();
                if (reason != null) {
                    return new Outcome<>(Validity.UNKNOWN, reason, bestPrefix, bestState, seen.size());
                }
            }
            if (entry.isCall) {
                Optional<S> stepped = model.step(state, calls.get(entry.call));
                if (stepped.isPresent()) {
                    S next = stepped.get();
                    long candidateHash = setHash ^ seen.callHash(entry.call);
                    if (seen.add(linearized, entry.call, candidateHash, next)) {
                        if (seen.size() > configurationsMax) {
                            return new Outcome<>(Validity.UNKNOWN, "memory budget spent: " + configurationsMax
                                    + " configurations", bestPrefix, bestState, seen.size());
                        }
                        stackNodes[depth] = entry;
                        stackStates[depth] = state;
                        depth++;
                        state = next;
                        setHash = candidateHash;
                        linearized[entry.call >>> 6] |= 1L << entry.call;
                        lift(entry);
                        if (depth > bestPrefix.length) {
                            bestPrefix = new int[depth];
                            for (int i = 0; i < depth; i++) {
                                bestPrefix[i] = stackNodes[i].call;
                            }
                            bestState = state;
                        }
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                if (depth == 0) {
                    return new Outcome<>(Validity.INVALID, null, bestPrefix, bestState, seen.size());
                }
                depth--;
                entry = stackNodes[depth];
                state = stackStates[depth];
                linearized[entry.call >>> 6] &= ~(1L << entry.call);
                setHash ^= seen.callHash(entry.call);
                unlift(entry);
                entry = entry.next;
            }
        }
        return new Outcome<>(Validity.VALID, null, bestPrefix, bestState, seen.size());
    }

    /** The event list: calls and returns in history order; indeterminate returns last. */
    private static Node link(List<? extends Call<?, ?>> calls) {
        record Event(long position, int call, boolean isCall) {
        }
        List<Event> events = new ArrayList<>(calls.size() * 2);
        for (Call<?, ?> call : calls) {
            events.add(new Event(call.invokeIndex(), call.id(), true));
            events.add(new Event(call.returnIndex(), call.id(), false));
        }
        // Positions are unique except the shared "never" of indeterminate returns: order those by
        // call, and put an invocation before a return at the same position (a closed interval).
        events.sort(Comparator.comparingLong(Event::position).thenComparing(Event::isCall, Comparator.reverseOrder())
                .thenComparingInt(Event::call));
        Node head = new Node(-1, false);
        Node[] callNodes = new Node[calls.size()];
        Node[] returnNodes = new Node[calls.size()];
        Node last = head;
        for (Event event : events) {
            Node node = new Node(event.call(), event.isCall());
            if (event.isCall()) {
                callNodes[event.call()] = node;
            } else {
                returnNodes[event.call()] = node;
            }
            last.next = node;
            node.prev = last;
            last = node;
        }
        for (int i = 0; i < calls.size(); i++) {
            callNodes[i].match = returnNodes[i];
        }
        return head;
    }

    private static void lift(Node entry) {
        entry.prev.next = entry.next;
        if (entry.next != null) {
            entry.next.prev = entry.prev;
        }
        Node match = entry.match;
        match.prev.next = match.next;
        if (match.next != null) {
            match.next.prev = match.prev;
        }
    }

    private static void unlift(Node entry) {
        Node match = entry.match;
        match.prev.next = match;
        if (match.next != null) {
            match.next.prev = match;
        }
        entry.prev.next = entry;
        if (entry.next != null) {
            entry.next.prev = entry;
        }
    }
}
