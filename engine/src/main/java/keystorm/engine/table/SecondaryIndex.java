package keystorm.engine.table;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import keystorm.engine.api.ProjectionType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.item.ScalarOrder;

/**
 * One secondary index's entries: the projection of every item of the table that has all the
 * index's key attributes with their declared types (a sparse index: an item missing one is not in
 * it).
 *
 * <p>One skip list serves both reads. It is ordered by the hash of the index partition key
 * ({@link KeyHash}, as the table's scan order), then that key's value, then the index sort key, then
 * the table's own keys (which break ties: two items may share index keys). The entries of one index
 * partition-key value are therefore contiguous and in sort-key order (Query), and the whole map is in
 * hash order (Scan, and its segments).
 *
 * <p>Reads take no lock. Writes: a local index changes with its table, inside the item's lock
 * ({@link Table#write}); a global one the same way when it has no lag, otherwise each change is
 * queued with the instant it becomes due on the engine's clock, and applied in the order of the queue
 * (so in each item's write order) by {@link #catchUp}, which its readers call first, and by later
 * writers (so the queue holds about a lag's worth of writes). Applying takes no item lock, so a writer
 * inside one may apply; only one thread applies at a time.
 *
 * <p>What an index change costs, and a global index's own partitions and throttling, are the
 * partitions' business ({@code partition.IndexWrites}, {@code PartitionMap.index}). An entry that
 * moves (its index key changed) is put at its new place before it leaves the old one: a concurrent
 * reader may see it at both places for an instant, never at neither.
 */
public final class SecondaryIndex {
    private final IndexSchema schema;
    private final TableSchema table;
    private final ConcurrentSkipListMap<EntryKey, Item> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();
    private final Queue<Change> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ReentrantLock applying = new ReentrantLock();

    /** A table change not yet applied to a lagging global index. */
    private record Change(long dueNanos, Item previous, Item replacement) {
    }

    /**
     * An entry's place. {@code depth} is how many of the four values after the hash are given (4 for
     * an entry); a shorter key is a bound, before ({@code edge} -1) or after (+1) every entry that
     * shares its values. A value is null when the schema has no such key (no index sort key, no
     * table sort key).
     */
    public record EntryKey(long hash, AttributeValue hashKey, AttributeValue rangeKey, AttributeValue tableHashKey,
                           AttributeValue tableRangeKey, int depth, int edge) implements Comparable<EntryKey> {
        static final int FULL = 4;

        /** The first (edge -1) or last (+1) place of a hash, whatever the values. */
        public static EntryKey atHash(long hash, int edge) {
            return new EntryKey(hash, null, null, null, null, 0, edge);
        }

        @Override
        public int compareTo(EntryKey other) {
            int c = Long.compareUnsigned(hash, other.hash);
            if (c != 0) {
                return c;
            }
            int common = Math.min(depth, other.depth);
            for (int level = 0; level < common; level++) {
                c = compareValues(value(level), other.value(level));
                if (c != 0) {
                    return c;
                }
            }
            if (depth == other.depth) {
                return Integer.compare(edge, other.edge);
            }
            return depth < other.depth ? (edge < 0 ? -1 : 1) : (other.edge < 0 ? 1 : -1);
        }

        private AttributeValue value(int level) {
            return switch (level) {
                case 0 -> hashKey;
                case 1 -> rangeKey;
                case 2 -> tableHashKey;
                default -> tableRangeKey;
            };
        }

        private static int compareValues(AttributeValue a, AttributeValue b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            return ScalarOrder.compare(a, b);
        }
    }

    public SecondaryIndex(IndexSchema schema, TableSchema table) {
        this.schema = schema;
        this.table = table;
    }

    public IndexSchema schema() {
        return schema;
    }

    /** Items in the index (DescribeTable's ItemCount), counting only changes applied. */
    public long itemCount() {
        return itemCount.get();
    }

    /** The projected entries' bytes (DescribeTable's IndexSizeBytes). */
    public long sizeBytes() {
        return sizeBytes.get();
    }

    /** Changes queued and not yet applied (a lagging global index). */
    public int outstanding() {
        return outstanding.get();
    }

    /**
     * The item's place in the index, or null when the item is not in it: it lacks an index key, or
     * holds one no key may hold (another type, an empty string or binary, more bytes than a partition
     * key's 2048 or a sort key's 1024). Writes refuse such items once the index exists; an item written
     * before it is left out, by the backfill and by every rebuild alike (recovery replays it through here).
     */
    public EntryKey keyOf(Item item) {
        return place(item, true);
    }

    /** The place an ExclusiveStartKey names (already checked to hold every key attribute). */
    public EntryKey keyOf(Map<String, AttributeValue> key) {
        return place(Item.of(key), false);
    }

    private EntryKey place(Item item, boolean storable) {
        AttributeValue hashValue = item.get(schema.hashKey());
        if (hashValue == null || !TableSchema.matches(hashValue, schema.hashKeyType())
                || storable && !fitsAsKey(hashValue, KEY_LIMITS.partitionKeyBytesMax())) {
            return null;
        }
        AttributeValue rangeValue = null;
        if (schema.hasRangeKey()) {
            rangeValue = item.get(schema.rangeKey());
            if (rangeValue == null || !TableSchema.matches(rangeValue, schema.rangeKeyType())
                    || storable && !fitsAsKey(rangeValue, KEY_LIMITS.sortKeyBytesMax())) {
                return null;
            }
        }
        return new EntryKey(KeyHash.of(hashValue), hashValue, rangeValue, item.get(table.hashKey()),
                table.hasRangeKey() ? item.get(table.rangeKey()) : null, EntryKey.FULL, 0);
    }

