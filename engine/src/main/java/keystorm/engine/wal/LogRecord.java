package keystorm.engine.wal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.table.TableSchema;

/**
 * What the write-ahead log holds. Writes carry whole new items (or the key of a deleted one), and
 * a token carries its whole completion, so replaying a record twice, or over a snapshot already
 * holding it, gives the same state.
 */
public sealed interface LogRecord {
    /** A table created; {@code createdMillis} is -1 in records written before creation times were logged. */
    record CreateTable(TableSchema schema, int partitions, long createdMillis) implements LogRecord {
    }

    record DeleteTable(String tableName) implements LogRecord {
    }

    /**
     * UpdateTable: the table's billing mode and throughput (null on demand) and its global indexes' throughputs
     * (by index name; null values on demand) from now on, at {@code updatedMillis} on the engine's clock. Replaying
     * it over the schema it changed gives the same schema and the same decrease history.
     */
    record UpdateTable(String tableName, keystorm.engine.api.BillingMode billingMode,
                       keystorm.engine.api.ProvisionedThroughput provisionedThroughput,
                       Map<String, keystorm.engine.api.ProvisionedThroughput> indexThroughputs,
                       long updatedMillis) implements LogRecord {
        public UpdateTable {
            Objects.requireNonNull(tableName, "tableName");
            Objects.requireNonNull(billingMode, "billingMode");
            indexThroughputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(indexThroughputs));
        }
    }

    /**
     * UpdateTable's GlobalSecondaryIndexUpdates Create (the new index, {@code deleted} null) or Delete (the index's
     * name, {@code created} null). Replayed, a created index is filled from the items replayed so far, and the
     * writes after it maintain it.
     */
    record IndexChange(String tableName, keystorm.engine.table.IndexSchema created, String deleted)
            implements LogRecord {
        public IndexChange {
            Objects.requireNonNull(tableName, "tableName");
            if ((created == null) == (deleted == null)) {
                throw new IllegalArgumentException("an index change creates one index or deletes one");
            }
        }
    }

    /** TagResource, UntagResource (or CreateTable's Tags): the table's whole set of tags from now on. */
    record Tags(String tableName, Map<String, String> tags) implements LogRecord {
        public Tags {
            Objects.requireNonNull(tableName, "tableName");
            tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
        }
    }

    /**
     * UpdateTimeToLive: the table's Time to Live attribute and whether it is enabled from now on, and when it
     * changed ({@code changedMillis}, epoch milliseconds on the engine's clock), which the once-an-hour rule and the
     * ENABLING / DISABLING status read after a restart. Replaying it sets the table's whole specification.
     */
    record TimeToLive(String tableName, String attributeName, boolean enabled, long changedMillis)
            implements LogRecord {
        public TimeToLive {
            Objects.requireNonNull(tableName, "tableName");
            Objects.requireNonNull(attributeName, "attributeName");
        }
    }

    /** The item at {@code key} becomes {@code item}; a null item deletes it. */
    record Write(String tableName, Map<String, AttributeValue> key, Item item) implements LogRecord {
    }

    /**
     * A committed transaction's writes, and the ClientRequestToken it completed under (null if it
     * had none): replayed whole or not at all, so a token comes back exactly with the writes it
     * guards. A snapshot holds each live token as a transaction with no writes (its writes are in
     * the snapshot's items), and so does the log for a transaction under a token that changed
     * nothing (only ConditionChecks, or deletes of absent items): a retry must still find it.
     */
    record Transaction(List<Write> writes, CompletedToken token) implements LogRecord {
        public Transaction {
            writes = List.copyOf(writes);
            if (writes.isEmpty() && token == null) {
                throw new IllegalArgumentException("a transaction record with neither writes nor a token");
            }
        }

        public Transaction(List<Write> writes) {
            this(writes, null);
        }
    }

    /**
     * A TransactWriteItems that completed under a ClientRequestToken, as a retry must find it
     * after a restart: the token; a digest of the request's TransactItems, which tells a retry
     * from another request under the same token (IdempotentParameterMismatchException); when it
     * completed, in epoch milliseconds on the engine's clock (monotonic nanoseconds do not
     * survive a restart); and the response a retry answers again.
     */
    record CompletedToken(String clientRequestToken, Bytes requestDigest, long completedMillis,
                          TransactWriteItemsResponse response) {
        public CompletedToken {
            Objects.requireNonNull(clientRequestToken, "clientRequestToken");
            Objects.requireNonNull(requestDigest, "requestDigest");
            Objects.requireNonNull(response, "response");
            if (clientRequestToken.isEmpty()) {
                throw new IllegalArgumentException("an empty ClientRequestToken");
            }
        }
    }
}
