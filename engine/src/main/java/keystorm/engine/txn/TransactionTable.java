package keystorm.engine.txn;

import java.util.Map;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;

/** What a transaction reaches of one table: its items, their locks and marks, its partitions. */
public interface TransactionTable {
    String name();

    TableSchema schema();

    /** The items (the leaders' copy) and their locks. */
    Table data();

    /** What in-flight transactions hold on the items. */
    Marks marks();

    /** The table's partitions (and, through them, its global indexes' partitions). */
    keystorm.engine.partition.PartitionMap partitions();

    /** The partition that holds this key. */
    Partition partition(Map<String, AttributeValue> key);

    /**
     * Checks that the partition can take the write, logs it and installs it; must run inside the
     * item's lock.
     */
    void commit(Map<String, AttributeValue> key, Item previous, Item replacement);

    /** Installs a change already logged; must run inside the item's lock. */
    void install(Partition partition, Map<String, AttributeValue> key, Item previous, Item replacement);
}
