package keystorm.engine.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.item.ScalarOrder;
import keystorm.engine.time.Clock;

/**
 * One table's items.
 *
 * <p>Items are immutable values, so a read needs no lock: it sees the item before or after any
 * write, never half of one. Writes to one partition-key value take one of {@link #LOCK_STRIPES}
 * locks, chosen by the key's hash, and do their whole read-check-write inside it; that is what
 * makes a conditional write's check and its apply one step, and single-item operations
 * linearizable.
 *
 * <p>Two indexes over the same item collections: a hash map by partition-key value for the
 * point reads on the hot path, and a skip list ordered by (key hash, key) for Scan, whose pages
 * must be resumable from any key.
 *
 * <p>Its secondary indexes ({@link SecondaryIndex}) follow every {@link #write}: every change of an
 * item, by any operation, by recovery or by a fault, goes through it.
 */
public final class Table {
    static final int LOCK_STRIPES = 1024;

    /** The items that share one partition-key value (DynamoDB's "item collection"). */
    public static final class ItemCollection {
        final AttributeValue hashKey;
        volatile Item single;
        final ConcurrentSkipListMap<AttributeValue, Item> byRange;
        /** Its items' bytes and their local index entries' (kept only in a table with local indexes). */
        volatile long bytes;

        ItemCollection(AttributeValue hashKey, boolean ranged) {
            this.hashKey = hashKey;
            this.byRange = ranged ? new ConcurrentSkipListMap<>(ScalarOrder::compare) : null;
        }

        /** Items in sort-key order (one item for a table without a sort key). */
        public NavigableMap<AttributeValue, Item> items() {
            if (byRange != null) {
                return byRange;
            }
            Item item = single;
            if (item == null) {
                return Collections.emptyNavigableMap();
            }
            java.util.TreeMap<AttributeValue, Item> one = new java.util.TreeMap<>(ScalarOrder::compare);
            one.put(hashKey, item);
            return Collections.unmodifiableNavigableMap(one);
        }

        public AttributeValue hashKey() {
            return hashKey;
        }

        boolean isEmpty() {
            return byRange != null ? byRange.isEmpty() : single == null;
        }
    }

    /** Scan order: by hash (unsigned), then by key value. */
    public record HashedKey(long hash, AttributeValue key) implements Comparable<HashedKey> {
        public static HashedKey of(AttributeValue key) {
            return new HashedKey(KeyHash.of(key), key);
        }

        /** The first position at or after this hash, whatever the key. */
        public static HashedKey lowestAt(long hash) {
            return new HashedKey(hash, null);
        }

        @Override
        public int compareTo(HashedKey other) {
            int c = Long.compareUnsigned(hash, other.hash);
            if (c != 0) {
                return c;
            }
            if (key == null || other.key == null) {
                return key == null ? (other.key == null ? 0 : -1) : 1;
            }
            return ScalarOrder.compare(key, other.key);
        }
    }

    /** Replaced only by {@link #reschema} (UpdateTable), which keeps the keys. */
    private volatile TableSchema schema;
    private final Instant creationDateTime;
    private final ConcurrentHashMap<AttributeValue, ItemCollection> byHashKey = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<HashedKey, ItemCollection> scanOrder = new ConcurrentSkipListMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();
    /** Replaced only by {@link #addIndex} and {@link #removeIndex} (UpdateTable), with every item's lock held. */
    private volatile List<SecondaryIndex> indexes;
    /** Set by DeleteTable inside every item lock: a write that waited for its item's lock must not log after it. */
    private volatile boolean dropped;
    private final Clock clock;
    private final long globalIndexLagNanos;

    public Table(TableSchema schema, Instant creationDateTime) {
        this(schema, creationDateTime, Clock.system(), 0);
    }

    /**
     * A table whose global secondary indexes apply each write {@code globalIndexLagNanos} after it, on
     * {@code clock} (the engine's).
     */
    public Table(TableSchema schema, Instant creationDateTime, Clock clock, long globalIndexLagNanos) {
        this.schema = schema;
        this.creationDateTime = creationDateTime;
        this.clock = clock;
        this.globalIndexLagNanos = globalIndexLagNanos;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        List<SecondaryIndex> built = new ArrayList<>();
        for (IndexSchema index : schema.indexes()) {
            built.add(new SecondaryIndex(index, schema));
        }
        this.indexes = List.copyOf(built);
    }

    /** The secondary indexes, in the schema's order. */
    public List<SecondaryIndex> indexes() {
        return indexes;
    }

