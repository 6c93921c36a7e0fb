package keystorm.workloads.sim;

import java.util.ArrayDeque;
import java.util.List;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;
import keystorm.workloads.generator.Context;

/**
 * A phase's recorded client steps as a source: each thread runs its own steps in order, each at
 * its recorded time or when its thread is next free, whichever is later; steps due at the same
 * moment go in the order they were recorded. The phase ends once every step is invoked and its
 * recorded end has come, so a schedule with steps removed keeps the run's length.
 *
 * <p>Why this reproduces the run that recorded it: the event loop asks a source at the same
 * points in a replay as in the run (each instant, after its events), a step's recorded time is the
 * instant its run invoked it, and its thread was free there; so at that point of the replay it is
 * due, its thread is free, and every step before it has been invoked.
 */
final class ScheduledClients<P extends Payload> implements Source<P> {
    private final OpJson.Family family;
    private final boolean keyed;
    private final List<Schedule.ClientStep> steps;
    private final ArrayDeque<Integer>[] byThread;
    private final long endNanos;
    private int remaining;

    @SuppressWarnings("unchecked")
    ScheduledClients(OpJson.Family family, boolean keyed, List<Schedule.ClientStep> steps, int threads, long endNanos) {
        this.family = family;
        this.keyed = keyed;
        this.steps = List.copyOf(steps);
        this.endNanos = endNanos;
        this.byThread = new ArrayDeque[threads];
        for (int t = 0; t < threads; t++) {
            byThread[t] = new ArrayDeque<>();
        }
        for (int i = 0; i < this.steps.size(); i++) {
            int thread = this.steps.get(i).thread();
            if (thread >= threads) {
                throw new IllegalArgumentException("step " + i + " runs on thread " + thread + ", and the run has " + threads);
            }
            byThread[thread].add(i);
        }
        this.remaining = this.steps.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Answer<P> next(Context context, long sequence) {
        long wake = Long.MAX_VALUE;
        int best = -1;
        for (int t = 0; t < byThread.length; t++) {
            Integer head = byThread[t].peek();
            if (head == null || !context.isFree(t)) {
                continue;
            }
            long due = steps.get(head).nanos();
            if (due <= context.nanos()) {
                best = best < 0 || head < best ? head : best;
            } else {
                wake = Math.min(wake, due);
            }
        }
        if (best >= 0) {
            Schedule.ClientStep step = steps.get(best);
            byThread[step.thread()].poll();
            remaining--;
            P payload = (P) OpJson.decode(family, keyed, step.f(), step.value(), false);
            return new Answer.Emit<>(step.thread(), payload, step.stepSeed());
        }
        if (remaining == 0) {
            return context.nanos() >= endNanos ? new Answer.Done<>() : new Answer.Wait<>(endNanos);
        }
        return new Answer.Wait<>(wake);
    }
}
