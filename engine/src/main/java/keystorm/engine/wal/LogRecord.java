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
