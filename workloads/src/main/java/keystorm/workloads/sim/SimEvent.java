package keystorm.workloads.sim;

import keystorm.checker.op.Payload;
import keystorm.engine.time.EventQueue;
import keystorm.engine.time.VirtualScheduler;
import keystorm.workloads.client.Completion;

/**
 * What the simulation's agenda holds: the three steps of a client operation (its execute and its
 * completion; the invocation is written when the generator emits it), a paused operation's client
 * timeout, the end of a fault, and the engine's background tasks.
 */
sealed interface SimEvent extends EventQueue.Event {
    /** The operation reaches the store: the client's call runs, instantaneous in virtual time. */
    record Execute(OpState op) implements SimEvent {
    }

    /** The operation's answer reaches the client: its completion is written and its thread is free. */
    record Complete(OpState op, Completion<? extends Payload> completion) implements SimEvent {
    }

    /** The client gives up on an operation that has not reached a working store (paused, or lost). */
    record Timeout(OpState op) implements SimEvent {
    }

    /** A fault has finished (a crash has recovered): its completion is written and the nemesis is free. */
    record FaultEnd(FaultRun run) implements SimEvent {
    }

    /** Background work the engine asked for through {@link SimScheduler#schedule}. */
    record EngineTask(Runnable task) implements SimEvent, VirtualScheduler.Task {
    }
}