    /** The key size limits, DynamoDB's (as the write-time checks in {@link TableSchema}). */
    private static final keystorm.engine.api.Limits KEY_LIMITS = keystorm.engine.api.Limits.DYNAMODB;

    /** Whether a scalar could be a key of at most that many bytes (and at least one, for a string or binary). */
    private static boolean fitsAsKey(AttributeValue value, int bytesMax) {
        long bytes = TableSchema.keyBytes(value, bytesMax);
        return bytes >= 1 && bytes <= bytesMax;
    }

    /** What the index holds of an item: the table's and the index's keys, and the projected attributes. */
    public Item project(Item item) {
        ProjectionType type = schema.projection().projectionType();
        if (type == ProjectionType.ALL) {
            return item;
        }
        Map<String, AttributeValue> kept = new LinkedHashMap<>();
        copy(item, table.hashKey(), kept);
        copy(item, table.rangeKey(), kept);
        copy(item, schema.hashKey(), kept);
        copy(item, schema.rangeKey(), kept);
        if (type == ProjectionType.INCLUDE) {
            for (String name : schema.projection().nonKeyAttributes()) {
                copy(item, name, kept);
            }
        }
        return Item.of(kept);
    }

    /** Whether the index holds this attribute of its items (a key, or projected). */
    public boolean projects(String attribute) {
        return switch (schema.projection().projectionType()) {
            case ALL -> true;
            case INCLUDE -> isKey(attribute) || schema.projection().nonKeyAttributes().contains(attribute);
            case KEYS_ONLY -> isKey(attribute);
        };
    }

    private boolean isKey(String attribute) {
        return table.isKeyAttribute(attribute) || attribute.equals(schema.hashKey())
                || attribute.equals(schema.rangeKey());
    }

    private static void copy(Item item, String name, Map<String, AttributeValue> into) {
        if (name != null) {
            AttributeValue value = item.get(name);
            if (value != null) {
                into.put(name, value);
            }
        }
    }

    /** The index keys and the table keys of an entry, as a LastEvaluatedKey. */
    public Map<String, AttributeValue> lastEvaluatedKey(Item entry) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        copy(entry, table.hashKey(), key);
        copy(entry, table.rangeKey(), key);
        copy(entry, schema.hashKey(), key);
        copy(entry, schema.rangeKey(), key);
        return key;
    }

    /**
     * Records a change of one item of the table: applied now, or, for a global index with a lag,
     * queued until {@code nowNanos + lagNanos}. Called inside the item's lock, after the table's
     * write, so a change is never in the index before it is in the table.
     */
    void record(Item previous, Item replacement, long nowNanos, long lagNanos) {
        if (lagNanos <= 0 && outstanding.get() == 0) {
            apply(previous, replacement);
            return;
        }
        outstanding.incrementAndGet();
        pending.add(new Change(nowNanos + Math.max(0, lagNanos), previous, replacement));
        // Writers apply what is due too, so that the queue holds at most a lag's worth of writes
        // even when nobody reads the index; one that finds another applying leaves it the work.
        if (applying.tryLock()) {
            try {
                applyDue(nowNanos, false);
            } finally {
                applying.unlock();
            }
        }
    }

    /** Applies the queued changes due by {@code nowNanos} (or, with {@code all}, every one), in queue order. */
    public void catchUp(long nowNanos, boolean all) {
        if (outstanding.get() == 0) {
            return;
        }
        applying.lock();
        try {
            applyDue(nowNanos, all);
        } finally {
            applying.unlock();
        }
    }

    private void applyDue(long nowNanos, boolean all) {
        assert applying.isHeldByCurrentThread();
        Change due;
        while ((due = pending.peek()) != null && (all || due.dueNanos() - nowNanos <= 0)) {
            apply(due.previous(), due.replacement());
            pending.poll();
            outstanding.decrementAndGet();
        }
    }

    /** When the oldest queued change becomes due, or null when nothing is queued. */
    public Long nextDueNanos() {
        Change first = pending.peek();
        return first == null ? null : first.dueNanos();
    }

    private void apply(Item previous, Item replacement) {
        EntryKey before = previous == null ? null : keyOf(previous);
        EntryKey after = replacement == null ? null : keyOf(replacement);
        if (after != null) {
            Item entry = project(replacement);
            Item was = entries.put(after, entry);
            if (was == null) {
                itemCount.incrementAndGet();
            }
            sizeBytes.addAndGet(ItemSize.bytes(entry) - (was == null ? 0 : ItemSize.bytes(was)));
        }
        if (before != null && (after == null || before.compareTo(after) != 0)) {
            Item removed = entries.remove(before);
            if (removed != null) {
                itemCount.decrementAndGet();
                sizeBytes.addAndGet(-ItemSize.bytes(removed));
            }
        }
    }

    /** The entries of one index partition-key value, in sort-key order (then table-key order). */
    public NavigableMap<EntryKey, Item> partition(AttributeValue hashValue) {
        long hash = KeyHash.of(hashValue);
        return entries.subMap(new EntryKey(hash, hashValue, null, null, null, 1, -1), true,
                new EntryKey(hash, hashValue, null, null, null, 1, 1), true);
    }

    /** A bound among the entries of one index partition-key value, at a sort-key value. */
    public static EntryKey sortBound(AttributeValue hashValue, AttributeValue rangeValue, int edge) {
        return new EntryKey(KeyHash.of(hashValue), hashValue, rangeValue, null, null, 2, edge);
    }

    /** Every entry, in hash order. */
    public NavigableMap<EntryKey, Item> entries() {
        return entries;
    }
}
