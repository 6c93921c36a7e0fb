package keystorm.engine.partition;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import keystorm.engine.item.Item;

/**
 * One copy of a partition. The leader's copy is the table itself; a follower keeps its own map,
 * fed by the leader's log: an entry is received at once (unless the follower is down or cut off)
 * and applied when its lag has passed, in log order.
 */
final class Replica {
    /** A logged write as a follower receives it: the key's new item (null: deleted), due at a time. */
    record Entry(long seq, ItemKey key, Item item, long dueNanos) {
    }

    final int id;
    final ConcurrentHashMap<ItemKey, Item> items = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Entry> pending = new ConcurrentLinkedQueue<>();
    /** Entries received and not yet applied (the queue's size, without walking it). */
    final AtomicInteger outstanding = new AtomicInteger();
    /** Held while entries are applied, so that they are applied in log order. */
    final ReentrantLock applying = new ReentrantLock();
    volatile long receivedSeq;
    volatile boolean down;
    volatile boolean isolated;
    /** Missed entries while down or cut off: copied afresh from the leader when it comes back. */
    volatile boolean missed;

    Replica(int id) {
        this.id = id;
    }

    boolean reachable() {
        return !down && !isolated;
    }

    void clear() {
        items.clear();
        pending.clear();
        outstanding.set(0);
    }
}
