package keystorm.workloads.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import keystorm.checker.history.OpType;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;
import keystorm.engine.fault.Fault;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.generator.Context;
import keystorm.workloads.generator.Event;
import keystorm.workloads.nemesis.FaultNemesis;

/**
 * The simulated interpreter: the runner's loop ({@code runner.Interpreter}) on one thread and
 * virtual time, a discrete-event simulation over an {@link Agenda}.
 *
 * <p><b>An operation is three steps.</b> Its invocation is written when its source emits it; it
 * executes (the client's call against the store, synchronously, taking no virtual time) one hop
 * later; its completion is written one hop after that and frees its thread. Both hops come from
 * the operation's own stream ({@link Latency}, {@link OpState}). The effect therefore lies between
 * invocation and completion, and the clock never goes back: an event due before the clock (one
 * that a bug's window ran past) runs late, at the clock, which only widens an interval.
 *
 * <p><b>A bug's window</b> ({@link SimScheduler#interleave}, called by the engine between a check
 * and its write, or between a torn transaction's items) runs, nested on this thread, the execute
 * steps of other operations due within a window the current operation draws, advancing the clock
 * to each, at most {@link Latency#NESTING_MAX} deep. Only executes nest: invocations, completions
 * and faults keep their order.
 *
 * <p><b>An instant</b> is handled in two parts: first every event due (part A), then the sources
 * are asked, nemesis before clients as the interpreter does, until neither has anything for now
 * (part B). Every event made in part B is due strictly later (hops are at least 1 µs, faults
 * take {@link Latency#FAULT_NANOS}, engine tasks at least 1 ns), so each instant the loop visits
 * has one part A and one part B. That is what makes a replay exact: a recorded step is due at the
 * instant its run invoked it, and in a replay the sources are asked at the same points.
 *
 * <p><b>Faults</b> ({@link SimFaults}): a pause parks every execute until the resume, and a parked
 * operation whose client timeout passes completes {@code info} then (it still runs after the
 * resume: its result is dropped); a crash cuts the answers of operations that executed and had
 * not yet heard back ({@code info}) and loses the requests a paused engine held.
 *
 * <p>Bounds: at most one execute, one completion and one timeout per operation in flight (at most
 * the concurrency), one fault at a time, and a phase's drain ends {@link #DRAIN_MAX_NANOS} after
 * its source is done, whatever is still running.
 */
final class EventLoop<P extends Payload> implements SimFaults.Effects {
    static final long DRAIN_MAX_NANOS = 60_000_000_000L;

    /** How a phase ended: when its source was done, and what was still running when its drain ran out. */
    record PhaseEnd(long endNanos, int abandoned) {
    }

    private final SimScheduler scheduler;
    private final Agenda agenda;
    private final Client<P> client;
    private final SimStore store;
    private final SimFaults faults;
    private final HistoryLog history;
    private final int threads;
    private final int[] process;
    private final BitSet free;
    private final FaultNemesis encoder = new FaultNemesis(null, null, null, null);
    private final List<Schedule.Step> steps = new ArrayList<>();
    private final LinkedHashSet<OpState> live = new LinkedHashSet<>();
    private final ArrayDeque<OpState> parked = new ArrayDeque<>();
    private final List<Runnable> parkedTasks = new ArrayList<>();
    private final ArrayDeque<OpState> executing = new ArrayDeque<>();
    private Source<P> clients;
    private boolean finalPhase;
    private boolean nemesisFree = true;
    private long sequence;
    private long faultCount;
    private Throwable failure;

    EventLoop(SimScheduler scheduler, Client<P> client, SimStore store, HistoryLog history, int threads) {
        this.scheduler = scheduler;
        this.agenda = scheduler.agenda();
        this.client = client;
        this.store = store;
        this.faults = new SimFaults(store, this);
        this.history = history;
        this.threads = threads;
        this.process = new int[threads];
        this.free = new BitSet(threads);
        for (int t = 0; t < threads; t++) {
            process[t] = t;
        }
        free.set(0, threads);
        scheduler.onInterleave(this::interleave);
    }

    private long now() {
        return scheduler.nanos();
    }

    /** The steps run so far, in the order they were invoked. */
    List<Schedule.Step> steps() {
        return steps;
    }

    long operations() {
        return sequence;
    }

    long faults() {
        return faultCount;
    }

