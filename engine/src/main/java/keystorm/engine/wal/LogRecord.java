package keystorm.engine.wal;

import java.util.List;
import java.util.Map;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.TableSchema;

/**
 * What the write-ahead log holds. Writes carry whole new items (or the key of a deleted one), so
 * replaying a record twice, or over a snapshot already holding it, gives the same state.
 */
public sealed interface LogRecord {
    /** A table created; {@code createdMillis} is -1 in records written before creation times were logged. */
    record CreateTable(TableSchema schema, int partitions, long createdMillis) implements LogRecord {
    }

    record DeleteTable(String tableName) implements LogRecord {
    }

    /** The item at {@code key} becomes {@code item}; a null item deletes it. */
    record Write(String tableName, Map<String, AttributeValue> key, Item item) implements LogRecord {
    }

    /** A committed transaction's writes: replayed whole or not at all. */
    record Transaction(List<Write> writes) implements LogRecord {
        public Transaction {
            writes = List.copyOf(writes);
        }
    }
}
