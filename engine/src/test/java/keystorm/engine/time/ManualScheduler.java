package keystorm.engine.time;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A simulated {@link Scheduler} for tests: tasks wait in a priority queue on a {@link ManualClock}
 * and run on the test's thread, only when the test moves time with {@link #advance} (or drains
 * them with {@link #runAll}). Tasks due at the same instant run in the order they were scheduled.
 * A bug's window ({@link #interleave}) switches to nothing: the test is the only client.
 */
public final class ManualScheduler implements Scheduler {
    private record Task(long dueNanos, long order, Runnable action) {
    }

    private final ManualClock clock = new ManualClock();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::order));
    private long scheduled;

    @Override
    public ManualClock clock() {
        return clock;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("a task cannot be due in the past: " + delayNanos);
        }
        tasks.add(new Task(clock.nanoTime() + delayNanos, scheduled++, task));
    }

    @Override
    public void interleave() {
    }

    /** Tasks waiting. */
    public int pending() {
        return tasks.size();
    }

    /**
     * Moves time forward by {@code amount}, running every task due on the way at its instant (also
     * those they schedule within the interval); answers how many ran.
     */
    public int advance(long amount, TimeUnit unit) {
        long until = clock.nanoTime() + unit.toNanos(amount);
        int ran = 0;
        while (!tasks.isEmpty() && tasks.peek().dueNanos() - until <= 0) {
            ran += runNext();
        }
        clock.advance(until - clock.nanoTime(), TimeUnit.NANOSECONDS);
        return ran;
    }

    /** Runs tasks in order, moving time to each, until none is left; at most {@code max} of them. */
    public int runAll(int max) {
        int ran = 0;
        while (!tasks.isEmpty()) {
            if (ran == max) {
                throw new IllegalStateException("still " + tasks.size() + " tasks after " + max);
            }
            ran += runNext();
        }
        return ran;
    }

    private int runNext() {
        Task next = tasks.poll();
        long wait = next.dueNanos() - clock.nanoTime();
        if (wait > 0) {
            clock.advance(wait, TimeUnit.NANOSECONDS);
        }
        next.action().run();
        return 1;
    }
}