    /**
     * UpdateTable's GlobalSecondaryIndexUpdates Create: a new index, filled (backfilled) from every item the
     * table holds now, the items without its keys (or with keys of another type) left out. Must run inside
     * {@link #lockedAll}, so that no write falls between the backfill and the index taking writes.
     */
    public SecondaryIndex addIndex(IndexSchema index) {
        if (index(index.name()) != null) {
            throw new IllegalArgumentException("table " + schema.name() + " already has an index " + index.name());
        }
        SecondaryIndex built = new SecondaryIndex(index, schema);
        // an item written before the index whose key value no key may hold (empty, over 2048 or 1024 bytes)
        // is left out of it, as DynamoDB's backfill leaves it out (SecondaryIndex.keyOf)
        forEachInHashRange(0, 0, true, item -> built.record(null, item, 0, 0));
        List<SecondaryIndex> next = new ArrayList<>(indexes);
        next.add(built);
        indexes = List.copyOf(next);
        return built;
    }

    /** UpdateTable's Delete: the index stops taking writes and its entries go. Must run inside {@link #lockedAll}. */
    public void removeIndex(String name) {
        List<SecondaryIndex> next = new ArrayList<>(indexes);
        if (!next.removeIf(index -> index.schema().name().equals(name))) {
            throw new IllegalArgumentException("table " + schema.name() + " has no index " + name);
        }
        indexes = List.copyOf(next);
    }

    /**
     * Marks the table deleted; DeleteTable calls it inside {@link #lockedAll}, right after logging
     * itself, so that no write logs after the DeleteTable (recovery would write to a table it dropped).
     */
    public void drop() {
        dropped = true;
    }

    /**
     * Inside an item's lock, before a write is logged: ResourceNotFoundException if DeleteTable came
     * first (the write found the table, then waited for its lock).
     */
    public void checkNotDropped() {
        if (dropped) {
            throw keystorm.engine.api.DynamoException.resourceNotFound("Requested resource not found: Table: "
                    + schema.name() + " not found");
        }
    }

    /** The secondary index of this name, or null. */
    public SecondaryIndex index(String name) {
        for (SecondaryIndex index : indexes) {
            if (index.schema().name().equals(name)) {
                return index;
            }
        }
        return null;
    }

    /** How long after a write the global indexes apply it. */
    public long globalIndexLagNanos() {
        return globalIndexLagNanos;
    }

    /**
     * Applies to the global indexes the changes due by now on the clock, or, with {@code all}, every
     * change queued (recovery: what was logged was acknowledged long ago).
     */
    public void catchUpIndexes(boolean all) {
        long now = clock.nanoTime();
        for (SecondaryIndex index : indexes) {
            index.catchUp(now, all);
        }
    }

    public TableSchema schema() {
        return schema;
    }

    /**
     * UpdateTable: the same table with another billing mode, throughput or set of indexes. The keys
     * (name, key attributes and their types) cannot change, and the items stay as they are.
     */
    public void reschema(TableSchema next) {
        TableSchema now = schema;
        if (!now.name().equals(next.name()) || !now.hashKey().equals(next.hashKey())
                || now.hashKeyType() != next.hashKeyType() || !java.util.Objects.equals(now.rangeKey(), next.rangeKey())
                || now.rangeKeyType() != next.rangeKeyType()) {
            throw new IllegalArgumentException("a new schema must keep the table's name and keys: " + now + " -> " + next);
        }
        schema = next;
    }

    public Instant creationDateTime() {
        return creationDateTime;
    }

    public long itemCount() {
        return itemCount.get();
    }

    public long sizeBytes() {
        return sizeBytes.get();
    }

    /** The item with this (already validated) key, or null. Lock-free. */
    public Item get(Map<String, AttributeValue> key) {
        ItemCollection collection = byHashKey.get(key.get(schema.hashKey()));
        if (collection == null) {
            return null;
        }
        return collection.byRange != null ? collection.byRange.get(key.get(schema.rangeKey())) : collection.single;
    }

    /**
     * The bytes of one item collection: its items and their local secondary index entries (0 when none, or
     * when the table has no local index: DynamoDB bounds an item collection only then).
     */
    public long collectionBytes(AttributeValue hashKey) {
        ItemCollection collection = byHashKey.get(hashKey);
        return collection == null ? 0 : collection.bytes;
    }

    /** What replacing {@code previous} by {@code replacement} adds to its item collection's bytes (may be negative). */
    public long collectionBytesDelta(Item previous, Item replacement) {
        return collectionShare(replacement) - collectionShare(previous);
    }

