package keystorm.workloads.sim;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import keystorm.engine.time.Clock;
import keystorm.engine.time.Scheduler;

/**
 * The engine's scheduler in a simulated run: a virtual clock that starts at 0 (on a fixed epoch,
 * so timestamps are the same every run), background work as events on the simulation's agenda,
 * and a seeded bug's window as a point where the simulation may run other clients' steps.
 * Nothing here reads real time.
 *
 * <p>Single-threaded by contract: the thread that made it is the only one that may schedule or
 * interleave, and any other is refused (a thread of the engine's own would make the run depend
 * on the operating system's scheduling).
 */
public final class SimScheduler implements Scheduler {
    /** What the virtual clock reads as wall-clock time at 0: 2023-11-14T22:13:20Z. */
    public static final long EPOCH_MILLIS = 1_700_000_000_000L;

    private final Thread owner = Thread.currentThread();
    private final Agenda agenda;
    private long nanos;
    private Runnable interleaveHook = () -> {
    };
    private final Clock clock = new Clock() {
        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long epochMillis() {
            return EPOCH_MILLIS + TimeUnit.NANOSECONDS.toMillis(nanos);
        }
    };

    public SimScheduler() {
        this(new Agenda());
    }

    SimScheduler(Agenda agenda) {
        this.agenda = Objects.requireNonNull(agenda, "agenda");
    }

    @Override
    public Clock clock() {
        return clock;
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
        if (delayNanos < 0) {
            throw new IllegalArgumentException("a task's delay must be >= 0, not " + delayNanos);
        }
        Objects.requireNonNull(task, "task");
        agenda.add(Math.addExact(nanos, Math.max(1, delayNanos)), new SimEvent.EngineTask(task));
    }

    @Override
    public void interleave() {
        checkOwner();
        interleaveHook.run();
    }

    /** Virtual nanoseconds since the run began. */
    public long nanos() {
        return nanos;
    }

    void advanceTo(long newNanos) {
        if (newNanos < nanos) {
            throw new IllegalStateException("virtual time never goes back: " + newNanos + " < " + nanos);
        }
        nanos = newNanos;
    }

    void onInterleave(Runnable hook) {
        interleaveHook = Objects.requireNonNull(hook, "hook");
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
