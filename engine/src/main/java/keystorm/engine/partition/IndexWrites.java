package keystorm.engine.partition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.capacity.CapacityUnits;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.table.SecondaryIndex;
import keystorm.engine.table.Table;
import keystorm.engine.table.SecondaryIndex.EntryKey;

/**
 * What one write of an item costs: the table's own write units and those of every secondary index it
 * changes, as DynamoDB documents them ("Provisioned throughput considerations for Global Secondary
 * Indexes", "Local secondary indexes: write capacity"): per index,
 * <ul>
 * <li>an item outside the index before and after: nothing;</li>
 * <li>an item entering the index (written, or given its index key): one write of its entry;</li>
 * <li>an item leaving it (deleted, or its index key removed): one write of its old entry;</li>
 * <li>its index key changed: two, the old entry's delete and the new entry's put;</li>
 * <li>the same index key: one write of the larger entry when a projected attribute changed, none when
 * nothing the index holds did;</li>
 * </ul>
 * each at 1 KB units of the projected entry (at least one), times {@code factor} (two in a transaction).
 *
 * <p>A local index's units are taken from the table's partition of the item collection; a global
 * index's from its own partitions ({@link PartitionMap#index}), at the entry's index partition key (a
 * moved entry's delete at the old key's partition, its put at the new one's). A global index that cannot
 * take them throttles the table write (back-pressure), with nothing applied and nothing consumed.
 */
public final class IndexWrites {
    /** Units one index write takes, at the index partition-key value of the entry it writes. */
    public record Charge(String index, boolean global, AttributeValue hashValue, double units) {
    }

    private final double tableUnits;
    private final List<Charge> charges;

    private IndexWrites(double tableUnits, List<Charge> charges) {
        this.tableUnits = tableUnits;
        this.charges = List.copyOf(charges);
    }

    /** A write without index costs (a table without indexes, a failed condition). */
    public static IndexWrites tableOnly(double tableUnits) {
        return new IndexWrites(tableUnits, List.of());
    }

    /** The cost of replacing {@code previous} by {@code replacement} (either null: none) in a table with {@code indexes}. */
    public static IndexWrites of(List<SecondaryIndex> indexes, Item previous, Item replacement, double tableUnits,
                                 double factor) {
        if (indexes.isEmpty()) {
            return tableOnly(tableUnits);
        }
        List<Charge> charges = new ArrayList<>();
        for (SecondaryIndex index : indexes) {
            EntryKey before = previous == null ? null : index.keyOf(previous);
            EntryKey after = replacement == null ? null : index.keyOf(replacement);
            if (before == null && after == null) {
                continue;
            }
            String name = index.schema().name();
            boolean global = index.schema().isGlobal();
            if (before != null && after != null && before.compareTo(after) == 0) {
                Item was = index.project(previous);
                Item now = index.project(replacement);
                if (!was.equals(now)) {
                    charges.add(new Charge(name, global, after.hashKey(),
                            factor * CapacityUnits.write(Math.max(ItemSize.bytes(was), ItemSize.bytes(now)))));
                }
                continue;
            }
            if (before != null) {
                charges.add(new Charge(name, global, before.hashKey(),
                        factor * CapacityUnits.write(ItemSize.bytes(index.project(previous)))));
            }
            if (after != null) {
                charges.add(new Charge(name, global, after.hashKey(),
                        factor * CapacityUnits.write(ItemSize.bytes(index.project(replacement)))));
            }
        }
        return new IndexWrites(tableUnits, charges);
    }

    /**
     * Refuses a write that would take its item collection (the partition-key value's items and their local
     * index entries, in a table with local indexes) past {@link keystorm.engine.api.Limits#itemCollectionBytesMax()}:
     * ItemCollectionSizeLimitExceededException, before anything is metered or applied. Must run inside the
     * key's lock. A write that shrinks the collection always passes.
     */
    public static void checkItemCollection(Table data, long bytesMax, AttributeValue hashKey, Item previous,
                                           Item replacement) {
        if (!itemCollectionFits(data, bytesMax, hashKey, previous, replacement)) {
            throw new DynamoException(ErrorType.ItemCollectionSizeLimitExceededException,
                    "The total size of an item collection has exceeded the maximum limit of 10 gigabytes.");
        }
    }

