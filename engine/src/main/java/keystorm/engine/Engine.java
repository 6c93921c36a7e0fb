package keystorm.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import keystorm.engine.api.BatchGetItemRequest;
import keystorm.engine.api.BatchGetItemResponse;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.BatchWriteItemResponse;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ListTablesResponse;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TableDescription;
import keystorm.engine.table.IndexDescriptions;
import keystorm.engine.api.TableStatus;
import keystorm.engine.api.Tag;
import keystorm.engine.api.UpdateTableRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactGetItemsResponse;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.fault.Bug;
import keystorm.engine.fault.FaultTarget;
import keystorm.engine.fault.Faults;
import keystorm.engine.insights.Operation;
import keystorm.engine.insights.RequestObserver;
import keystorm.engine.item.Item;
import keystorm.engine.partition.KeyCounters;
import keystorm.engine.partition.MeterObserver;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.time.SkewedClock;
import keystorm.engine.wal.LogRecord;
import keystorm.engine.wal.Recovery;
import keystorm.engine.wal.SyncPolicy;
import keystorm.engine.wal.WriteAheadLog;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.Clock;
import keystorm.engine.time.Scheduler;
import keystorm.engine.txn.Environment;
import keystorm.engine.txn.IdempotencyTokens;
import keystorm.engine.txn.TransactOperations;

/**
 * keystorm's reference store, embedded: DynamoDB's tables, items, expressions and operations
 * as a Java library. Thread-safe; single-item operations are atomic and linearizable;
 * transactions are serializable. Tables are split into partitions that meter and throttle
 * throughput and keep three replicas each; with a data directory, every change is logged before
 * it is acknowledged and recovered on the next start. See {@link EngineConfig} for the choices
 * and {@link Faults} for the faults.
 *
 * <p>Every method answers as DynamoDB would, and fails with a {@link DynamoException} whose
 * {@link keystorm.engine.api.ErrorType} is DynamoDB's name for the error.
 */
public final class Engine implements AutoCloseable {
    private final EngineConfig config;
    private final SkewedClock clock;
    private final ConcurrentHashMap<String, LiveTable> tables = new ConcurrentHashMap<>();
    private final Object tablesLock = new Object();
    private final IdempotencyTokens tokens;
    private final Faults faults = new Faults(new FaultView());
    private final Environment operations = new OperationsView();
    /** PartiQL (issue 17): statements on this engine's item API, a table's schema found as item operations find it. */
    private final keystorm.engine.partiql.PartiqlOperations partiql =
            new keystorm.engine.partiql.PartiqlOperations(this, name -> table(name).schema());
    private final WriteAheadLog log;
    private final Recovery.Report recovery;
    private final PartitionMap.Environment environment;
    /** Time to Live's background deletion of expired items (see {@link TimeToLive}). */
    private final TimeToLive timeToLive;
    private volatile boolean crashed;
    /** The insights recorder's observer, or null (then an operation's only cost is the null check). */
    private volatile RequestObserver observer;
    private final Object observerLock = new Object();
    /** Test seam: run by a write transaction once all its items are marked (tests hold it in flight there). */
    volatile Runnable transactionInFlight;
    private volatile long spikeExtraNanos;
    private volatile long spikeUntilNanos;

    /** An in-memory engine on the system clock. */
    public Engine() {
        this(EngineConfig.inMemory());
    }

    /** An in-memory engine on the given clock. */
    public Engine(Clock clock) {
        this(EngineConfig.inMemory().withClock(clock));
    }

