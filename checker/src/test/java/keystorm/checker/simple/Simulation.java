package keystorm.checker.simple;

import java.util.ArrayList;
import java.util.List;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.op.Operation;
import keystorm.checker.op.Payload;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * A correct store run by concurrent clients, without threads or time: the schedule (a list of
 * process numbers) says which process moves next; an idle process invokes the next planned
 * operation, a busy one completes its own. Each operation takes effect at one point between its
 * invocation and completion (its invocation or its completion, as planned), so the history is
 * linearizable by construction. An ok plan completes ok unless the store refuses (then fail); a
 * fail is never applied; an info is applied or not, as planned. Whatever the schedule leaves
 * pending completes at the end, in process order.
 */
final class Simulation {
    /** A correct store: applies an operation at its linearization point. */
    interface Store {
        /** The ok completion's payload, or null when the store refuses it (the call fails, unapplied). */
        Payload apply(Planned planned, int process);

        /** At every invocation, before its effect: for reads made of several steps (a Scan). */
        default void invoked(Planned planned, int process) {
        }
    }

    /**
     * @param atInvocation whether it takes effect at its invocation (else at its completion)
     * @param infoApplied for an info: whether it took effect
     * @param lag for a store that serves stale reads: how far behind this read may be
     */
    record Planned(Payload op, Outcome outcome, boolean atInvocation, boolean infoApplied, int lag) {
        static Planned ok(Payload op) {
            return new Planned(op, Outcome.OK, true, false, 0);
        }
    }

    private record Pending(Planned planned, boolean applied, Payload completion) {
    }

    private final Store store;
    private final List<Op> ops = new ArrayList<>();

    Simulation(Store store) {
        this.store = store;
    }

    static Arbitrary<Outcome> outcomes() {
        return Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, Outcome.OK), net.jqwik.api.Tuple.of(2, Outcome.INFO),
                net.jqwik.api.Tuple.of(1, Outcome.FAIL));
    }

    static Arbitrary<List<Integer>> schedules(int processes) {
        return Arbitraries.integers().between(0, processes - 1).list().ofMaxSize(160);
    }

    Simulation run(List<Planned> plan, List<Integer> schedule, int processes) {
        Pending[] pending = new Pending[processes];
        int next = 0;
        for (int process : schedule) {
            if (pending[process] != null) {
                complete(process, pending[process]);
                pending[process] = null;
            } else if (next < plan.size()) {
                pending[process] = invoke(process, plan.get(next++));
            }
        }
        for (int process = 0; process < processes; process++) {
            if (pending[process] != null) {
                complete(process, pending[process]);
            }
        }
        while (next < plan.size()) {
            complete(0, invoke(0, plan.get(next++)));
        }
        return this;
    }

    /** One call alone on process 0, taking effect; its ok completion's payload (null if refused). */
    Payload call(Payload op) {
        Pending pending = invoke(0, Planned.ok(op));
        complete(0, pending);
        return pending.completion();
    }

    /** A call alone on process 0 whose completion is forged: the injected fault. */
    Simulation forge(Payload invocation, Payload completion) {
        emit(0, OpType.INVOKE, invocation);
        return emit(0, OpType.OK, completion);
    }

    History history() {
        return History.of(ops);
    }

    private Pending invoke(int process, Planned planned) {
        emit(process, OpType.INVOKE, planned.op());
        store.invoked(planned, process);
        if (planned.atInvocation() && takesEffect(planned)) {
            return new Pending(planned, true, store.apply(planned, process));
        }
        return new Pending(planned, false, null);
    }

    private void complete(int process, Pending pending) {
        Planned planned = pending.planned();
        Payload completion = pending.completion();
        if (!pending.applied() && takesEffect(planned)) {
            completion = store.apply(planned, process);
        }
        switch (planned.outcome()) {
            case OK -> emit(process, completion == null ? OpType.FAIL : OpType.OK,
                    completion == null ? planned.op() : completion);
            case INFO -> emit(process, OpType.INFO, planned.op());
            case FAIL -> emit(process, OpType.FAIL, planned.op());
        }
    }

    private static boolean takesEffect(Planned planned) {
        return switch (planned.outcome()) {
            case OK -> true;
            case INFO -> planned.infoApplied();
            case FAIL -> false;
        };
    }

    private Simulation emit(int process, OpType type, Payload payload) {
        ops.add(new Operation<>(ops.size(), ops.size() * 1_000_000L, process, type, payload, null).toOp());
        return this;
    }
}
