package keystorm.workloads.sim;

import java.util.Objects;
import keystorm.engine.time.Clock;
import keystorm.engine.time.Scheduler;
import keystorm.engine.time.VirtualScheduler;

/**
 * The engine's scheduler in a simulated run: a {@link VirtualScheduler} (a virtual clock that
 * starts at 0, on a fixed epoch, so timestamps are the same every run) whose tasks are events on
 * the simulation's agenda, among its own, and whose bug's window is a point where the simulation
 * may run other clients' steps. Nothing here reads real time.
 *
 * <p>Single-threaded by contract: the thread that made it is the only one that may schedule or
 * interleave, and any other is refused (a thread of the engine's own would make the run depend
 * on the operating system's scheduling).
 */
public final class SimScheduler implements Scheduler {
    /** What the virtual clock reads as wall-clock time at 0: 2023-11-14T22:13:20Z. */
    public static final long EPOCH_MILLIS = VirtualScheduler.EPOCH_MILLIS;

    private final Thread owner = Thread.currentThread();
    private final Agenda agenda;
    private final VirtualScheduler virtual;

    public SimScheduler() {
        this(new Agenda());
    }

    SimScheduler(Agenda agenda) {
        this.agenda = Objects.requireNonNull(agenda, "agenda");
        this.virtual = new VirtualScheduler(agenda, SimEvent.EngineTask::new);
    }

    @Override
    public Clock clock() {
        return virtual.clock();
    }

    @Override
    public boolean simulated() {
        return true;
    }

    /**
     * Runs the task {@code delayNanos} from now, on the simulation's thread. A task never runs at
     * the instant it was scheduled (a delay of 0 is 1 ns): an instant's events then form one batch,
     * which replay relies on (see {@link EventLoop}).
     */
    @Override
    public void schedule(long delayNanos, Runnable task) {
        checkOwner();
        virtual.schedule(delayNanos == 0 ? 1 : delayNanos, task);
    }

    @Override
    public void interleave() {
        checkOwner();
        virtual.interleave();
    }

    /** Virtual nanoseconds since the run began. */
    public long nanos() {
        return virtual.nanos();
    }

    void advanceTo(long newNanos) {
        virtual.advanceTo(newNanos);
    }

    void onInterleave(Runnable hook) {
        virtual.onInterleave(hook);
    }

    Agenda agenda() {
        return agenda;
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("the simulated scheduler runs on its own thread (" + owner.getName()
                    + "), not " + Thread.currentThread().getName());
        }
    }
}
