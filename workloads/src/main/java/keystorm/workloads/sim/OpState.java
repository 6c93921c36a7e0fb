package keystorm.workloads.sim;

import java.util.SplittableRandom;
import keystorm.checker.op.Payload;

/**
 * One client operation in a simulated run, from its invocation to its completion, with its own
 * random streams (all split from its step seed): latency (drawn at invocation), the network's
 * losses and delays, and its bug windows. Separate streams keep an operation's latencies the same
 * whether or not a fault or a window drew from it, so a shrunk schedule changes as little as it can.
 */
final class OpState {
    enum Stage { INVOKED, PARKED, EXECUTED }

    final long sequence;
    final int thread;
    final int process;
    final Payload payload;
    final long stepSeed;
    final long invokeNanos;
    final long executeDelayNanos;
    final long responseDelayNanos;
    final SplittableRandom latency;
    final SplittableRandom network;
    final SplittableRandom window;

    Stage stage = Stage.INVOKED;
    /** Its completion is written (by the store's answer, or by a client timeout while it waited). */
    boolean completed;
    /** The request is gone (a crash took the paused engine that held it): it never executes. */
    boolean dropped;
    /** It executed, and a crash cut the connection before the answer came back. */
    boolean responseLost;
    /** Network: latency added by delays on the way. */
    long extraNanos;
    /** Network: a request or response was lost, and the client waits for its timeout. */
    boolean timedOut;

    OpState(long sequence, int thread, int process, Payload payload, long stepSeed, long invokeNanos) {
        this.sequence = sequence;
        this.thread = thread;
        this.process = process;
        this.payload = payload;
        this.stepSeed = stepSeed;
        this.invokeNanos = invokeNanos;
        this.latency = new SplittableRandom(stepSeed);
        this.network = new SplittableRandom(Seeds.stream(stepSeed, Seeds.Purpose.NETWORK));
        this.window = new SplittableRandom(Seeds.stream(stepSeed, Seeds.Purpose.WINDOW));
        this.executeDelayNanos = Latency.hop(latency);
        this.responseDelayNanos = Latency.hop(latency);
    }

    long deadlineNanos() {
        return invokeNanos + Latency.CLIENT_TIMEOUT_NANOS;
    }
}