    /** Whether the write keeps its item collection within {@code bytesMax} (see {@link #checkItemCollection}). */
    public static boolean itemCollectionFits(Table data, long bytesMax, AttributeValue hashKey, Item previous,
                                             Item replacement) {
        long delta = data.collectionBytesDelta(previous, replacement);
        return delta <= 0 || data.collectionBytes(hashKey) + delta <= bytesMax;
    }

    /** The table's own units. */
    public double tableUnits() {
        return tableUnits;
    }

    /** The indexes' units, by index. */
    public List<Charge> charges() {
        return charges;
    }

    /** Everything: the table's and every index's units (ReturnConsumedCapacity TOTAL). */
    public double total() {
        double total = tableUnits;
        for (Charge charge : charges) {
            total += charge.units();
        }
        return total;
    }

    /** Units by index name, of the global ({@code global}) or the local indexes; empty when none. */
    public Map<String, Double> unitsByIndex(boolean global) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Charge charge : charges) {
            if (charge.global() == global) {
                out.merge(charge.index(), charge.units(), Double::sum);
            }
        }
        return out;
    }

    /** The sum of two writes' costs (a batch's, a transaction's on one table). */
    public IndexWrites plus(IndexWrites other) {
        List<Charge> all = new ArrayList<>(charges);
        all.addAll(other.charges);
        return new IndexWrites(tableUnits + other.tableUnits, all);
    }

    /**
     * Takes the indexes' units (the table's own are metered by the caller): a local index's from the table
     * partition of {@code hashKey}, a global one's from its own. Answers null, or the error of the first
     * refusal, having given back what it took.
     */
    public DynamoException tryMeterIndexes(PartitionMap table, AttributeValue hashKey) {
        for (int i = 0; i < charges.size(); i++) {
            Charge charge = charges.get(i);
            Partition partition = partitionOf(table, hashKey, charge);
            if (partition == null) {
                continue; // an index deleted meanwhile
            }
            AttributeValue key = charge.global() ? charge.hashValue() : hashKey;
            if (!partition.tryMeterWrite(key, charge.units())) {
                refund(table, hashKey, i);
                return partition.throttleError(true, charge.units());
            }
        }
        return null;
    }

    /** Gives back the indexes' units (a write refused after it was metered). */
    public void refundIndexes(PartitionMap table, AttributeValue hashKey) {
        refund(table, hashKey, charges.size());
    }

    private void refund(PartitionMap table, AttributeValue hashKey, int upTo) {
        for (int j = 0; j < upTo; j++) {
            Charge charge = charges.get(j);
            Partition partition = partitionOf(table, hashKey, charge);
            if (partition != null) {
                partition.refundWrite(charge.global() ? charge.hashValue() : hashKey, charge.units());
            }
        }
    }

    private static Partition partitionOf(PartitionMap table, AttributeValue hashKey, Charge charge) {
        if (!charge.global()) {
            return table.of(hashKey);
        }
        PartitionMap index = table.index(charge.index());
        return index == null ? null : index.of(charge.hashValue());
    }

    /**
     * ConsumedCapacity of the write: TOTAL the sum; INDEXES also the table's part and each index's
     * (GlobalSecondaryIndexes, LocalSecondaryIndexes, each only when an index of its kind consumed units).
     */
    public ConsumedCapacity capacity(String tableName, ReturnConsumedCapacity wanted) {
        if (!ReturnConsumedCapacity.wanted(wanted)) {
            return null;
        }
        ConsumedCapacity total = ConsumedCapacity.write(tableName, total());
        if (wanted != ReturnConsumedCapacity.INDEXES) {
            return total;
        }
        Map<String, Double> globals = unitsByIndex(true);
        Map<String, Double> locals = unitsByIndex(false);
        return total.withParts(tableUnits, globals.isEmpty() ? null : globals, locals.isEmpty() ? null : locals);
    }
}
