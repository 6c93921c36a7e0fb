package keystorm.engine.api;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every bound the engine enforces, in one place. {@link #DYNAMODB} holds DynamoDB's documented
 * quotas (page titles of the developer guide and API reference in brackets; see
 * {@code shared/design/DYNAMODB.md}) and keystorm's own bounds on what DynamoDB leaves to the
 * implementation, marked "keystorm's own" below.
 *
 * <p>Code that has an engine's configuration at hand reads its limits, which tests shrink with
 * {@link #with}; code that has none (the expression parser, item and key checks, the server's JSON
 * reader) reads {@link #DYNAMODB}. Messages that name a bound are built from it, so that with
 * {@link #DYNAMODB} they are DynamoDB's, byte for byte.
 *
 * <p>It lives in {@code api} rather than beside the engine's facade because every layer reads it
 * and {@code api} is the layer every other one already depends on.
 *
 * @param itemBytesMax              an item's size, names included [Service quotas: Items]: 400 KB
 * @param attributeNameBytesMax     an attribute name's UTF-8 bytes [Attributes]: 64 KB less one
 * @param nestingDepthMax           levels a document nests, and a document path's steps [Attributes]: 32
 * @param partitionKeyBytesMax      a partition key value [Partition keys and sort keys]: 2048
 * @param sortKeyBytesMax           a sort key value [Partition keys and sort keys]: 1024
 * @param tableNameLengthMax        a table name's characters [Naming rules]: 255
 * @param keyAttributeNameLengthMax a key attribute's name in KeySchema [CreateTable]: 255
 * @param expressionLengthMax       an expression's characters [Expression parameters]: 4 KB
 * @param expressionOperatorsMax    operators and functions in one expression [Expression parameters]: 300
 * @param inOperandsMax             operands of one IN [Expression parameters]: 100
 * @param placeholderBytesMax       one ExpressionAttributeNames or ExpressionAttributeValues key's UTF-8 bytes, its
 *                                  {@code #} or {@code :} counted ({@code #name} is 5) [Expression parameters]: 255
 * @param substitutionBytesMax      a request's ExpressionAttributeNames and ExpressionAttributeValues together
 *                                  ("the maximum length of all substitution variables in an expression") [Expression
 *                                  parameters]: 2 MB; keystorm counts each key's UTF-8 bytes plus its name's UTF-8 bytes
 *                                  or its value's size as an item counts it
 * @param requestBytesMax           an HTTP request's body [API-specific limits]: 16 MB
 * @param transactionItemsMax       actions of a TransactWriteItems or TransactGetItems [DynamoDB transactions]: 100
 * @param transactionBytesMax       a TransactWriteItems' items and keys [DynamoDB transactions]: 4 MB
 * @param clientRequestTokenLengthMax a ClientRequestToken's characters [TransactWriteItems]: 36
 * @param idempotencyWindowNanos    how long a ClientRequestToken is remembered [TransactWriteItems]: 10 minutes
 * @param batchWriteItemsMax        requests of a BatchWriteItem [BatchWriteItem]: 25
 * @param batchGetKeysMax           keys of a BatchGetItem [BatchGetItem]: 100
 * @param batchGetResponseBytesMax  items a BatchGetItem answers with [BatchGetItem]: 16 MB
 * @param pageBytesMax              items a Query or Scan page reads [Query; Scan]: 1 MB
 * @param totalSegmentsMax          a parallel Scan's TotalSegments [Scan]: 1,000,000
 * @param listTablesLimitMax        ListTables' Limit [ListTables]: 100
 * @param tablesMax                 tables of one engine, DynamoDB's soft account quota per Region (LimitExceededException
 *                                  [API reference: Common errors]): 2,500
 * @param partitionReadUnitsMax     read units a partition serves a second [Best practices for partition keys]: 3,000
 * @param partitionWriteUnitsMax    write units a partition serves a second: 1,000
 * @param burstSeconds              seconds of unused capacity kept as burst [Burst and adaptive capacity]: 300
 * @param tableUnitsMax             read (and write) units an on-demand table serves a second [Throughput default quotas]: 40,000
 * @param expressionNestingMax      keystorm's own: parentheses and NOTs nested in an expression, which bounds the
 *                                  parser's recursion (DynamoDB bounds operators instead): 320
 * @param expressionCacheEntriesMax keystorm's own: parsed expressions cached per kind before the cache is emptied: 4096
 * @param hotKeysTrackedMax         keystorm's own: partition-key values counted one by one per table for hot-key
 *                                  reports (the rest are summed as untracked): 100,000
 * @param replicaBacklogMax         keystorm's own: writes a follower holds received and not yet applied; at the bound a
 *                                  write to its partition is refused (ThrottlingException) before anything is applied:
 *                                  100,000
 * @param idempotencyTokensMax      keystorm's own: ClientRequestTokens held (running, or completed within the
 *                                  window); past it a new token is refused (ThrottlingException): 100,000
 * @param logBufferBytesMax         keystorm's own: bytes the write-ahead log buffers before they are written; past it a
 *                                  write is refused (ThrottlingException) before it is logged: 64 MB
 * @param serverQueueMax            keystorm's own: requests the HTTP server queues for its worker threads; past it a
 *                                  request is refused (ThrottlingException) unread: 4096
 * @param splitHeatPercent          keystorm's own figure for what AWS documents in words: a partition splits for heat
 *                                  when it "receives read or write traffic near its throughput capacity limit" [AWS
 *                                  Database Blog, Scaling DynamoDB: partitions, hot keys and split for heat, part 3];
 *                                  keystorm reads "near" as consuming at least this percentage of the partition ceiling
 *                                  (reads or writes): 80
 * @param splitHeatSeconds          keystorm's own: seconds of the engine's clock that heat must last, each one-second
 *                                  window at or above {@code splitHeatPercent}, before the partition splits (AWS
 *                                  publishes no figure; it splits "during sustained activity", same blog, part 2): 10
 * @param splitSampleKeys           keystorm's own: partition-key hashes a partition remembers of its latest requests,
 *                                  from which a split for heat takes its split point (their median): 128
 * @param partitionsMax             keystorm's own: partitions a table may reach by splitting for heat (DynamoDB sets no
 *                                  published bound; splits never merge): 1,024
 * @param globalIndexesMax          global secondary indexes of one table [Service, account, and table quotas: Secondary
 *                                  indexes] (CreateTable's message: "GlobalSecondaryIndex count exceeds the per-table
 *                                  limit of 20"): 20
 * @param localIndexesMax           local secondary indexes of one table [Service, account, and table quotas: Secondary
 *                                  indexes]: 5
 * @param projectedAttributesMax    NonKeyAttributes over all of a table's secondary indexes ("a maximum of 100
 *                                  attributes ... summed across all of the secondary indexes" [Service, account, and
 *                                  table quotas: Projected secondary index attributes per table]): 100
 * @param itemCollectionBytesMax    an item collection's size (a partition-key value's items and their local
 *                                  secondary index entries) in a table with local indexes [Item collection size
 *                                  limit]: 10 GB
 */
