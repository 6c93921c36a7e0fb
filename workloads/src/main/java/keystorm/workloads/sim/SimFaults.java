package keystorm.workloads.sim;

import keystorm.engine.fault.Fault;
import keystorm.workloads.runner.Nemesis;

/**
 * Every kind of {@link Fault} on the simulated target, as {@code FaultNemesis} does it to real
 * ones: the engine's faults through its fault hooks; a crash (and a kill, which in one process is
 * the same thing: the engine stops, its unsynced log is gone) followed, after
 * {@link Latency#RECOVERY_NANOS}, by a restart on the same data directory; a pause that holds
 * every request until the resume; the network's faults in {@link SimStore}. What a pause or a
 * crash does to the operations in flight is the event loop's ({@link Effects}).
 *
 * <p>{@link Fault.HealAll} heals everything: the network works, a paused engine resumes, a
 * stopped one restarts, and the engine's faults are undone.
 */
final class SimFaults {
    /** What the operations in flight go through when the engine pauses, resumes or crashes. */
    interface Effects {
        void resumed();

        void crashed();
    }

    private final SimStore store;
    private final Effects effects;
    private boolean paused;
    /** Crashed and not yet restarted. */
    private boolean down;

    SimFaults(SimStore store, Effects effects) {
        this.store = store;
        this.effects = effects;
    }

    boolean paused() {
        return paused;
    }

    FaultRun start(Fault fault, long nowNanos) {
        boolean restart = false;
        Nemesis.Outcome outcome = Nemesis.Outcome.OK;
        try {
            switch (fault) {
                case Fault.HealAll heal -> healAll();
                case Fault.Crash crash -> restart = crash();
                case Fault.EngineFault engine -> store.engine().faults().apply(engine);
                case Fault.Kill kill -> restart = crash();
                case Fault.Restart r -> restartIfDown();
                case Fault.Pause p -> paused = !down;
                case Fault.Resume r -> resume();
                case Fault.NetworkFault network -> store.network(network);
            }
        } catch (RuntimeException e) {
            outcome = Nemesis.Outcome.info(fault.name() + " failed: " + e.getMessage());
        }
        return new FaultRun(fault, nowNanos, outcome, restart ? Latency.RECOVERY_NANOS : Latency.FAULT_NANOS, restart);
    }

    /** Ends a fault: a crashed store comes back. Answers how the whole fault went. */
    Nemesis.Outcome end(FaultRun run) {
        if (!run.restartAtEnd()) {
            return run.outcome();
        }
        try {
            restartIfDown();
            return run.outcome();
        } catch (RuntimeException e) {
            return Nemesis.Outcome.info(run.fault().name() + " failed to recover: " + e.getMessage());
        }
    }

    /** Whether the engine went down (and so comes back at the fault's end). */
    private boolean crash() {
        if (down) {
            return false;
        }
        store.engine().faults().crash();
        down = true;
        paused = false; // a paused process that is killed comes back running
        effects.crashed();
        return true;
    }

    private void restartIfDown() {
        if (down) {
            store.restart();
            down = false;
        }
    }

    private void resume() {
        if (paused) {
            paused = false;
            effects.resumed();
        }
    }

    private void healAll() {
        store.network(new Fault.NetHeal());
        resume();
        restartIfDown();
        store.engine().faults().healAll();
    }
}
