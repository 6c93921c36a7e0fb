package keystorm.engine.time;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link Scheduler#simulated() simulated} scheduler on virtual time: a clock that starts at 0
 * (on a fixed epoch, {@link #EPOCH_MILLIS}, so timestamps are the same every run) and moves only
 * when its driver moves it, and the engine's background work as tasks on an {@link EventQueue},
 * run on the driver's thread at their virtual instants. Tasks due at the same instant run in the
 * order they were scheduled. A seeded bug's window ({@link #interleave}) runs the hook the driver
 * installed ({@link #onInterleave}); none does nothing. Nothing here reads real time or starts a
 * thread.
 *
 * <p>Two kinds of driver: a test, which moves time with {@link #advance} (or drains the tasks with
 * {@link #runAll}), each due task run on the way; and the deterministic simulation, which gives
 * the scheduler its own queue to share with its events and runs them itself, moving the clock with
 * {@link #advanceTo}.
 *
 * <p>Not thread-safe: one thread drives it, and the engine calls it from that thread.
 */
public final class VirtualScheduler implements Scheduler {
    /** What the virtual clock reads as wall-clock time at 0: 2023-11-14T22:13:20Z. */
    public static final long EPOCH_MILLIS = 1_700_000_000_000L;

    /** A task the engine scheduled, as its queue holds it. */
    public interface Task extends EventQueue.Event {
        Runnable task();
    }

    private record Scheduled(Runnable task) implements Task {
    }

    private final EventQueue queue;
    private final Function<Runnable, ? extends Task> asTask;
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

    /** A scheduler with a queue of its own, holding only its tasks. */
    public VirtualScheduler() {
        this(new EventQueue(), Scheduled::new);
    }

    /**
     * A scheduler whose tasks go on {@code queue}, among the driver's own events, each as the event
     * {@code asTask} makes of it.
     */
    public VirtualScheduler(EventQueue queue, Function<Runnable, ? extends Task> asTask) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.asTask = Objects.requireNonNull(asTask, "asTask");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    /** Queues the task {@code delayNanos} from now (a delay of 0: due now, after what is due now already). */
    @Override
    public void schedule(long delayNanos, Runnable task) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("a task's delay must be >= 0, not " + delayNanos);
        }
        Objects.requireNonNull(task, "task");
        queue.add(Math.addExact(nanos, delayNanos), asTask.apply(task));
    }

    @Override
    public void interleave() {
        interleaveHook.run();
    }

    /** What a bug's window runs from now on. */
    public void onInterleave(Runnable hook) {
        interleaveHook = Objects.requireNonNull(hook, "hook");
    }

    /** Virtual nanoseconds since the run began. */
    public long nanos() {
        return nanos;
    }

    /** Moves the clock to {@code newNanos}, running nothing; it never goes back. */
    public void advanceTo(long newNanos) {
        if (newNanos < nanos) {
            throw new IllegalStateException("virtual time never goes back: " + newNanos + " < " + nanos);
        }
        nanos = newNanos;
    }

    /** Events waiting. */
    public int pending() {
        return queue.size();
    }

    /**
     * Runs the earliest event, a task, moving the clock to its instant first if that is later;
     * answers false when nothing is queued. An event of the driver's own is the driver's to run:
     * it is left queued, and this throws.
     */
    public boolean runNext() {
        EventQueue.Entry next = queue.first();
        if (next == null) {
            return false;
        }
        if (!(next.event() instanceof Task task)) {
            throw new IllegalStateException("the next event is not a task but " + next.event() + ": its driver runs it");
        }
        queue.remove(next);
        advanceTo(Math.max(nanos, next.due()));
        task.task().run();
        return true;
    }

    /**
     * Moves time forward by {@code amount}, running every task due on the way at its instant (also
     * those they schedule within the interval); answers how many ran.
     */
    public int advance(long amount, TimeUnit unit) {
        if (amount < 0) {
            throw new IllegalArgumentException("time only moves forward: " + amount);
        }
        long until = Math.addExact(nanos, unit.toNanos(amount));
        int ran = 0;
        while (queue.firstDue() <= until) {
            runNext();
            ran++;
        }
        advanceTo(until);
        return ran;
    }

    /** Runs tasks in order, moving time to each, until none is left; at most {@code max} of them. */
    public int runAll(int max) {
        int ran = 0;
        while (queue.size() > 0) {
            if (ran == max) {
                throw new IllegalStateException("still " + queue.size() + " tasks after " + max);
            }
            runNext();
            ran++;
        }
        return ran;
    }
}
