package keystorm.workloads.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Context;
import keystorm.workloads.generator.Event;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Next;

/**
 * The impure half of the generator model (Jepsen's interpreter): one loop, on one thread, asks
 * the generators what to do, hands each operation to a worker (a virtual thread per logical
 * client, and one for the nemesis), and writes every invocation and completion to the history in
 * the order it saw them.
 *
 * <p>Why the order is sound: an invocation is written before its worker is given the operation,
 * and a completion after its worker reported it, so when the history says one operation completed
 * before another was invoked, it did. Real time can only be lost (a completion written after an
 * invocation that came later), which makes operations look more concurrent, never less: the
 * checkers may miss an anomaly that way, but never invent one.
 *
 * <p>A process whose operation ended {@code info} may still be running it (or it may apply
 * later), so it never issues again under that number: its thread goes on as process
 * {@code p + concurrency} (Jepsen's rule).
 *
 * <p>The history is flushed when the loop goes idle (nothing to invoke and no completion for
 * {@link #IDLE_FLUSH_NANOS}) and at least every {@link #FLUSH_INTERVAL_NANOS}, not after every
 * line: a flush per line is a system call per event, and held the runner alone (a client that
 * answers at once) to 93,000 operations a second, against 206,000 without, and the runner with
 * the in-memory engine to 58,000 against 120,000 (RunnerScaling, 32 processes, 1,000 keys, 30 s,
 * the two runs back to back at load 3). So a crash of the harness loses at most the lines of the last
 * 100 ms; a crash of the store under test loses nothing, since the harness goes on writing.
 */
final class Interpreter<P extends Payload, F> implements AutoCloseable {
    private static final Object STOP = new Object();
    /** How long the loop waits for a completion before it counts as idle and flushes the history. */
    static final long IDLE_FLUSH_NANOS = 1_000_000L;
    /** The longest the history's lines stay in the writer's buffer while the loop is busy. */
    static final long FLUSH_INTERVAL_NANOS = 100_000_000L;

    private record Task<T>(T value, long invokeNanos) {
    }

    private record Done<T>(int thread, Task<T> task, OpType type, T value, String error, long endNanos,
                           com.fasterxml.jackson.databind.node.ObjectNode measured) {
        Done(int thread, Task<T> task, OpType type, T value, String error, long endNanos) {
            this(thread, task, type, value, error, endNanos, null);
        }
    }

    private final Client<P> client;
    private final Store store;
    private final Nemesis<F> nemesis;
    private final int threads;
    private final long startNanos;
    private final Writer history;
    private final RunStatistics statistics;
    private final int[] process;
    private final BitSet free;
    private final BlockingQueue<Object>[] inboxes;
    private final BlockingQueue<Object> nemesisInbox = new ArrayBlockingQueue<>(1);
    private final BlockingQueue<Done<?>> done = new LinkedBlockingQueue<>();
    private final Thread[] workers;
    private final Thread nemesisWorker;
    private boolean nemesisFree = true;
    private long index;
    private long flushedIndex;
    private long flushedNanos;
    private Progress progress = Progress.NONE;
    private long progressIntervalNanos = Long.MAX_VALUE;
    private long nextProgressNanos = Long.MAX_VALUE;
    private long totalNanos;
    /** The faults whose windows are open, by the contract's opener/closer rule, in the order they opened. */
    private final java.util.LinkedHashSet<String> faultsActive = new java.util.LinkedHashSet<>();