    /**
     * An engine as configured. With a data directory, recovers what the directory holds first
     * (see {@link #recovery()}); throws {@link UncheckedIOException} if it cannot be read.
     */
    public Engine(EngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = new SkewedClock(config.clock());
        this.tokens = new IdempotencyTokens(clock, config.scheduler(), config.limits());
        this.environment = new PartitionMap.Environment() {
            public Clock clock() {
                return clock;
            }

            public Limits limits() {
                return config.limits();
            }

            public ReplicaLag lag() {
                return config.replicaLag();
            }

            public long lagSpikeNanos(long nowNanos) {
                return spikeUntilNanos - nowNanos > 0 ? spikeExtraNanos : 0;
            }

            public boolean noThrottle() {
                return !config.throttling() || config.has(Bug.NO_THROTTLE);
            }

            public Scheduler scheduler() {
                return config.scheduler();
            }

            public boolean adaptiveCapacity() {
                return config.adaptiveCapacity();
            }

            public boolean splitForHeat() {
                return config.splitForHeat();
            }

            public MeterObserver meterObserver() {
                return observer;
            }
        };
        this.timeToLive = new TimeToLive(config, clock, () -> new ArrayList<>(tables.values()), () -> crashed);
        if (config.dataDir() == null) {
            this.log = null;
            this.recovery = null;
            return;
        }
        try {
            this.recovery = Recovery.recover(config.dataDir(), this::replay);
            for (LiveTable table : tables.values()) {
                table.partitions.resyncFollowers(table.data);
                table.data.catchUpIndexes(true); // the recovered writes were acknowledged before the crash
            }
            // The seeded bug acknowledges a write as soon as it is queued, and writes and fsyncs its log
            // once a second (an "fsync every second" store that calls itself synchronous): a crash, or
            // a kill -9, loses what was acknowledged since the last flush.
            boolean ackBeforeSync = config.syncPolicy() == SyncPolicy.ALWAYS && config.has(Bug.ACK_BEFORE_SYNC);
            this.log = WriteAheadLog.open(config.dataDir(), recovery.nextSegment(),
                    ackBeforeSync ? SyncPolicy.BATCH : config.syncPolicy(),
                    ackBeforeSync ? Math.max(1_000, config.batchMillis()) : config.batchMillis(), config.snapshotBytes(),
                    config.limits().logBufferBytesMax(), config.scheduler(), this::writeSnapshot);
            // only now: a deletion during recovery would not be logged (the log was not open yet)
            if (tables.values().stream().anyMatch(table -> table.timeToLive.enabled())) {
                timeToLive.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory " + config.dataDir(), e);
        }
    }

    public EngineConfig config() {
        return config;
    }

    /** The engine's clock: the configured one, moved by any clock-skew fault. */
    public Clock clock() {
        return clock;
    }

    public Faults faults() {
        return faults;
    }

    /** What recovery found in the data directory; null for an in-memory engine. */
    public Recovery.Report recovery() {
        return recovery;
    }

    /** fsyncs of the write-ahead log so far (0 in memory). */
    public long fsyncs() {
        return log == null ? 0 : log.fsyncs();
    }

    /** Waits for a snapshot of the log in progress, if any (tests, tools). */
    public void awaitSnapshot() {
        if (log != null) {
            log.awaitSnapshot();
        }
    }

    /**
     * Whether the engine has stopped (closed, or crashed by the fault): it then refuses every request
     * at once, before touching anything, with InternalServerError.
     */
    public boolean stopped() {
        return crashed;
    }

    /** Flushes and closes the log. The engine answers nothing afterwards. */
    @Override
    public void close() {
        crashed = true;
        timeToLive.close();
        if (log != null) {
            log.close();
        }
    }

    // ---- tables

    public TableDescription createTable(CreateTableRequest request) {
        return createTable(request, config.partitionsPerTable());
    }

    /** CreateTable with its Tags (checked as TagResource checks them; the table is not created if they fail). */
    public TableDescription createTable(CreateTableRequest request, List<Tag> tags) {
        return createTable(request, config.partitionsPerTable(), tags);
    }

    /** CreateTable with a partition count set outright ({@code 0}: DynamoDB's rule). */
    public TableDescription createTable(CreateTableRequest request, int partitions) {
        return createTable(request, partitions, List.of());
    }

    private TableDescription createTable(CreateTableRequest request, int partitions, List<Tag> tags) {
        refuseStreams(request.streamSpecification());
        checkOpen();
        return createTable(TableSchema.of(request, config.limits()), partitions, tags);
    }

    /** CreateTable of an already validated schema (tests that build their indexes by hand). */
    TableDescription createTable(TableSchema schema, int partitions) {
        return createTable(schema, partitions, List.of());
    }

    private TableDescription createTable(TableSchema schema, int partitions, List<Tag> tags) {
        checkOpen();
        java.util.TreeMap<String, String> tagged = tags == null || tags.isEmpty() ? new java.util.TreeMap<>()
                : Tags.add(new java.util.TreeMap<>(), tags);
        synchronized (tablesLock) {
            purgeDeleted();
            if (tables.containsKey(schema.name())) {
                throw DynamoException.resourceInUse("Table already exists: " + schema.name());
            }
            int tablesMax = config.limits().tablesMax();
            if (tables.size() >= tablesMax) {
                throw new DynamoException(ErrorType.LimitExceededException, "Subscriber limit exceeded: the engine "
                        + "holds " + tables.size() + " tables, the most it may (Limits.tablesMax = " + tablesMax + ")");
            }
            int count = partitions > 0 ? partitions : PartitionMap.defaultCount(schema, config.limits());
            long created = clock.epochMillis();
            logAndWait(new LogRecord.CreateTable(schema, count, created));
            if (!tagged.isEmpty()) {
                logAndWait(new LogRecord.Tags(schema.name(), tagged));
            }
            LiveTable table = newTable(schema, count, created, config.tableStatusDelayNanos());
            table.state.setTags(tagged);
            tables.put(schema.name(), table);
            return describe(table);
        }
    }

    private LiveTable newTable(TableSchema schema, int partitions, long createdMillis, long statusDelayNanos) {
        Table data = new Table(schema, Instant.ofEpochMilli(createdMillis), clock, config.globalIndexLagNanos());
        LiveTable table = new LiveTable(data, new PartitionMap(data, partitions, environment,
                config.seed() ^ schema.name().hashCode()), operations,
                new TableState(clock.nanoTime(), statusDelayNanos));
        if (config.scheduler().simulated()) {
            table.expiryWatch = timeToLive; // the simulation's sweep task arms itself for each item falling due
        }
        return table;
    }

    /** DescribeTable: also of a table CREATING, UPDATING or DELETING, with that status. */
    public TableDescription describeTable(String tableName) {
        return describe(existing(tableName));
    }

    /**
     * DeleteTable: the table is DELETING for {@link EngineConfig#tableStatusDelayNanos()} (gone at once without a
     * delay: the description answered says DELETING either way), refusing item operations meanwhile. A table
     * CREATING or UPDATING is ResourceInUseException; one already DELETING answers its description again.
     */
    public TableDescription deleteTable(String tableName) {
        checkOpen();
        TableSchema.checkTableName(tableName);
        synchronized (tablesLock) {
            LiveTable table = existing(tableName);
            long now = clock.nanoTime();
            TableStatus status = table.state.status(now);
            if (status == TableStatus.CREATING || status == TableStatus.UPDATING) {
                throw inUse(tableName, status);
            }
            if (status == TableStatus.ACTIVE) {
                // inside every item lock: a write in flight logs before the DeleteTable, one waiting for its
                // lock finds the table dropped (recovery must never meet a write after its table's deletion)
                table.data.lockedAll(() -> {
                    logAndWait(new LogRecord.DeleteTable(tableName));
                    table.data.drop();
                });
                table.state.change(TableStatus.DELETING, now, config.tableStatusDelayNanos());
                if (table.state.gone(now)) {
                    tables.remove(tableName);
                }
            }
            return describe(table);
        }
    }

    /**
     * UpdateTable: billing mode, the table's provisioned throughput (its partitions' capacity follows at once)
     * and its global indexes' throughputs, with DynamoDB's limits ({@link TableUpdates}). The table is UPDATING
     * for {@link EngineConfig#tableStatusDelayNanos()}; another UpdateTable or a DeleteTable meanwhile is
     * ResourceInUseException. GlobalSecondaryIndexUpdates Create builds the new index from the table's items (CREATING
     * and Backfilling for the same time) and Delete drops one, one of them per call.
     */
    public TableDescription updateTable(UpdateTableRequest request) {
        checkOpen();
        refuseStreams(request.streamSpecification());
        TableSchema.checkTableName(request.tableName());
        synchronized (tablesLock) {
            LiveTable table = existing(request.tableName());
            long now = clock.nanoTime();
            TableStatus status = table.state.status(now);
            if (status != TableStatus.ACTIVE) {
                throw inUse(request.tableName(), status);
            }
            long nowMillis = clock.epochMillis();
            TableUpdates.Change change = TableUpdates.plan(table.schema(), table.state, request, nowMillis,
                    config.limits());
            // an index change first: replayed, the throughput record after it finds the index it names
            if (change.create() != null) {
                IndexSchemaOf created = new IndexSchemaOf(change.schema().index(change.create().indexName()));
                logAndWait(new LogRecord.IndexChange(table.name(), created.index(), null));
                changeIndexes(table, created.index(), null);
                table.state.indexCreating(created.index().name(), now, config.tableStatusDelayNanos());
            } else if (change.delete() != null) {
                logAndWait(new LogRecord.IndexChange(table.name(), null, change.delete().indexName()));
                changeIndexes(table, null, change.delete().indexName());
                table.state.indexDeleted(change.delete().indexName());
            }
            LogRecord.UpdateTable record = updateRecord(change.schema(), nowMillis);
            logAndWait(record);
            apply(table, change, nowMillis);
            table.state.change(TableStatus.UPDATING, now, config.tableStatusDelayNanos());
            return describe(table);
        }
    }

    private record IndexSchemaOf(keystorm.engine.table.IndexSchema index) {
        IndexSchemaOf {
            Objects.requireNonNull(index, "the planned schema holds the created index");
        }
    }

    /**
     * Creates (backfilled from every item now in the table) or deletes a global index, with every item's lock
     * held: no write falls between the backfill and the index taking writes, and the schema that checks writes
     * (an index key of the wrong type) changes with it.
     */
    private static void changeIndexes(LiveTable table, keystorm.engine.table.IndexSchema created, String deleted) {
        table.data.catchUpIndexes(true);
        table.data.lockedAll(() -> {
            TableSchema schema = table.schema();
            List<keystorm.engine.table.IndexSchema> indexes = new ArrayList<>(schema.indexes());
            if (created != null) {
                table.data.addIndex(created);
                indexes.add(created);
            } else {
                table.data.removeIndex(deleted);
                indexes.removeIf(index -> index.name().equals(deleted));
            }
            table.data.reschema(schema.withIndexes(indexes));
        });
    }

    private static LogRecord.UpdateTable updateRecord(TableSchema schema, long nowMillis) {
        java.util.Map<String, keystorm.engine.api.ProvisionedThroughput> indexes = new java.util.LinkedHashMap<>();
        for (keystorm.engine.table.IndexSchema index : schema.indexes()) {
            if (index.isGlobal()) {
                indexes.put(index.name(), index.provisionedThroughput());
            }
        }
        return new LogRecord.UpdateTable(schema.name(), schema.billingMode(), schema.provisionedThroughput(), indexes,
                nowMillis);
    }

    /** Installs an UpdateTable's new schema, its partitions' capacity and its history. */
    private static void apply(LiveTable table, TableUpdates.Change change, long nowMillis) {
        table.data.reschema(change.schema());
        table.partitions.reprovision(change.schema());
        for (String resource : change.decreased()) {
            table.state.recordDecrease(resource, nowMillis);
        }
        for (String resource : change.increased()) {
            table.state.recordIncrease(resource, nowMillis);
        }
        if (change.toOnDemand()) {
            table.state.recordSwitchToOnDemand(nowMillis);
        }
    }

    /** An UpdateTable replayed over the schema it changed: the same schema and history as when it ran. */
    private void replayUpdate(LogRecord.UpdateTable update) {
        LiveTable table = tables.get(update.tableName());
        if (table == null) {
            throw new IllegalStateException("the log updates table " + update.tableName() + ", which it never created");
        }
        TableSchema schema = table.schema();
        List<keystorm.engine.table.IndexSchema> indexes = new ArrayList<>();
        List<keystorm.engine.api.GlobalSecondaryIndexUpdate> updates = new ArrayList<>();
        for (keystorm.engine.table.IndexSchema index : schema.indexes()) {
            if (index.isGlobal() && update.indexThroughputs().containsKey(index.name())) {
                indexes.add(index.withProvisionedThroughput(update.indexThroughputs().get(index.name())));
            } else {
                indexes.add(index);
            }
        }
        TableSchema next = new TableSchema(schema.name(), schema.hashKey(), schema.hashKeyType(), schema.rangeKey(),
                schema.rangeKeyType(), update.billingMode(), update.provisionedThroughput(), indexes);
        List<String> decreased = new ArrayList<>();
        List<String> increased = new ArrayList<>();
        compare(TableState.TABLE, schema.provisionedThroughput(), next.provisionedThroughput(), decreased, increased);
        for (int i = 0; i < indexes.size(); i++) {
            compare(indexes.get(i).name(), schema.indexes().get(i).provisionedThroughput(),
                    indexes.get(i).provisionedThroughput(), decreased, increased); // same order: only throughputs differ
        }
        apply(table, new TableUpdates.Change(next, decreased, increased, schema.billingMode()
                == keystorm.engine.api.BillingMode.PROVISIONED && next.billingMode()
                == keystorm.engine.api.BillingMode.PAY_PER_REQUEST, null, null), update.updatedMillis());
    }

    private static void compare(String resource, keystorm.engine.api.ProvisionedThroughput before,
                                keystorm.engine.api.ProvisionedThroughput after, List<String> decreased,
                                List<String> increased) {
        if (before == null || after == null) {
            return;
        }
        if (after.readCapacityUnits() < before.readCapacityUnits()
                || after.writeCapacityUnits() < before.writeCapacityUnits()) {
            decreased.add(resource);
        }
        if (after.readCapacityUnits() > before.readCapacityUnits()
                || after.writeCapacityUnits() > before.writeCapacityUnits()) {
            increased.add(resource);
        }
    }

    // ---- tags

    /** TagResource: adds tags to the table {@code resourceArn} names, or replaces the values of keys it has. */
    public void tagResource(String resourceArn, List<Tag> tags) {
        retag(resourceArn, current -> Tags.add(current, tags));
    }

    /** UntagResource: removes the tags of these keys (keys the table does not have are no error). */
    public void untagResource(String resourceArn, List<String> tagKeys) {
        retag(resourceArn, current -> Tags.remove(current, tagKeys));
    }

    /** ListTagsOfResource: the table's tags in key order, a page at a time. */
    public keystorm.engine.api.ListTagsOfResourceResponse listTagsOfResource(String resourceArn, String nextToken) {
        return listTagsOfResource(resourceArn, nextToken, Tags.PAGE_MAX);
    }

    keystorm.engine.api.ListTagsOfResourceResponse listTagsOfResource(String resourceArn, String nextToken,
                                                                      int pageMax) {
        checkOpen();
        return Tags.page(tagged(resourceArn).state.tags(), nextToken, pageMax);
    }

    private void retag(String resourceArn, java.util.function.UnaryOperator<java.util.TreeMap<String, String>> change) {
        checkOpen();
        synchronized (tablesLock) {
            LiveTable table = tagged(resourceArn);
            java.util.TreeMap<String, String> next = change.apply(table.state.tags());
            logAndWait(new LogRecord.Tags(table.name(), next));
            table.state.setTags(next);
        }
    }

    /** The table an ARN names, whatever its status but gone. */
    private LiveTable tagged(String resourceArn) {
        String name = Tags.tableOf(resourceArn);
        LiveTable table = tables.get(name);
        if (table == null || table.state.gone(clock.nanoTime())) {
            throw Tags.notFound(resourceArn);
        }
        return table;
    }

    // ---- limits

    /**
     * DescribeLimits: DynamoDB's default quotas, as this engine enforces them: a table (with its indexes) at most
     * {@link Limits#tableUnitsMax()} read and write units, an account {@link TableUpdates#ACCOUNT_UNITS_MAX}.
     */
    public keystorm.engine.api.DescribeLimitsResponse describeLimits() {
        checkOpen();
        long table = config.limits().tableUnitsMax();
        return new keystorm.engine.api.DescribeLimitsResponse(TableUpdates.ACCOUNT_UNITS_MAX,
                TableUpdates.ACCOUNT_UNITS_MAX, table, table);
    }

    /** Table names in order, a page at a time ({@code limit} 1 to 100, null for 100). */
    public ListTablesResponse listTables(String exclusiveStartTableName, Integer limit) {
        checkOpen();
        int limitMax = config.limits().listTablesLimitMax();
        if (limit != null && (limit < 1 || limit > limitMax)) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                    + "satisfy constraint: Member must have value less than or equal to " + limitMax
                    + " and greater than or equal to 1");
        }
        int pageSize = limit == null ? limitMax : limit;
        purgeDeleted();
        TreeSet<String> names = new TreeSet<>(tables.keySet());
        List<String> page = new ArrayList<>();
        for (String name : exclusiveStartTableName == null ? names : names.tailSet(exclusiveStartTableName, false)) {
            if (page.size() == pageSize) {
                return new ListTablesResponse(page, page.getLast());
            }
            page.add(name);
        }
        return new ListTablesResponse(page, null);
    }

    // ---- items
    //
    // Each operation resolves its table first; with an insights recorder attached it runs inside an
    // observation (see observed), and without one it costs a null check.

    public WriteResponse putItem(PutItemRequest request) {
        LiveTable table = table(request.tableName());
        RequestObserver seen = observer;
        return seen == null ? ItemOperations.put(table, request)
                : observed(seen, Operation.PUT_ITEM, table.name(), () -> ItemOperations.put(table, request), null);
    }

    public GetItemResponse getItem(GetItemRequest request) {
        LiveTable table = table(request.tableName());
        RequestObserver seen = observer;
        return seen == null ? ItemOperations.get(table, request)
                : observed(seen, Operation.GET_ITEM, table.name(), () -> ItemOperations.get(table, request),
                        (r, o) -> o.items(table.name(), r.item() == null ? 0 : 1, -1));
    }

    public WriteResponse updateItem(UpdateItemRequest request) {
        LiveTable table = table(request.tableName());
        RequestObserver seen = observer;
        return seen == null ? ItemOperations.update(table, request)
                : observed(seen, Operation.UPDATE_ITEM, table.name(), () -> ItemOperations.update(table, request), null);
    }

    public WriteResponse deleteItem(DeleteItemRequest request) {
        LiveTable table = table(request.tableName());
        RequestObserver seen = observer;
        return seen == null ? ItemOperations.delete(table, request)
                : observed(seen, Operation.DELETE_ITEM, table.name(), () -> ItemOperations.delete(table, request), null);
    }

    public PageResponse query(QueryRequest request) {
        LiveTable table = table(request.tableName());
        checkIndexReadable(table, request.indexName());
        RequestObserver seen = observer;
        return seen == null ? PageOperations.query(table, request, config.limits())
                : observed(seen, Operation.QUERY, table.name(), () -> PageOperations.query(table, request, config.limits()),
                        (r, o) -> o.items(table.name(), r.count(), r.scannedCount()));
    }

    public PageResponse scan(ScanRequest request) {
        LiveTable table = table(request.tableName());
        checkIndexReadable(table, request.indexName());
        RequestObserver seen = observer;
        return seen == null ? PageOperations.scan(table, request, config.limits())
                : observed(seen, Operation.SCAN, table.name(), () -> PageOperations.scan(table, request, config.limits()),
                        (r, o) -> o.items(table.name(), r.count(), r.scannedCount()));
    }

    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        checkOpen();
        RequestObserver seen = observer;
        return seen == null ? BatchOperations.get(request, this::table, config.limits())
                : observed(seen, Operation.BATCH_GET_ITEM, null, () -> BatchOperations.get(request, this::table,
                        config.limits()), (r, o) -> r.responses().forEach((t, items) -> o.items(t, items.size(), -1)),
                        request.requestItems().keySet());
    }

    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        checkOpen();
        RequestObserver seen = observer;
        return seen == null ? BatchOperations.write(request, this::table, config.limits())
                : observed(seen, Operation.BATCH_WRITE_ITEM, null, () -> BatchOperations.write(request, this::table,
                        config.limits()), (r, o) -> request.requestItems().keySet().forEach(t -> o.items(t, 0, -1)),
                        request.requestItems().keySet());
    }

    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        checkOpen();
        RequestObserver seen = observer;
        return seen == null ? TransactOperations.write(operations, request, this::table)
                : observed(seen, Operation.TRANSACT_WRITE_ITEMS, null, () -> TransactOperations.write(operations,
                        request, this::table), (r, o) -> request.transactItems().forEach(i -> o.items(i.tableName(), 0, -1)),
                        transactTables(request.transactItems()));
    }

    // ---- DynamoDB Streams (issue 16)

    public keystorm.engine.api.ListStreamsResponse listStreams(keystorm.engine.api.ListStreamsRequest request) {
        throw streamsNotServed("ListStreams");
    }

    public keystorm.engine.api.StreamDescription describeStream(keystorm.engine.api.DescribeStreamRequest request) {
        throw streamsNotServed("DescribeStream");
    }

    /** The iterator, an opaque string that GetRecords takes. */
    public String getShardIterator(keystorm.engine.api.GetShardIteratorRequest request) {
        throw streamsNotServed("GetShardIterator");
    }

    public keystorm.engine.api.GetRecordsResponse getRecords(keystorm.engine.api.GetRecordsRequest request) {
        throw streamsNotServed("GetRecords");
    }

    /**
     * DynamoDB Streams are not served yet (issue 16): a StreamSpecification that enables a stream is refused,
     * rather than accepted and silently left without one; a disabled one is what every table has.
     */
    private static void refuseStreams(keystorm.engine.api.StreamSpecification specification) {
        if (specification != null && specification.streamEnabled()) {
            throw DynamoException.validation("keystorm does not serve DynamoDB Streams yet: "
                    + "StreamSpecification with StreamEnabled true is refused");
        }
    }

    private static DynamoException streamsNotServed(String operation) {
        return new DynamoException(keystorm.engine.api.ErrorType.UnknownOperationException,
                "keystorm does not serve DynamoDB Streams yet: " + operation);
    }

    // ---- Time to Live (issue 16)

    /**
     * UpdateTimeToLive: enables Time to Live on an attribute, or disables it, with DynamoDB's rules ({@link
     * TimeToLive#plan}): an AttributeName of 1 to 255 characters; enabling when enabled, disabling when disabled
     * or naming another attribute than the enabled one are ValidationExceptions; and one change per table per
     * {@link EngineConfig#ttlChangeIntervalNanos()} (an hour). The status is ENABLING or DISABLING for {@link
     * EngineConfig#tableStatusDelayNanos()} (none by default: ENABLED at once, as DynamoDB Local answers). Answers
     * the specification as asked. A table being created is ResourceInUseException.
     */
    public keystorm.engine.api.TimeToLiveSpecification updateTimeToLive(String tableName,
            keystorm.engine.api.TimeToLiveSpecification specification) {
        checkOpen();
        Objects.requireNonNull(specification, "specification");
        TimeToLive.checkAttributeName(specification.attributeName());
        TableSchema.checkTableName(tableName);
        synchronized (tablesLock) {
            LiveTable table = existing(tableName);
            TableStatus status = table.state.status(clock);
            if (status == TableStatus.DELETING) {
                throw notFound(tableName);
            }
            if (status == TableStatus.CREATING) {
                throw inUse(tableName, status);
            }
            long nowMillis = clock.epochMillis();
            TimeToLive.Setting next = TimeToLive.plan(table.timeToLive, specification, nowMillis,
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(config.ttlChangeIntervalNanos()));
            logAndWait(new LogRecord.TimeToLive(table.name(), next.attributeName(), next.enabled(), nowMillis));
            table.timeToLive = next;
            if (next.enabled()) {
                timeToLive.start();
            }
            return new keystorm.engine.api.TimeToLiveSpecification(next.attributeName(), next.enabled());
        }
    }

    /** DescribeTimeToLive: DISABLED (without an AttributeName) until UpdateTimeToLive enables it. */
    public keystorm.engine.api.TimeToLiveDescription describeTimeToLive(String tableName) {
        TableSchema.checkTableName(tableName);
        LiveTable table = existing(tableName);
        return table.timeToLive.describe(clock.epochMillis(), timeToLive.settleMillis());
    }

    /**
     * Runs one Time to Live sweep on the caller's thread (tests on a ManualClock); answers when the next pending
     * item falls due, epoch milliseconds ({@link TimeToLive#NEVER}: none).
     */
    long sweepNow() {
        return timeToLive.sweepNow();
    }

    /** The Time to Live sweep (tests). */
    TimeToLive timeToLive() {
        return timeToLive;
    }

    // ---- PartiQL (issue 17)

    // Each statement becomes the item API's own requests (keystorm.engine.partiql.PartiqlOperations), so
    // every guarantee, metering and observation underneath is the item API's.

    public keystorm.engine.api.ExecuteStatementResponse executeStatement(
            keystorm.engine.api.ExecuteStatementRequest request) {
        checkOpen();
        return partiql.execute(request);
    }

    public keystorm.engine.api.BatchExecuteStatementResponse batchExecuteStatement(
            keystorm.engine.api.BatchExecuteStatementRequest request) {
        checkOpen();
        return partiql.batch(request);
    }

    public keystorm.engine.api.ExecuteTransactionResponse executeTransaction(
            keystorm.engine.api.ExecuteTransactionRequest request) {
        checkOpen();
        return partiql.transaction(request);
    }

    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        checkOpen();
        RequestObserver seen = observer;
        return seen == null ? TransactOperations.get(operations, request, this::table)
                : observed(seen, Operation.TRANSACT_GET_ITEMS, null, () -> TransactOperations.get(operations, request,
                        this::table), (r, o) -> {
                    for (int i = 0; i < r.responses().size(); i++) {
                        o.items(request.transactItems().get(i).tableName(), r.responses().get(i) == null ? 0 : 1, -1);
                    }
                }, transactTables(request.transactItems()));
    }

    /**
     * Runs one request inside an observation: the metering of its partitions lands in it as it
     * happens, {@code answered} reports what it returned, and the observation ends in every case. A
     * request that names one table counts on it whatever happened; a batch or transaction that failed
     * (a cancelled transaction meters nothing) counts on the tables it names, unless it was refused
     * as malformed or for a table that does not exist.
     */
    private <R> R observed(RequestObserver observer, Operation operation, String tableName,
                           java.util.function.Supplier<R> call,
                           java.util.function.BiConsumer<R, RequestObserver.Observation> answered) {
        return observed(observer, operation, tableName, call, answered, null);
    }

    private <R> R observed(RequestObserver observer, Operation operation, String tableName,
                           java.util.function.Supplier<R> call,
                           java.util.function.BiConsumer<R, RequestObserver.Observation> answered,
                           java.util.Collection<String> named) {
        RequestObserver.Observation observation = observer.begin(operation);
        try {
            R response = call.get();
            if (answered != null) {
                answered.accept(response, observation);
            } else if (tableName != null) {
                observation.items(tableName, 0, -1);
            }
            return response;
        } catch (DynamoException e) {
            if (tableName != null) {
                observation.items(tableName, 0, -1);
            } else if (named != null && e.type() != ErrorType.ValidationException
                    && e.type() != ErrorType.ResourceNotFoundException) {
                for (String name : named) {
                    if (tables.containsKey(name)) {
                        observation.items(name, 0, -1);
                    }
                }
            }
            observation.failed(e);
            throw e;
        } finally {
            observation.end();
        }
    }

    private static java.util.Set<String> transactTables(List<?> items) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Object item : items) {
            String name = switch (item) {
                case keystorm.engine.api.TransactWriteItem write -> write.tableName();
                case keystorm.engine.api.TransactGetItem get -> get.tableName();
                case null, default -> null;
            };
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    // ---- metrics

    /** Each partition's consumed and throttled units and its replicas, read while the engine runs. */
    public List<Partition.Metrics> partitionMetrics(String tableName) {
        return table(tableName).partitions.metrics();
    }

    /**
     * A global secondary index's own partitions (its reads, and the index writes of its table's writes), or an
     * empty list for an index never metered yet or a local index (whose units are the table's partitions').
     */
    public List<Partition.Metrics> indexPartitionMetrics(String tableName, String indexName) {
        PartitionMap index = table(tableName).partitions.index(indexName);
        return index == null ? List.of() : index.metrics();
    }

    /** The {@code n} partition-key values with the most units consumed and throttled. */
    public List<KeyCounters.KeyUsage> hotKeys(String tableName, int n) {
        return table(tableName).partitions.keys().top(n);
    }

    /** The tables' names, in order; answered also once the engine has stopped (the insights recorder's last sample). */
    public List<String> tableNames() {
        purgeDeleted();
        return new ArrayList<>(new TreeSet<>(tables.keySet()));
    }

    /**
     * Attaches the insights recorder's observer (null detaches it): every item operation is then
     * observed, and every metering decision of every table's partitions reported to it. One at a
     * time; see {@link keystorm.engine.insights.InsightsRecorder#attach}.
     */
    public void observe(RequestObserver observer) {
        synchronized (observerLock) {
            this.observer = observer;
        }
    }

    /** Detaches {@code observer} if it is the one attached (a recorder closed after another replaced it leaves that one be). */
    public void unobserve(RequestObserver observer) {
        synchronized (observerLock) {
            if (this.observer == observer) {
                this.observer = null;
            }
        }
    }

    /**
     * ReturnItemCollectionMetrics SIZE: the item collection of the partition-key value in {@code keyOrItem} (a key
     * or a whole item) now, or null when the table has no local secondary index (DynamoDB answers none then).
     */
    public keystorm.engine.api.ItemCollectionMetrics itemCollectionMetrics(String tableName,
            java.util.Map<String, keystorm.engine.item.AttributeValue> keyOrItem) {
        LiveTable live = table(tableName);
        TableSchema schema = live.schema();
        boolean local = schema.indexes().stream().anyMatch(index -> !index.isGlobal());
        keystorm.engine.item.AttributeValue hashKey = keyOrItem == null ? null : keyOrItem.get(schema.hashKey());
        if (!local || hashKey == null) {
            return null;
        }
        return keystorm.engine.api.ItemCollectionMetrics.of(schema.hashKey(), hashKey,
                live.data.collectionBytes(hashKey));
    }

    /** The partitions of a table (for tests and experiments that look at one). */
    public PartitionMap partitions(String tableName) {
        return table(tableName).partitions;
    }

    // ---- for operations and faults

    /** The ClientRequestTokens held (tests). */
    IdempotencyTokens tokens() {
        return tokens;
    }

    /** Logs a change and, under sync policy {@code always}, waits until it is on disk. */
    private void logAndWait(LogRecord record) {
        if (log == null) {
            return;
        }
        long seq = log.append(record);
        if (config.syncPolicy() == SyncPolicy.ALWAYS && !config.has(Bug.ACK_BEFORE_SYNC)) {
            log.awaitDurable(seq);
        }
    }

    /**
     * What the operations, the tables and the transactions may reach, and nothing more: the log,
     * the bugs, the scheduler, the idempotency tokens, the limits.
     */
    private final class OperationsView implements Environment {
        public void logAndWait(LogRecord record) {
            Engine.this.logAndWait(record);
        }

        public boolean has(Bug bug) {
            return config.has(bug);
        }

        public Scheduler scheduler() {
            return config.scheduler();
        }

        public IdempotencyTokens tokens() {
            return tokens;
        }

        public Limits limits() {
            return config.limits();
        }

        public Runnable transactionInFlight() {
            return transactionInFlight;
        }
    }

    /**
     * What the faults may reach, and nothing more: {@link Faults} lives in its own package and
     * is handed this view instead of the engine.
     */
    private final class FaultView implements FaultTarget {
        public TableParts table(String name) {
            LiveTable live = Engine.this.table(name);
            return new TableParts(live.data, live.partitions);
        }

        public List<String> tableNames() {
            return Engine.this.tableNames();
        }

        public boolean has(Bug bug) {
            return config.has(bug);
        }

        public void lagSpike(long extraNanos, long lengthNanos) {
            spikeExtraNanos = extraNanos;
            spikeUntilNanos = clock.nanoTime() + lengthNanos;
        }

        public void skewClock(long offsetNanos) {
            clock.setSkewNanos(offsetNanos);
        }

        public void crash() {
            crashed = true;
            if (log != null) {
                log.crash();
            }
        }
    }

    private void checkOpen() {
        if (crashed) {
            throw new DynamoException(ErrorType.InternalServerError, "Internal server error: the engine has stopped");
        }
    }

    /** A table as the operations see it (tests that look at its indexes). */
    LiveTable live(String tableName) {
        return table(tableName);
    }

    /**
     * A table item operations may use: ACTIVE or UPDATING. One CREATING or DELETING is ResourceNotFoundException,
     * as DynamoDB answers for a table whose "status might not be ACTIVE".
     */
    private LiveTable table(String tableName) {
        LiveTable table = existing(tableName);
        TableStatus status = table.state.status(clock);
        if (status == TableStatus.CREATING || status == TableStatus.DELETING) {
            throw notFound(tableName);
        }
        return table;
    }

    /** A table whatever its status, unless a deletion is done: then it is dropped and ResourceNotFoundException. */
    private LiveTable existing(String tableName) {
        checkOpen();
        LiveTable table = tableName == null ? null : tables.get(tableName);
        if (table != null && table.state.gone(clock)) {
            tables.remove(tableName, table);
            table = null;
        }
        if (table == null) {
            TableSchema.checkTableName(tableName); // a table's name was checked when it was created
            throw notFound(tableName);
        }
        return table;
    }

    /** A global index UpdateTable created is not read until its backfill is done (it is ACTIVE). */
    private void checkIndexReadable(LiveTable table, String indexName) {
        if (indexName != null && table.state.isCreating(indexName, clock)) {
            throw DynamoException.validation("Cannot read from backfilling global secondary index: " + indexName);
        }
    }

    /** Drops the tables whose DELETING time has passed. */
    private void purgeDeleted() {
        long now = clock.nanoTime();
        tables.values().removeIf(table -> table.state.gone(now));
    }

    private static DynamoException inUse(String tableName, TableStatus status) {
        String doing = switch (status) {
            case CREATING -> "created";
            case UPDATING -> "updated";
            case DELETING -> "deleted";
            case ACTIVE -> throw new IllegalArgumentException("an ACTIVE table is not in use");
        };
        return DynamoException.resourceInUse("Attempt to change a resource which is still in use: Table is being "
                + doing + ": " + tableName);
    }

    /** Applies one recovered record; the table's followers are copied from it afterwards. */
    private void replay(LogRecord record) {
        switch (record) {
            case LogRecord.CreateTable create -> tables.put(create.schema().name(),
                    newTable(create.schema(), create.partitions(),
                            create.createdMillis() >= 0 ? create.createdMillis() : clock.epochMillis(), 0));
            case LogRecord.DeleteTable delete -> tables.remove(delete.tableName());
            case LogRecord.Write write -> replayWrite(write);
            case LogRecord.UpdateTable update -> replayUpdate(update);
            case LogRecord.IndexChange change -> {
                LiveTable table = tables.get(change.tableName());
                if (table == null) {
                    throw new IllegalStateException("the log changes an index of table " + change.tableName()
                            + ", which it never created");
                }
                replayIndexChange(table, change);
            }
            case LogRecord.Tags tags -> {
                LiveTable table = tables.get(tags.tableName());
                if (table == null) {
                    throw new IllegalStateException("the log tags table " + tags.tableName() + ", which it never created");
                }
                table.state.setTags(tags.tags());
            }
            case LogRecord.TimeToLive ttl -> {
                // a table the replay does not hold was deleted meanwhile, as for a write (see replayWrite): a
                // snapshot taken after its DeleteTable leaves it out, while the segment replayed after it still
                // holds an UpdateTimeToLive logged just before; the table ends deleted, its setting with it
                LiveTable table = tables.get(ttl.tableName());
                if (table != null) {
                    table.timeToLive = new TimeToLive.Setting(ttl.attributeName(), ttl.enabled(), ttl.changedMillis());
                }
            }
            case LogRecord.Transaction txn -> {
                txn.writes().forEach(this::replayWrite);
                if (txn.token() != null) {
                    tokens.restore(txn.token());
                }
            }
        }
    }

    /**
     * An IndexChange replayed over a snapshot may find its change made already: the snapshot reads the
     * tables' schemas after its barrier, so an UpdateTable logged in the next segment may be in it. A
     * create of an index the table has rebuilds it from the items (the records after it bring it up to
     * date, whatever the snapshot held); a delete of an index it lacks is done.
     */
    private static void replayIndexChange(LiveTable table, LogRecord.IndexChange change) {
        if (change.created() != null && table.schema().index(change.created().name()) != null) {
            changeIndexes(table, null, change.created().name());
        }
        if (change.deleted() != null && table.schema().index(change.deleted()) == null) {
            return;
        }
        changeIndexes(table, change.created(), change.deleted());
        if (change.deleted() != null) {
            table.state.indexDeleted(change.deleted());
        }
    }

    /**
     * A write to a table the replay does not hold is dropped: the log holds one only for a table
     * deleted meanwhile, either before the snapshot it is replayed over was taken (the snapshot leaves a
     * table out once DeleteTable is logged, while writes logged just before are still in the segment
     * replayed after it) or right after the write (a write that found the table before DeleteTable took
     * it away logs after it). Either way the table ends deleted, and its writes with it. A damaged log
     * is caught by its checksums, not here.
     */
    private void replayWrite(LogRecord.Write write) {
        LiveTable table = tables.get(write.tableName());
        if (table == null) {
            return;
        }
        table.data.locked(write.key().get(table.schema().hashKey()), () -> {
            Item previous = table.data.get(write.key());
            table.data.write(write.key(), previous, write.item());
            return null;
        });
    }

    /**
     * Writes a snapshot holding at least every change logged before {@code segment} began: once
     * every table has been locked whole once, every change logged before is installed (changes
     * are logged and installed inside their items' locks), and later ones are in later segments,
     * which recovery replays over the snapshot. The same holds for ClientRequestTokens, whose
     * completions are logged and completed inside the locks of their transactions' items: the
     * live ones follow the items, each as a transaction without writes.
     */
    private void writeSnapshot(int segment, WriteAheadLog.SnapshotWriter writer) throws IOException {
        List<LiveTable> all;
        synchronized (tablesLock) {
            all = new ArrayList<>(tables.values());
            // a DELETING table's DeleteTable is logged already: the snapshot must not bring it back
            all.removeIf(table -> table.state.status(clock) == TableStatus.DELETING);
            for (LiveTable table : all) {
                table.data.lockedAll(() -> {
                });
            }
        }
        for (LiveTable table : all) {
            writer.write(new LogRecord.CreateTable(table.schema(), table.partitions.count(),
                    table.data.creationDateTime().toEpochMilli()));
            java.util.TreeMap<String, String> tags = table.state.tags();
            if (!tags.isEmpty()) {
                writer.write(new LogRecord.Tags(table.name(), tags));
            }
            TimeToLive.Setting ttl = table.timeToLive;
            if (ttl.attributeName() != null) {
                writer.write(new LogRecord.TimeToLive(table.name(), ttl.attributeName(), ttl.enabled(),
                        ttl.changedMillis()));
            }
            for (Item item : table.items()) {
                writer.write(new LogRecord.Write(table.name(), table.schema().keyOf(item), item));
            }
        }
        for (LogRecord.CompletedToken token : tokens.live()) {
            writer.write(new LogRecord.Transaction(List.of(), token));
        }
    }

    private static DynamoException notFound(String tableName) {
        return DynamoException.resourceNotFound("Requested resource not found: Table: " + tableName + " not found");
    }

    /**
     * ItemCount and IndexSizeBytes of a table's secondary index, by name, for DescribeTable (a lagging
     * global index counts the changes due by now).
     */
    private static java.util.function.Function<String, keystorm.engine.api.IndexCounts> indexCounts(LiveTable table) {
        table.data.catchUpIndexes(false); // a lagging global index counts what is due by now
        return indexName -> {
            keystorm.engine.table.SecondaryIndex index = table.data.index(indexName);
            return index == null ? keystorm.engine.api.IndexCounts.NONE
                    : new keystorm.engine.api.IndexCounts(index.itemCount(), index.sizeBytes());
        };
    }

    private TableDescription describe(LiveTable live) {
        Table table = live.data;
        TableStatus status = live.state.status(clock.nanoTime());
        java.util.function.Function<String, keystorm.engine.api.IndexCounts> counts = indexCounts(live);
        TableSchema schema = table.schema();
        List<KeySchemaElement> keySchema = new ArrayList<>();
        keySchema.add(new KeySchemaElement(schema.hashKey(), KeyType.HASH));
        if (schema.hasRangeKey()) {
            keySchema.add(new KeySchemaElement(schema.rangeKey(), KeyType.RANGE));
        }
        // a stable id for this incarnation of the table: a table deleted and created again gets another
        String tableId = java.util.UUID.nameUUIDFromBytes((schema.name() + "@" + table.creationDateTime().toEpochMilli())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        String tableArn = "arn:aws:dynamodb:ddblocal:000000000000:table/" + schema.name();
        long now = clock.nanoTime();
        long nowMillis = clock.epochMillis();
        IndexDescriptions indexes = IndexDescriptions.of(schema, tableArn, counts, name -> live.state.isCreating(name, now)
                ? keystorm.engine.api.IndexStatus.CREATING : keystorm.engine.api.IndexStatus.ACTIVE,
                name -> live.state.history(name, nowMillis).numberOfDecreasesToday());
        return new TableDescription(schema.name(), tableArn,
                tableId, indexes.attributeDefinitions(), keySchema, status, table.creationDateTime(), schema.billingMode(),
                schema.provisionedThroughput(), table.itemCount(), table.sizeBytes(), indexes.globals(),
                indexes.locals(), live.state.history(TableState.TABLE, clock.epochMillis()));
    }
}