    /** An item's share of its collection: its bytes and its entries' in the local indexes (0 without one). */
    private long collectionShare(Item item) {
        if (item == null) {
            return 0;
        }
        long bytes = 0;
        boolean local = false;
        for (SecondaryIndex index : indexes) {
            if (!index.schema().isGlobal()) {
                local = true;
                if (index.keyOf(item) != null) {
                    bytes += ItemSize.bytes(index.project(item));
                }
            }
        }
        return local ? bytes + ItemSize.bytes(item) : 0;
    }

    /** The item collection of one partition-key value, or null. */
    public ItemCollection collection(AttributeValue hashKey) {
        return byHashKey.get(hashKey);
    }

    /** Item collections in scan order, starting after {@code exclusiveStart} (or at the first). */
    public Iterator<ItemCollection> collectionsFrom(HashedKey start, boolean inclusive) {
        NavigableMap<HashedKey, ItemCollection> view = start == null ? scanOrder : scanOrder.tailMap(start, inclusive);
        return view.values().iterator();
    }

    /** Runs {@code action} holding the lock of this partition-key value. */
    public <T> T locked(AttributeValue hashKey, Supplier<T> action) {
        ReentrantLock lock = locks[stripe(hashKey)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} holding every lock of the table: no write is in flight meanwhile. */
    public void lockedAll(Runnable action) {
        int locked = 0;
        try {
            for (; locked < LOCK_STRIPES; locked++) {
                locks[locked].lock();
            }
            action.run();
        } finally {
            for (int i = locked - 1; i >= 0; i--) {
                locks[i].unlock();
            }
        }
    }

    /** Whether the current thread holds the lock of this partition-key value (or all locks). */
    public boolean holdsLock(AttributeValue hashKey) {
        return locks[stripe(hashKey)].isHeldByCurrentThread();
    }

    /** The lock of this partition-key value, for code that must try it rather than wait. */
    public ReentrantLock lockOf(AttributeValue hashKey) {
        return locks[stripe(hashKey)];
    }

    /** The index of the lock of this partition-key value, for taking several in one order. */
    public static int stripe(AttributeValue hashKey) {
        return (int) (KeyHash.of(hashKey) >>> 54) & (LOCK_STRIPES - 1);
    }

    /** Every item whose partition-key hash lies in the unsigned range [low, high), or [low, end] when {@code toEnd}. */
    public void forEachInHashRange(long low, long high, boolean toEnd, java.util.function.Consumer<Item> action) {
        for (ItemCollection collection : scanOrder.tailMap(HashedKey.lowestAt(low), true).values()) {
            if (!toEnd && Long.compareUnsigned(KeyHash.of(collection.hashKey), high) >= 0) {
                break;
            }
            collection.items().values().forEach(action);
        }
    }

    /**
     * Replaces the item at {@code key} by {@code replacement} (null deletes it). Must be called
     * inside {@link #locked} for the key's partition-key value, with {@code previous} the item
     * read under that same lock.
     */
    public void write(Map<String, AttributeValue> key, Item previous, Item replacement) {
        AttributeValue hashKey = key.get(schema.hashKey());
        assert locks[stripe(hashKey)].isHeldByCurrentThread();
        ItemCollection collection = byHashKey.get(hashKey);
        if (collection == null) {
            if (replacement == null) {
                return;
            }
            collection = new ItemCollection(hashKey, schema.hasRangeKey());
        }
        if (collection.byRange != null) {
            AttributeValue rangeKey = key.get(schema.rangeKey());
            if (replacement == null) {
                collection.byRange.remove(rangeKey);
            } else {
                collection.byRange.put(rangeKey, replacement);
            }
        } else {
            collection.single = replacement;
        }
        collection.bytes += collectionBytesDelta(previous, replacement); // inside the key's lock
        if (collection.isEmpty()) {
            byHashKey.remove(hashKey);
            scanOrder.remove(HashedKey.of(hashKey));
        } else if (!byHashKey.containsKey(hashKey)) {
            byHashKey.put(hashKey, collection);
            scanOrder.put(HashedKey.of(hashKey), collection);
        }
        itemCount.addAndGet((replacement == null ? 0 : 1) - (previous == null ? 0 : 1));
        sizeBytes.addAndGet((replacement == null ? 0 : ItemSize.bytes(replacement))
                - (previous == null ? 0 : ItemSize.bytes(previous)));
        if (!indexes.isEmpty() && (previous != null || replacement != null)) {
            // After the table's own change and still inside the item's lock: a local index changes
            // with its table, and a global one is never ahead of it.
            long now = globalIndexLagNanos > 0 ? clock.nanoTime() : 0;
            for (SecondaryIndex index : indexes) {
                index.record(previous, replacement, now, index.schema().isGlobal() ? globalIndexLagNanos : 0);
            }
        }
    }
}
