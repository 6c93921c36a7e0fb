package keystorm.workloads.sim;

import java.util.ArrayList;
import java.util.List;
import keystorm.engine.time.EventQueue;

/**
 * The simulation's discrete-event queue: its {@link SimEvent}s and the engine's tasks (as
 * {@link SimEvent.EngineTask}s) on one {@link EventQueue}, in order of (due time, insertion). A
 * bug's window looks ahead into it ({@link #executesUpTo}) and takes events out of the middle.
 *
 * <p>Bound: one execute and one completion per operation in flight, one timeout per paused
 * operation, one fault end, and the engine's tasks; the operations in flight are at most the
 * concurrency.
 */
final class Agenda extends EventQueue {
    /** The execute events due at or before {@code limitNanos}, in order. */
    List<Entry> executesUpTo(long limitNanos) {
        List<Entry> out = new ArrayList<>();
        for (Entry entry : dueBy(limitNanos)) {
            if (entry.event() instanceof SimEvent.Execute) {
                out.add(entry);
            }
        }
        return out;
    }
}
