package keystorm.workloads.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The discrete-event queue: events in order of (due time, insertion), so two events due at the
 * same instant run in the order they were scheduled, and a run is the same every time. A sorted
 * set rather than a heap because a bug's window looks ahead into it ({@link #executesUpTo}) and
 * takes events out of the middle.
 *
 * <p>Bound: one execute and one completion per operation in flight, one timeout per paused
 * operation, one fault end, and the engine's tasks; the operations in flight are at most the
 * concurrency.
 */
final class Agenda {
    record Entry(long due, long seq, SimEvent event) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(seq, other.seq);
        }
    }

    private final TreeSet<Entry> entries = new TreeSet<>();
    private long nextSeq;

    Entry add(long due, SimEvent event) {
        if (due < 0) {
            throw new IllegalArgumentException("an event is due at a time >= 0, not " + due);
        }
        Entry entry = new Entry(due, nextSeq++, event);
        entries.add(entry);
        return entry;
    }

    /** The earliest event, or null. */
    Entry first() {
        return entries.isEmpty() ? null : entries.first();
    }

    /** The earliest event's time, or {@link Long#MAX_VALUE} when there is none. */
    long firstDue() {
        return entries.isEmpty() ? Long.MAX_VALUE : entries.first().due();
    }

    boolean remove(Entry entry) {
        return entries.remove(entry);
    }

    /** The execute events due at or before {@code limitNanos}, in order. */
    List<Entry> executesUpTo(long limitNanos) {
        List<Entry> out = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.due() > limitNanos) {
                break;
            }
            if (entry.event() instanceof SimEvent.Execute) {
                out.add(entry);
            }
        }
        return out;
    }

    int size() {
        return entries.size();
    }
}