    @SuppressWarnings("unchecked")
    Interpreter(Client<P> client, Store store, Nemesis<F> nemesis, int threads, long startNanos, Writer history,
                RunStatistics statistics) {
        this.client = client;
        this.store = store;
        this.nemesis = nemesis;
        this.threads = threads;
        this.startNanos = startNanos;
        this.history = history;
        this.statistics = statistics;
        this.process = new int[threads];
        this.free = new BitSet(threads);
        this.inboxes = new BlockingQueue[threads];
        this.workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            process[t] = t;
            free.set(t);
            inboxes[t] = new ArrayBlockingQueue<>(1);
            int thread = t;
            workers[t] = Thread.ofVirtual().name("keystorm-worker-" + t).start(() -> work(thread));
        }
        // A platform thread, not a virtual one: the nemesis's times are measurements (a kill's window, a
        // restart's recovery), and with the clients' virtual threads busy on both carriers (a server
        // down answers every request at once with an error) a virtual nemesis waited seconds for one.
        nemesisWorker = nemesis == null ? null
                : Thread.ofPlatform().daemon().name("keystorm-nemesis").start(this::nemesisWork);
    }

    /** Reports to {@code progress} every its interval of the run's clock, against a main phase of {@code totalNanos}. */
    void progress(Progress progress, long totalNanos) {
        this.progress = progress;
        this.totalNanos = totalNanos;
        this.progressIntervalNanos = Math.max(1, progress.interval().toNanos());
        this.nextProgressNanos = progress == Progress.NONE ? Long.MAX_VALUE : progressIntervalNanos;
    }

    /** One report, when its time has come: the loop's one comparison per turn, the counters read on its own thread. */
    private void tick(long now) {
        if (now < nextProgressNanos) {
            return;
        }
        while (nextProgressNanos <= now) {
            nextProgressNanos += progressIntervalNanos;
        }
        progress.report(new Progress.Snapshot(now, totalNanos, statistics.operations(), statistics.count(OpType.FAIL),
                statistics.count(OpType.INFO), List.copyOf(faultsActive), index));
    }

    /** Client operations handed out and not yet completed: every busy thread has one. */
    private int outstanding() {
        return threads - free.cardinality();
    }

    long now() {
        return System.nanoTime() - startNanos;
    }

    /**
     * Runs the client generator (and the nemesis schedule, if any) until the client generator is
     * done and every operation it started has completed or {@code drainNanos} has passed.
     *
     * @return how many operations were still running when the drain ran out
     */
    int run(Generator<P> generator, Generator<F> schedule, long drainNanos) throws InterruptedException {
        Generator<P> gen = generator;
        Generator<F> nem = schedule;
        long drainDeadline = Long.MAX_VALUE;
        while (true) {
            gen = drain(gen, 0);
            long now = now();
            tick(now);
            long wake = Long.MAX_VALUE;
            boolean progressed = false;
            if (nem != null && nemesisFree && gen != null) {
                Next<F> next = nem.next(Context.allFree(now, 1));
                switch (next) {
                    case Next.Emit<F> emit -> {
                        if (emit.invocation().nanos() <= now) {
                            invokeNemesis(emit.invocation().value(), now);
                            nem = emit.rest();
                            progressed = true;
                        } else {
                            wake = Math.min(wake, emit.invocation().nanos());
                        }
                    }
                    case Next.Pending<F> pending -> {
                        nem = pending.rest();
                        wake = Math.min(wake, pending.wakeNanos());
                    }
                    case Next.Done<F> d -> nem = null;
                }
            }
            if (gen != null) {
                Next<P> next = gen.next(new Context(now, threads, free));
                switch (next) {
                    case Next.Emit<P> emit -> {
                        if (emit.invocation().nanos() <= now) {
                            invoke(emit.invocation().thread(), emit.invocation().value(), now);
                            gen = emit.rest();
                            progressed = true;
                        } else {
                            wake = Math.min(wake, emit.invocation().nanos());
                        }
                    }
                    case Next.Pending<P> pending -> {
                        gen = pending.rest();
                        wake = Math.min(wake, pending.wakeNanos());
                        if (outstanding() == 0 && nemesisFree && wake == Long.MAX_VALUE) {
                            gen = null; // waiting for a completion that can never come: nothing is running
                        }
                    }
                    case Next.Done<P> d -> gen = null;
                }
            }
            if (gen == null) {
                if (outstanding() == 0 && nemesisFree) {
                    return 0;
                }
                if (drainDeadline == Long.MAX_VALUE) {
                    drainDeadline = now + drainNanos;
                }
                if (now >= drainDeadline) {
                    return outstanding() + (nemesisFree ? 0 : 1);
                }
                wake = Math.min(wake, drainDeadline);
            }
            if (!progressed) {
                long waitNanos = Math.max(0, Math.min(wake - now, 100_000_000L));
                if (index != flushedIndex && waitNanos > IDLE_FLUSH_NANOS) {
                    long written = index;
                    gen = drain(gen, IDLE_FLUSH_NANOS);
                    if (index == written) {
                        flush(); // idle: what was written reaches the file before the loop sleeps
                    }
                } else {
                    gen = drain(gen, waitNanos);
                }
            }
        }
    }

    /**
     * Runs one fault now, through the nemesis worker, and waits for it (bounded): first for a fault
     * still running from the main phase, so the heal never starts before what it heals has ended.
     *
     * @return whether the fault completed within the time
     */
    boolean runFault(F fault, long timeoutNanos) throws InterruptedException {
        long deadline = now() + timeoutNanos;
        while (!nemesisFree && now() < deadline) {
            drain(null, Math.min(100_000_000L, deadline - now()));
        }
        if (!nemesisFree) {
            return false;
        }
        invokeNemesis(fault, now());
        flush(); // the loop is not running: its idle flush will not come
        while (!nemesisFree && now() < deadline) {
            drain(null, Math.min(100_000_000L, deadline - now()));
        }
        return nemesisFree;
    }

    private void invoke(int thread, P value, long now) throws InterruptedException {
        if (!free.get(thread)) {
            throw new IllegalStateException("generator chose busy thread " + thread);
        }
        write(new keystorm.checker.op.Operation<>(index++, now, process[thread], OpType.INVOKE, value, null).toOp());
        free.clear(thread);
        inboxes[thread].put(new Task<>(value, now));
    }

    private void invokeNemesis(F fault, long now) throws InterruptedException {
        OpJson.Encoded encoded = nemesis.encode(fault);
        write(new Op(index++, now, Op.NEMESIS, OpType.INVOKE, encoded.f(), encoded.value(), null));
        if (!Progress.CLOSERS.contains(encoded.f())) {
            faultsActive.add(encoded.f());
        }
        nemesisFree = false;
        nemesisInbox.put(new Task<>(fault, now));
    }

    /** Records every completion that arrives within {@code waitNanos} (0: only those already there). */
    @SuppressWarnings("unchecked")
    private Generator<P> drain(Generator<P> gen, long waitNanos) throws InterruptedException {
        Done<?> first = waitNanos > 0 ? done.poll(waitNanos, TimeUnit.NANOSECONDS) : done.poll();
        for (Done<?> d = first; d != null; d = done.poll()) {
            if (d.thread() < 0) {
                Done<F> n = (Done<F>) d;
                OpJson.Encoded encoded = nemesis.encode(n.value());
                com.fasterxml.jackson.databind.JsonNode value = encoded.value();
                if (n.measured() != null && value instanceof com.fasterxml.jackson.databind.node.ObjectNode fields) {
                    // what the fault measured goes beside its own fields, in its completion only
                    value = fields.deepCopy().setAll(n.measured());
                }
                write(new Op(index++, n.endNanos(), Op.NEMESIS, n.type(), encoded.f(), value, n.error()));
                nemesisFree = true;
                statistics.fault(n.task().invokeNanos(), n.endNanos(), encoded.f());
                if (Progress.CLOSERS.contains(encoded.f())) {
                    faultsActive.clear();
                }
                continue;
            }
            Done<P> c = (Done<P>) d;
            int thread = c.thread();
            write(new keystorm.checker.op.Operation<>(index++, c.endNanos(), process[thread], c.type(), c.value(), c.error())
                    .toOp());
            statistics.record(c.type(), c.task().invokeNanos(), c.endNanos(), c.error());
            free.set(thread);
            if (c.type() == OpType.INFO) {
                process[thread] += threads;
            }
            if (gen != null) {
                gen = gen.update(new Context(c.endNanos(), threads, free), new Event<>(thread, c.endNanos(), c.type(), c.value()));
            }
        }
        return gen;
    }

    @SuppressWarnings("unchecked")
    private void work(int thread) {
        try {
            while (true) {
                Object message = inboxes[thread].take();
                if (message == STOP) {
                    return;
                }
                Task<P> task = (Task<P>) message;
                Completion<P> completion;
                try {
                    completion = client.invoke(store, task.value());
                } catch (RuntimeException | Error e) {
                    // A client bug: the outcome is unknown, and the run goes on.
                    completion = Completion.info(task.value(), "client threw " + e);
                }
                done.add(new Done<>(thread, task, completion.type(), completion.payload(), completion.error(), now()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private void nemesisWork() {
        try {
            while (true) {
                Object message = nemesisInbox.take();
                if (message == STOP) {
                    return;
                }
                Task<F> task = (Task<F>) message;
                Nemesis.Outcome outcome;
                try {
                    outcome = nemesis.invoke(task.value());
                } catch (RuntimeException | Error e) {
                    outcome = Nemesis.Outcome.info("nemesis threw " + e);
                }
                done.add(new Done<>(-1, task, outcome.type(), task.value(), outcome.error(), now(), outcome.measured()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Op op) {
        try {
            JsonlHistory.append(history, op);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history", e);
        }
        if (now() - flushedNanos >= FLUSH_INTERVAL_NANOS) {
            flush();
        }
    }

    void flush() {
        flushedIndex = index;
        flushedNanos = now();
        try {
            history.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history", e);
        }
    }

    /** Stops the workers; those stuck in a call are interrupted. */
    @Override
    public void close() {
        for (int t = 0; t < threads; t++) {
            if (!inboxes[t].offer(STOP)) {
                workers[t].interrupt();
            }
            if (!free.get(t)) {
                workers[t].interrupt();
            }
        }
        if (nemesisWorker != null && !nemesisInbox.offer(STOP)) {
            nemesisWorker.interrupt();
        }
        flush();
    }
}