    /**
     * Runs a phase: its operations (and, in the main phase, the nemesis's faults) until its source
     * is done and everything it started has completed.
     */
    PhaseEnd runPhase(Source<P> phaseClients, Source<Fault> nemesis, boolean isFinal) {
        this.clients = phaseClients;
        this.finalPhase = isFinal;
        boolean clientsDone = false;
        long endNanos = -1;
        Source<Fault> faultSource = nemesis;
        while (true) {
            runDue();
            long wake = Long.MAX_VALUE;
            boolean progressed = true;
            while (progressed && !clientsDone) {
                progressed = false;
                if (faultSource != null && nemesisFree) {
                    switch (faultSource.next(Context.allFree(now(), 1), 0)) {
                        case Source.Answer.Emit<Fault> emit -> {
                            startFault(emit.value(), true);
                            progressed = true;
                        }
                        case Source.Answer.Wait<Fault> w -> wake = Math.min(wake, w.wakeNanos());
                        case Source.Answer.Done<Fault> d -> faultSource = null;
                    }
                }
                switch (clients.next(new Context(now(), threads, free), sequence)) {
                    case Source.Answer.Emit<P> emit -> {
                        invoke(emit.thread(), emit.value(), emit.stepSeed());
                        progressed = true;
                    }
                    case Source.Answer.Wait<P> w -> {
                        wake = Math.min(wake, w.wakeNanos());
                        if (live.isEmpty() && nemesisFree && wake == Long.MAX_VALUE) {
                            clientsDone = true; // waiting for a completion that can never come
                        }
                    }
                    case Source.Answer.Done<P> d -> clientsDone = true;
                }
                if (clientsDone) {
                    endNanos = now();
                }
            }
            if (clientsDone && live.isEmpty() && nemesisFree) {
                return new PhaseEnd(endNanos, 0);
            }
            if (clientsDone && now() - endNanos >= DRAIN_MAX_NANOS) {
                return new PhaseEnd(endNanos, live.size() + (nemesisFree ? 0 : 1));
            }
            long next = Math.min(agenda.firstDue(), clientsDone ? endNanos + DRAIN_MAX_NANOS : wake);
            if (next == Long.MAX_VALUE) {
                throw new IllegalStateException("the simulation waits for nothing: " + live.size() + " operations in flight, "
                        + "no event due");
            }
            scheduler.advanceTo(Math.max(next, now() + 1));
        }
    }

    /** Runs one fault outside the schedule (the heal-all at the end of the main phase) and waits for it. */
    void runFault(Fault fault) {
        while (!nemesisFree) {
            awaitNextEvent();
        }
        startFault(fault, false);
        while (!nemesisFree) {
            awaitNextEvent();
        }
    }

    private void awaitNextEvent() {
        long next = agenda.firstDue();
        if (next == Long.MAX_VALUE) {
            throw new IllegalStateException("a fault is running, and no event is due");
        }
        scheduler.advanceTo(Math.max(next, now()));
        runDue();
    }

    /** Part A of an instant: every event due by the clock, in order, late ones at the clock. */
    private void runDue() {
        for (Agenda.Entry entry = agenda.first(); entry != null && entry.due() <= now(); entry = agenda.first()) {
            agenda.remove(entry);
            switch ((SimEvent) entry.event()) {
                case SimEvent.Execute e -> execute(e.op());
                case SimEvent.Complete c -> complete(c.op(), c.completion());
                case SimEvent.Timeout t -> timeout(t.op());
                case SimEvent.FaultEnd f -> endFault(f.run());
                case SimEvent.EngineTask t -> {
                    if (faults.paused()) {
                        parkedTasks.add(t.task()); // a paused process does no background work either
                    } else {
                        t.task().run();
                    }
                }
            }
            if (failure != null) {
                throw new IllegalStateException("the simulation failed inside a bug's window", failure);
            }
        }
    }

    private void invoke(int thread, P payload, long stepSeed) {
        if (!free.get(thread)) {
            throw new IllegalStateException("the source chose busy thread " + thread);
        }
        long now = now();
        OpState op = new OpState(sequence++, thread, process[thread], payload, stepSeed, now);
        OpJson.Encoded encoded = OpJson.encode(payload);
        steps.add(new Schedule.ClientStep(thread, now, encoded.f(), encoded.value(), stepSeed, finalPhase));
        history.client(now, op.process, OpType.INVOKE, payload, null);
        free.clear(thread);
        live.add(op);
        agenda.add(now + op.executeDelayNanos, new SimEvent.Execute(op));
    }

