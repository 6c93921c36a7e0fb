package keystorm.engine.time;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The discrete-event queue of a {@link VirtualScheduler}: events in order of (due time,
 * insertion), so two events due at the same instant run in the order they were queued, and a run
 * is the same every time. A sorted set rather than a heap because a simulation may look ahead
 * into it ({@link #dueBy}) and take events out of the middle.
 *
 * <p>It holds the scheduler's tasks ({@link VirtualScheduler.Task}) and whatever events of its own
 * the simulation that drives the scheduler queues among them: one sequence orders them all. Not
 * thread-safe: the simulation's one thread uses it.
 */
public class EventQueue {
    /** Something due at a virtual instant. */
    public interface Event {
    }

    /** An event, when it is due, and its place among the events due at the same instant. */
    public record Entry(long due, long seq, Event event) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(seq, other.seq);
        }
    }

    private final TreeSet<Entry> entries = new TreeSet<>();
    private long nextSeq;

    /** Queues {@code event} at {@code due} (virtual nanoseconds), after every event queued before it. */
    public Entry add(long due, Event event) {
        if (due < 0) {
            throw new IllegalArgumentException("an event is due at a time >= 0, not " + due);
        }
        Entry entry = new Entry(due, nextSeq++, event);
        entries.add(entry);
        return entry;
    }

    /** The earliest event, or null. */
    public Entry first() {
        return entries.isEmpty() ? null : entries.first();
    }

    /** The earliest event's time, or {@link Long#MAX_VALUE} when there is none. */
    public long firstDue() {
        return entries.isEmpty() ? Long.MAX_VALUE : entries.first().due();
    }

    /** Takes an event out; answers whether it was still queued. */
    public boolean remove(Entry entry) {
        return entries.remove(entry);
    }

    /** The events due at or before {@code limitNanos}, in order (a copy: removing them is up to the caller). */
    public List<Entry> dueBy(long limitNanos) {
        List<Entry> out = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.due() > limitNanos) {
                break;
            }
            out.add(entry);
        }
        return out;
    }

    public int size() {
        return entries.size();
    }
}