public record Limits(int itemBytesMax, int attributeNameBytesMax, int nestingDepthMax, int partitionKeyBytesMax,
                     int sortKeyBytesMax, int tableNameLengthMax, int keyAttributeNameLengthMax,
                     int expressionLengthMax, int expressionOperatorsMax, int inOperandsMax,
                     int placeholderBytesMax, int substitutionBytesMax, int requestBytesMax, int transactionItemsMax, long transactionBytesMax,
                     int clientRequestTokenLengthMax, long idempotencyWindowNanos, int batchWriteItemsMax,
                     int batchGetKeysMax, long batchGetResponseBytesMax, int pageBytesMax, int totalSegmentsMax,
                     int listTablesLimitMax, int tablesMax, int partitionReadUnitsMax, int partitionWriteUnitsMax, int burstSeconds,
                     int tableUnitsMax, int expressionNestingMax, int expressionCacheEntriesMax,
                     int hotKeysTrackedMax, int replicaBacklogMax, int idempotencyTokensMax,
                     long logBufferBytesMax, int serverQueueMax, int splitHeatPercent, int splitHeatSeconds,
                     int splitSampleKeys, int partitionsMax, int globalIndexesMax, int localIndexesMax,
                     int projectedAttributesMax, long itemCollectionBytesMax) {
    private static final int KB = 1024;
    private static final int MB = 1024 * KB;

    /** DynamoDB's documented quotas, and keystorm's own defaults for the rest. */
    public static final Limits DYNAMODB = new Builder().build();

    public Limits {
        positive("itemBytesMax", itemBytesMax);
        positive("attributeNameBytesMax", attributeNameBytesMax);
        positive("nestingDepthMax", nestingDepthMax);
        positive("partitionKeyBytesMax", partitionKeyBytesMax);
        positive("sortKeyBytesMax", sortKeyBytesMax);
        positive("tableNameLengthMax", tableNameLengthMax);
        positive("keyAttributeNameLengthMax", keyAttributeNameLengthMax);
        positive("expressionLengthMax", expressionLengthMax);
        positive("expressionOperatorsMax", expressionOperatorsMax);
        positive("inOperandsMax", inOperandsMax);
        positive("placeholderBytesMax", placeholderBytesMax);
        positive("substitutionBytesMax", substitutionBytesMax);
        positive("requestBytesMax", requestBytesMax);
        positive("transactionItemsMax", transactionItemsMax);
        positive("transactionBytesMax", transactionBytesMax);
        positive("clientRequestTokenLengthMax", clientRequestTokenLengthMax);
        positive("idempotencyWindowNanos", idempotencyWindowNanos);
        positive("batchWriteItemsMax", batchWriteItemsMax);
        positive("batchGetKeysMax", batchGetKeysMax);
        positive("batchGetResponseBytesMax", batchGetResponseBytesMax);
        positive("pageBytesMax", pageBytesMax);
        positive("totalSegmentsMax", totalSegmentsMax);
        positive("listTablesLimitMax", listTablesLimitMax);
        positive("tablesMax", tablesMax);
        positive("partitionReadUnitsMax", partitionReadUnitsMax);
        positive("partitionWriteUnitsMax", partitionWriteUnitsMax);
        positive("burstSeconds", burstSeconds);
        positive("tableUnitsMax", tableUnitsMax);
        positive("expressionNestingMax", expressionNestingMax);
        positive("expressionCacheEntriesMax", expressionCacheEntriesMax);
        positive("hotKeysTrackedMax", hotKeysTrackedMax);
        positive("replicaBacklogMax", replicaBacklogMax);
        positive("idempotencyTokensMax", idempotencyTokensMax);
        positive("logBufferBytesMax", logBufferBytesMax);
        positive("serverQueueMax", serverQueueMax);
        positive("splitHeatPercent", splitHeatPercent);
        positive("splitHeatSeconds", splitHeatSeconds);
        positive("splitSampleKeys", splitSampleKeys);
        positive("partitionsMax", partitionsMax);
        positive("globalIndexesMax", globalIndexesMax);
        positive("localIndexesMax", localIndexesMax);
        positive("projectedAttributesMax", projectedAttributesMax);
        positive("itemCollectionBytesMax", itemCollectionBytesMax);
        if (splitHeatPercent > 100) {
            throw new IllegalArgumentException("splitHeatPercent must be at most 100 (of the partition ceiling): "
                    + splitHeatPercent);
        }
        if (tableNameLengthMax < 3) {
            throw new IllegalArgumentException("tableNameLengthMax must be at least 3 (the shortest table name): "
                    + tableNameLengthMax);
        }
    }

    /** These limits with some changed: {@code Limits.DYNAMODB.with(b -> b.batchWriteItemsMax = 2)}. */
    public Limits with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /**
     * The refusal of a request that would pass one of keystorm's own bounds: a ThrottlingException
     * (retryable, and proof that nothing was applied), whose message names the bound.
     */
    public static DynamoException overloaded(String what, String bound, long value) {
        return new DynamoException(ErrorType.ThrottlingException, what + ", the most the engine holds (Limits."
                + bound + " = " + value + "); nothing was applied, try again shortly");
    }

    /** A size as DynamoDB's messages write it: "4 MB", "400 KB", or bytes when neither divides it. */
    public static String bytesText(long bytes) {
        if (bytes % MB == 0) {
            return bytes / MB + " MB";
        }
        if (bytes % KB == 0) {
            return bytes / KB + " KB";
        }
        return bytes + " bytes";
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    /** The fields as a mutable copy, defaulting to {@link #DYNAMODB}'s, for {@link #with}. */
    public static final class Builder {
        public int itemBytesMax = 400 * KB;
        public int attributeNameBytesMax = 64 * KB - 1;
        public int nestingDepthMax = 32;
        public int partitionKeyBytesMax = 2048;
        public int sortKeyBytesMax = 1024;
        public int tableNameLengthMax = 255;
        public int keyAttributeNameLengthMax = 255;
        public int expressionLengthMax = 4 * KB;
        public int expressionOperatorsMax = 300;
        public int inOperandsMax = 100;
        public int placeholderBytesMax = 255;
        public int substitutionBytesMax = 2 * MB;
        public int requestBytesMax = 16 * MB;
        public int transactionItemsMax = 100;
        public long transactionBytesMax = 4L * MB;
        public int clientRequestTokenLengthMax = 36;
        public long idempotencyWindowNanos = TimeUnit.MINUTES.toNanos(10);
        public int batchWriteItemsMax = 25;
        public int batchGetKeysMax = 100;
        public long batchGetResponseBytesMax = 16L * MB;
        public int pageBytesMax = MB;
        public int totalSegmentsMax = 1_000_000;
        public int listTablesLimitMax = 100;
        public int tablesMax = 2_500;
        public int partitionReadUnitsMax = 3_000;
        public int partitionWriteUnitsMax = 1_000;
        public int burstSeconds = 300;
        public int tableUnitsMax = 40_000;
        public int expressionNestingMax = 320;
        public int expressionCacheEntriesMax = 4096;
        public int hotKeysTrackedMax = 100_000;
        public int replicaBacklogMax = 100_000;
        public int idempotencyTokensMax = 100_000;
        public long logBufferBytesMax = 64L * MB;
        public int serverQueueMax = 4096;
        public int splitHeatPercent = 80;
        public int splitHeatSeconds = 10;
        public int splitSampleKeys = 128;
        public int partitionsMax = 1024;
        public int globalIndexesMax = 20;
        public int localIndexesMax = 5;
        public int projectedAttributesMax = 100;
        public long itemCollectionBytesMax = 10L * 1024 * MB;

        private Builder() {
        }

        private Builder(Limits from) {
            itemBytesMax = from.itemBytesMax;
            attributeNameBytesMax = from.attributeNameBytesMax;
            nestingDepthMax = from.nestingDepthMax;
            partitionKeyBytesMax = from.partitionKeyBytesMax;
            sortKeyBytesMax = from.sortKeyBytesMax;
            tableNameLengthMax = from.tableNameLengthMax;
            keyAttributeNameLengthMax = from.keyAttributeNameLengthMax;
            expressionLengthMax = from.expressionLengthMax;
            expressionOperatorsMax = from.expressionOperatorsMax;
            inOperandsMax = from.inOperandsMax;
            placeholderBytesMax = from.placeholderBytesMax;
            substitutionBytesMax = from.substitutionBytesMax;
            requestBytesMax = from.requestBytesMax;
            transactionItemsMax = from.transactionItemsMax;
            transactionBytesMax = from.transactionBytesMax;
            clientRequestTokenLengthMax = from.clientRequestTokenLengthMax;
            idempotencyWindowNanos = from.idempotencyWindowNanos;
            batchWriteItemsMax = from.batchWriteItemsMax;
            batchGetKeysMax = from.batchGetKeysMax;
            batchGetResponseBytesMax = from.batchGetResponseBytesMax;
            pageBytesMax = from.pageBytesMax;
            totalSegmentsMax = from.totalSegmentsMax;
            listTablesLimitMax = from.listTablesLimitMax;
            tablesMax = from.tablesMax;
            partitionReadUnitsMax = from.partitionReadUnitsMax;
            partitionWriteUnitsMax = from.partitionWriteUnitsMax;
            burstSeconds = from.burstSeconds;
            tableUnitsMax = from.tableUnitsMax;
            expressionNestingMax = from.expressionNestingMax;
            expressionCacheEntriesMax = from.expressionCacheEntriesMax;
            hotKeysTrackedMax = from.hotKeysTrackedMax;
            replicaBacklogMax = from.replicaBacklogMax;
            idempotencyTokensMax = from.idempotencyTokensMax;
            logBufferBytesMax = from.logBufferBytesMax;
            serverQueueMax = from.serverQueueMax;
            splitHeatPercent = from.splitHeatPercent;
            splitHeatSeconds = from.splitHeatSeconds;
            splitSampleKeys = from.splitSampleKeys;
            partitionsMax = from.partitionsMax;
            globalIndexesMax = from.globalIndexesMax;
            localIndexesMax = from.localIndexesMax;
            projectedAttributesMax = from.projectedAttributesMax;
            itemCollectionBytesMax = from.itemCollectionBytesMax;
        }

        Limits build() {
            return new Limits(itemBytesMax, attributeNameBytesMax, nestingDepthMax, partitionKeyBytesMax,
                    sortKeyBytesMax, tableNameLengthMax, keyAttributeNameLengthMax, expressionLengthMax,
                    expressionOperatorsMax, inOperandsMax, placeholderBytesMax, substitutionBytesMax, requestBytesMax, transactionItemsMax, transactionBytesMax,
                    clientRequestTokenLengthMax, idempotencyWindowNanos, batchWriteItemsMax, batchGetKeysMax,
                    batchGetResponseBytesMax, pageBytesMax, totalSegmentsMax, listTablesLimitMax, tablesMax,
                    partitionReadUnitsMax, partitionWriteUnitsMax, burstSeconds, tableUnitsMax,
                    expressionNestingMax, expressionCacheEntriesMax, hotKeysTrackedMax, replicaBacklogMax,
                    idempotencyTokensMax, logBufferBytesMax, serverQueueMax, splitHeatPercent, splitHeatSeconds,
                    splitSampleKeys, partitionsMax, globalIndexesMax, localIndexesMax, projectedAttributesMax,
                    itemCollectionBytesMax);
        }
    }
}