    @SuppressWarnings("unchecked")
    private void execute(OpState op) {
        if (op.dropped || op.stage == OpState.Stage.EXECUTED) {
            return;
        }
        if (faults.paused()) {
            op.stage = OpState.Stage.PARKED;
            parked.add(op);
            agenda.add(Math.max(now() + 1, op.deadlineNanos()), new SimEvent.Timeout(op));
            return;
        }
        P payload = (P) op.payload;
        Completion<P> completion;
        executing.push(op);
        OpState before = store.begin(op);
        try {
            completion = client.invoke(store, payload);
        } catch (RuntimeException e) {
            // A real run records a client's exception as info and goes on; here it is a bug of the client,
            // the engine or the simulation, and a run that goes on past it could still be judged valid.
            throw new IllegalStateException("the simulation stopped: " + payload + " threw " + e, e);
        } finally {
            store.begin(before);
            executing.pop();
        }
        op.stage = OpState.Stage.EXECUTED;
        if (op.completed) {
            return; // the client gave up on it while the engine was paused; what it did stands
        }
        long now = now();
        long at;
        if (op.timedOut) {
            at = Math.max(now + 1, op.deadlineNanos());
        } else {
            at = now + op.responseDelayNanos + op.extraNanos;
            if (at > op.deadlineNanos()) {
                at = Math.max(now + 1, op.deadlineNanos());
                completion = Completion.info(payload, "timed out: no answer within the client's timeout");
            }
        }
        agenda.add(at, new SimEvent.Complete(op, completion));
    }

    @SuppressWarnings("unchecked")
    private void complete(OpState op, Completion<? extends Payload> completion) {
        if (op.completed) {
            return;
        }
        if (op.responseLost) {
            finish(op, OpType.INFO, (P) op.payload, "connection reset: the engine crashed before it answered");
        } else {
            finish(op, completion.type(), (P) completion.payload(), completion.error());
        }
    }

    @SuppressWarnings("unchecked")
    private void timeout(OpState op) {
        if (op.completed || op.stage == OpState.Stage.EXECUTED) {
            return;
        }
        finish(op, OpType.INFO, (P) op.payload, op.dropped ? "timed out: the engine crashed holding the request"
                : "timed out: the engine is paused");
    }

    private void finish(OpState op, OpType type, P payload, String error) {
        long now = now();
        op.completed = true;
        history.client(now, op.process, type, payload, error);
        live.remove(op);
        free.set(op.thread);
        if (type == OpType.INFO) {
            process[op.thread] += threads;
        }
        clients.completed(new Context(now, threads, free), new Event<>(op.thread, now, type, payload));
    }

    private void startFault(Fault fault, boolean recorded) {
        long now = now();
        if (recorded) {
            steps.add(new Schedule.FaultStep(now, fault));
        }
        faultCount++;
        history.nemesis(now, OpType.INVOKE, encoder.encode(fault), null);
        nemesisFree = false;
        FaultRun run = faults.start(fault, now);
        agenda.add(now + run.durationNanos(), new SimEvent.FaultEnd(run));
    }

    private void endFault(FaultRun run) {
        var outcome = faults.end(run);
        history.nemesis(now(), outcome.type(), encoder.encode(run.fault()), outcome.error());
        nemesisFree = true;
    }

    /** A bug's window: other operations' executes due within the window drawn run now, nested. */
    private void interleave() {
        OpState current = executing.peek();
        if (current == null || executing.size() > Latency.NESTING_MAX) {
            return;
        }
        try {
            long limit = now() + Latency.window(current.window);
            for (Agenda.Entry entry : agenda.executesUpTo(limit)) {
                if (agenda.remove(entry)) { // a deeper window may have run it already
                    scheduler.advanceTo(Math.max(now(), entry.due()));
                    execute(((SimEvent.Execute) entry.event()).op());
                }
            }
        } catch (RuntimeException | Error e) {
            // The client would take this for the store's failure: keep it for the loop to stop on.
            if (failure == null) {
                failure = e;
            }
        }
    }

    @Override
    public void resumed() {
        for (OpState op : parked) {
            op.stage = OpState.Stage.INVOKED;
            agenda.add(now() + Latency.resume(op.latency), new SimEvent.Execute(op));
        }
        parked.clear();
        for (Runnable task : parkedTasks) {
            agenda.add(now() + 1, new SimEvent.EngineTask(task));
        }
        parkedTasks.clear();
    }

    @Override
    public void crashed() {
        for (OpState op : live) {
            if (op.stage == OpState.Stage.EXECUTED) {
                op.responseLost = true;
            }
        }
        for (OpState op : parked) {
            op.dropped = true; // their timeouts complete them
        }
        parked.clear();
        parkedTasks.clear();
    }
}
