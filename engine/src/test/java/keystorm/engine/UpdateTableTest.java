package keystorm.engine;

import static keystorm.engine.TableLifecycleTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GlobalSecondaryIndex;
import keystorm.engine.api.GlobalSecondaryIndexUpdate;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TableDescription;
import keystorm.engine.api.Tag;
import keystorm.engine.api.UpdateTableRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.ManualClock;
import keystorm.engine.wal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateTableTest {
    /** 2026-01-01T00:30:00Z, so that a test's hours stay inside one UTC day. */
    private final ManualClock clock = new ManualClock(1_767_227_400_000L);
    private final Engine engine = new Engine(clock);

    static CreateTableRequest provisioned(String name, long read, long write) {
        return new CreateTableRequest(name, List.of(new AttributeDefinition("pk", ScalarAttributeType.S)),
                List.of(new KeySchemaElement("pk", KeyType.HASH)), BillingMode.PROVISIONED,
                new ProvisionedThroughput(read, write));
    }

    static UpdateTableRequest throughput(long read, long write) {
        return UpdateTableRequest.throughput("tbl", new ProvisionedThroughput(read, write));
    }

    @Test
    void anUpdateTableMustAskForSomething() {
        engine.createTable(provisioned("tbl", 5, 5));
        assertError(() -> engine.updateTable(new UpdateTableRequest("tbl", List.of(), null, null, List.of())),
                ErrorType.ValidationException, "UpdateTable needs at least one of");
        assertError(() -> engine.updateTable(UpdateTableRequest.throughput("nope", new ProvisionedThroughput(1, 1))),
                ErrorType.ResourceNotFoundException, "nope not found");
    }

    @Test
    void throughputChangesAndTheSameFiguresAreRefused() {
        engine.createTable(provisioned("tbl", 5, 5));
        TableDescription updated = engine.updateTable(throughput(10, 20));
        assertThat(updated.provisionedThroughput()).isEqualTo(new ProvisionedThroughput(10, 20));
        assertThat(updated.throughputHistory().lastIncreaseDateTime()).isNotNull();
        assertThat(engine.describeTable("tbl").provisionedThroughput()).isEqualTo(new ProvisionedThroughput(10, 20));
        assertError(() -> engine.updateTable(throughput(10, 20)), ErrorType.ValidationException,
                "The provisioned throughput for the table will not change. The requested value equals the current "
                        + "value. Current ReadCapacityUnits provisioned for the table: 10. Requested ReadCapacityUnits: 10.");
        assertError(() -> engine.updateTable(throughput(0, 20)), ErrorType.ValidationException, "at least 1");
        assertError(() -> engine.updateTable(throughput(40_001, 20)), ErrorType.LimitExceededException,
                "Subscriber limit exceeded");
    }

    @Test
    void fourDecreasesADayThenOneAnHour() {
        engine.createTable(provisioned("tbl", 100, 100));
        for (int i = 1; i <= 4; i++) {
            TableDescription d = engine.updateTable(throughput(100 - i, 100));
            assertThat(d.throughputHistory().numberOfDecreasesToday()).isEqualTo(i);
        }
        assertError(() -> engine.updateTable(throughput(90, 100)), ErrorType.LimitExceededException,
                "Provisioned throughput decreases are limited within a given UTC day");
        // an increase is always allowed, and a decrease of one unit while the other increases is a decrease
        engine.updateTable(throughput(200, 200));
        assertError(() -> engine.updateTable(throughput(300, 100)), ErrorType.LimitExceededException,
                "Number of decreases today: 4");
        clock.advance(59, TimeUnit.MINUTES);
        assertError(() -> engine.updateTable(throughput(100, 100)), ErrorType.LimitExceededException, "decreases");
        clock.advance(1, TimeUnit.MINUTES);
        assertThat(engine.updateTable(throughput(100, 100)).throughputHistory().numberOfDecreasesToday()).isEqualTo(5);
        assertError(() -> engine.updateTable(throughput(99, 100)), ErrorType.LimitExceededException, "decreases");
        // a new UTC day starts the count again
        clock.advance(24, TimeUnit.HOURS);
        assertThat(engine.describeTable("tbl").throughputHistory().numberOfDecreasesToday()).isZero();
        for (int i = 1; i <= 4; i++) {
            engine.updateTable(throughput(100 - i, 100));
        }
    }

    @Test
    void billingModeSwitches() {
        engine.createTable(provisioned("tbl", 5, 5));
        assertError(() -> engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PAY_PER_REQUEST,
                new ProvisionedThroughput(5, 5))), ErrorType.ValidationException,
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        TableDescription onDemand = engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PAY_PER_REQUEST, null));
        assertThat(onDemand.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(onDemand.provisionedThroughput()).isNull();
        assertThat(onDemand.throughputHistory().lastUpdateToPayPerRequestDateTime())
                .isEqualTo(java.time.Instant.ofEpochMilli(clock.epochMillis()));
        assertError(() -> engine.updateTable(throughput(5, 5)), ErrorType.ValidationException,
                "when BillingMode is PAY_PER_REQUEST");
        assertError(() -> engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PROVISIONED, null)),
                ErrorType.ValidationException, "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        // back and forth: four switches to on demand in 24 hours, then LimitExceededException
        for (int i = 0; i < 3; i++) {
            engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PROVISIONED, new ProvisionedThroughput(7, 7)));
            engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PAY_PER_REQUEST, null));
        }
        engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PROVISIONED, new ProvisionedThroughput(7, 7)));
        assertError(() -> engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PAY_PER_REQUEST, null)),
                ErrorType.LimitExceededException, "at most 4 times in 24 hours");
        clock.advance(24, TimeUnit.HOURS);
        engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PAY_PER_REQUEST, null));
    }

    @Test
    void theTablesCapacityFollowsItsNewThroughput() {
        // adaptive capacity (the default): a table bucket holds 300 s of the provisioned rate
        engine.createTable(provisioned("tbl", 1, 1));
        int before = drainWrites(1_000);
        assertThat(before).isEqualTo(300);
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(drainWrites(1_000)).isEqualTo(1);
        engine.updateTable(throughput(1, 50));
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(drainWrites(1_000)).isEqualTo(50);
        engine.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PAY_PER_REQUEST, null));
        clock.advance(1, TimeUnit.SECONDS); // the partition's ceiling refills from the 50 writes just made
        assertThat(drainWrites(2_000)).isEqualTo(1_000); // on demand: the partition's ceiling (1,000 WCU) binds
    }

    @Test
    void withoutAdaptiveCapacityTheEvenSharesFollow() {
        Engine even = new Engine(EngineConfig.inMemory().withClock(clock).withAdaptiveCapacity(false)
                .withPartitionsPerTable(1));
        even.createTable(provisioned("tbl", 1, 2));
        assertThat(drainWrites(even, 10_000)).isEqualTo(600);
        even.updateTable(throughput(1, 10));
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(drainWrites(even, 10_000)).isEqualTo(10);
    }

    private int drainWrites(int max) {
        return drainWrites(engine, max);
    }

    private static int drainWrites(Engine engine, int max) {
        int served = 0;
        for (int i = 0; i < max; i++) {
            try {
                engine.putItem(PutItemRequest.of("tbl", Item.of(Map.of("pk", new AttributeValue.S("k" + (i % 97))))));
                served++;
            } catch (DynamoException e) {
                assertThat(e.type()).isIn(ErrorType.ProvisionedThroughputExceededException, ErrorType.ThrottlingException);
                return served;
            }
        }
        return served;
    }

    @Test
    void globalIndexUpdatesFollowDynamoDbsRules() {
        IndexSchema gsi = new IndexSchema("byX", IndexSchema.Kind.GLOBAL, "x", ScalarAttributeType.S, null, null,
                Projection.all(), new ProvisionedThroughput(5, 5));
        TableSchema schema = new TableSchema("tbl", "pk", ScalarAttributeType.S, null, null, BillingMode.PROVISIONED,
                new ProvisionedThroughput(5, 5), List.of(gsi));
        TableState state = new TableState(0, 0);
        long now = clock.epochMillis();
        GlobalSecondaryIndexUpdate.Update update = new GlobalSecondaryIndexUpdate.Update("byX",
                new ProvisionedThroughput(7, 3));
        TableUpdates.Change change = TableUpdates.plan(schema, state, new UpdateTableRequest("tbl", List.of(), null, null,
                List.of(update)), now, Limits.DYNAMODB);
        assertThat(change.schema().index("byX").provisionedThroughput()).isEqualTo(new ProvisionedThroughput(7, 3));
        assertThat(change.schema().provisionedThroughput()).isEqualTo(new ProvisionedThroughput(5, 5));
        assertThat(change.decreased()).containsExactly("byX");
        assertThat(change.increased()).containsExactly("byX");
        assertError(() -> TableUpdates.plan(schema, state, new UpdateTableRequest("tbl", List.of(), null, null,
                List.of(new GlobalSecondaryIndexUpdate.Update("byX", new ProvisionedThroughput(5, 5)))), now,
                Limits.DYNAMODB), ErrorType.ValidationException, "for the index byX will not change");
        assertError(() -> TableUpdates.plan(schema, state, new UpdateTableRequest("tbl", List.of(), null, null,
                List.of(new GlobalSecondaryIndexUpdate.Update("nope", new ProvisionedThroughput(1, 1)))), now,
                Limits.DYNAMODB), ErrorType.ResourceNotFoundException, "Index: nope not found");
        assertError(() -> TableUpdates.plan(schema, state, new UpdateTableRequest("tbl", List.of(), null, null,
                List.of(new GlobalSecondaryIndexUpdate.Delete("nope"))), now, Limits.DYNAMODB),
                ErrorType.ResourceNotFoundException, "Index: nope not found");
        GlobalSecondaryIndexUpdate.Create create = new GlobalSecondaryIndexUpdate.Create(new GlobalSecondaryIndex("byY",
                List.of(new KeySchemaElement("y", KeyType.HASH)), Projection.keysOnly(), new ProvisionedThroughput(1, 1)));
        assertError(() -> TableUpdates.plan(schema, state, new UpdateTableRequest("tbl", List.of(), null, null,
                List.of(create, new GlobalSecondaryIndexUpdate.Delete("byX"))), now, Limits.DYNAMODB),
                ErrorType.LimitExceededException, "Only 1 online index can be created or deleted simultaneously");
        assertError(() -> TableUpdates.plan(schema, state, new UpdateTableRequest("tbl", List.of(), null, null,
                List.of(new GlobalSecondaryIndexUpdate.Create(new GlobalSecondaryIndex("byX", List.of(),
                        Projection.all(), null)))), now, Limits.DYNAMODB), ErrorType.ValidationException, "already exists");
        // to on demand: the index loses its throughput; back to PROVISIONED it needs one again
        TableSchema onDemand = TableUpdates.plan(schema, state, UpdateTableRequest.billing("tbl", BillingMode.PAY_PER_REQUEST,
                null), now, Limits.DYNAMODB).schema();
        assertThat(onDemand.index("byX").provisionedThroughput()).isNull();
        assertError(() -> TableUpdates.plan(onDemand, state, UpdateTableRequest.billing("tbl", BillingMode.PROVISIONED,
                new ProvisionedThroughput(5, 5)), now, Limits.DYNAMODB), ErrorType.ValidationException,
                "must be specified for index: byX");
        TableSchema back = TableUpdates.plan(onDemand, state, new UpdateTableRequest("tbl", List.of(),
                BillingMode.PROVISIONED, new ProvisionedThroughput(5, 5), List.of(update)), now, Limits.DYNAMODB).schema();
        assertThat(back.index("byX").provisionedThroughput()).isEqualTo(new ProvisionedThroughput(7, 3));
        assertError(() -> TableUpdates.plan(onDemand, state, new UpdateTableRequest("tbl", List.of(), null, null,
                List.of(update)), now, Limits.DYNAMODB), ErrorType.ValidationException, "PAY_PER_REQUEST");
    }

    /**
     * A GSI Create's AttributeDefinitions meet their member constraints before anything else: a name
     * over 255 is refused with the length constraint even when no key of the index uses it (Alternator's
     * test_limit_gsiu_key_len_bad_incoherent_names, as DynamoDB answers it).
     */
    @Test
    void aGlobalIndexCreateChecksItsAttributeDefinitionNamesFirst() {
        TableSchema schema = new TableSchema("tbl", "pk", ScalarAttributeType.S, null, null,
                BillingMode.PAY_PER_REQUEST, null, List.of());
        String tooLong = "a".repeat(256);
        assertError(() -> TableUpdates.plan(schema, new TableState(0, 0), indexUpdate(createByX(null),
                new AttributeDefinition(tooLong, ScalarAttributeType.S)), clock.epochMillis(), Limits.DYNAMODB),
                ErrorType.ValidationException, "1 validation error detected: Value '" + tooLong + "' at "
                        + "'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: Member must have "
                        + "length less than or equal to 255");
    }

    static GlobalSecondaryIndexUpdate.Create createByX(ProvisionedThroughput throughput) {
        return new GlobalSecondaryIndexUpdate.Create(new GlobalSecondaryIndex("byX",
                List.of(new KeySchemaElement("x", KeyType.HASH)), Projection.all(), throughput));
    }

    static UpdateTableRequest indexUpdate(GlobalSecondaryIndexUpdate update, AttributeDefinition... definitions) {
        return new UpdateTableRequest("tbl", List.of(definitions), null, null, List.of(update));
    }

    static void put(Engine engine, String key, AttributeValue x) {
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>();
        item.put("pk", new AttributeValue.S(key));
        if (x != null) {
            item.put("x", x);
        }
        engine.putItem(PutItemRequest.of("tbl", Item.of(item)));
    }

    static int countOnIndex(Engine engine, String x) {
        return engine.query(IndexFixtures.query("tbl", "byX", "x = :x", Map.of(), Map.of(":x", new AttributeValue.S(x))))
                .count();
    }

    @Test
    void aCreatedGlobalIndexIsBackfilledAndReadOnlyOnceActive() {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock)
                .withTableStatusDelayNanos(TimeUnit.SECONDS.toNanos(5)));
        engine.createTable(provisioned("tbl", 5, 5));
        clock.advance(5, TimeUnit.SECONDS);
        put(engine, "a", new AttributeValue.S("red"));
        put(engine, "b", new AttributeValue.S("red"));
        put(engine, "c", new AttributeValue.N(keystorm.engine.item.Num.of(1))); // x of another type: not in the index
        put(engine, "d", null); // no x: not in the index
        assertError(() -> engine.updateTable(indexUpdate(createByX(new ProvisionedThroughput(1, 1)))),
                ErrorType.ValidationException, "not defined in AttributeDefinitions");
        assertError(() -> engine.updateTable(indexUpdate(createByX(null), new AttributeDefinition("x", ScalarAttributeType.S))),
                ErrorType.ValidationException, "ProvisionedThroughput is not specified for index: byX");
        assertError(() -> engine.updateTable(indexUpdate(createByX(new ProvisionedThroughput(1, 1)),
                new AttributeDefinition("pk", ScalarAttributeType.N), new AttributeDefinition("x", ScalarAttributeType.S))),
                ErrorType.ValidationException, "redefined");
        TableDescription updating = engine.updateTable(indexUpdate(createByX(new ProvisionedThroughput(1, 1)),
                new AttributeDefinition("x", ScalarAttributeType.S), new AttributeDefinition("unused", ScalarAttributeType.S)));
        assertThat(updating.tableStatus()).isEqualTo(keystorm.engine.api.TableStatus.UPDATING);
        assertThat(updating.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
            assertThat(gsi.indexStatus()).isEqualTo(keystorm.engine.api.IndexStatus.CREATING);
            assertThat(gsi.backfilling()).isTrue();
        });
        assertError(() -> countOnIndex(engine, "red"), ErrorType.ValidationException,
                "Cannot read from backfilling global secondary index: byX");
        // writes go on meanwhile, and reach the index; a new x of the wrong type is refused now
        put(engine, "e", new AttributeValue.S("red"));
        assertError(() -> put(engine, "f", new AttributeValue.N(keystorm.engine.item.Num.of(2))),
                ErrorType.ValidationException, "x");
        clock.advance(5, TimeUnit.SECONDS);
        TableDescription active = engine.describeTable("tbl");
        assertThat(active.tableStatus()).isEqualTo(keystorm.engine.api.TableStatus.ACTIVE);
        assertThat(active.globalSecondaryIndexes().getFirst().indexStatus()).isEqualTo(keystorm.engine.api.IndexStatus.ACTIVE);
        assertThat(active.globalSecondaryIndexes().getFirst().backfilling()).isFalse();
        assertThat(active.globalSecondaryIndexes().getFirst().itemCount()).isEqualTo(3);
        assertThat(active.attributeDefinitions()).extracting(AttributeDefinition::attributeName).containsExactly("pk", "x");
        assertThat(countOnIndex(engine, "red")).isEqualTo(3);
        assertError(() -> engine.updateTable(indexUpdate(createByX(new ProvisionedThroughput(1, 1)),
                new AttributeDefinition("x", ScalarAttributeType.S))), ErrorType.ValidationException, "already exists");

        assertThat(engine.updateTable(indexUpdate(new GlobalSecondaryIndexUpdate.Delete("byX"))).tableStatus())
                .isEqualTo(keystorm.engine.api.TableStatus.UPDATING);
        assertThat(engine.describeTable("tbl").globalSecondaryIndexes()).isEmpty();
        assertThatThrown(() -> countOnIndex(engine, "red"), ErrorType.ValidationException);
        clock.advance(5, TimeUnit.SECONDS);
        put(engine, "f", new AttributeValue.N(keystorm.engine.item.Num.of(2))); // x is no key any more
    }

    @Test
    void aSnapshotTakenWhileATableIsDeletingDoesNotBringItBack(@TempDir Path dir) {
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withClock(clock).withSnapshotBytes(1)
                .withTableStatusDelayNanos(TimeUnit.SECONDS.toNanos(10));
        try (Engine durable = new Engine(config)) {
            durable.createTable(provisioned("tbl", 5, 5));
            durable.createTable(provisioned("other", 5, 5));
            clock.advance(10, TimeUnit.SECONDS);
            durable.deleteTable("tbl");
            // a write after the DeleteTable starts a snapshot (the log is past its 1 byte), taken while tbl is DELETING
            durable.putItem(PutItemRequest.of("other", Item.of(Map.of("pk", new AttributeValue.S("k")))));
            durable.awaitSnapshot();
        }
        try (Engine again = new Engine(config)) {
            assertThat(again.tableNames()).containsExactly("other");
        }
    }

    static void assertThatThrown(Runnable call, ErrorType type) {
        org.assertj.core.api.Assertions.assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoException.class,
                e -> assertThat(e.type()).isEqualTo(type));
    }

    /**
     * DescribeTable shows a global index's NumberOfDecreasesToday (it showed 0 whatever the history),
     * and an index deleted and created again under its name starts with none, after a restart too.
     */
    @Test
    void anIndexShowsItsDecreasesAndOneCreatedAgainStartsWithNone(@TempDir Path dir) {
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withClock(clock);
        try (Engine durable = new Engine(config)) {
            durable.createTable(provisioned("tbl", 5, 5));
            durable.updateTable(indexUpdate(createByX(new ProvisionedThroughput(10, 10)),
                    new AttributeDefinition("x", ScalarAttributeType.S)));
            durable.updateTable(indexUpdate(new GlobalSecondaryIndexUpdate.Update("byX", new ProvisionedThroughput(5, 5))));
            assertThat(durable.describeTable("tbl").globalSecondaryIndexes().getFirst().numberOfDecreasesToday())
                    .isEqualTo(1);
            durable.updateTable(indexUpdate(new GlobalSecondaryIndexUpdate.Delete("byX")));
            durable.updateTable(indexUpdate(createByX(new ProvisionedThroughput(10, 10)),
                    new AttributeDefinition("x", ScalarAttributeType.S)));
            assertThat(durable.describeTable("tbl").globalSecondaryIndexes().getFirst().numberOfDecreasesToday())
                    .isZero();
        }
        try (Engine again = new Engine(config)) {
            assertThat(again.describeTable("tbl").globalSecondaryIndexes().getFirst().numberOfDecreasesToday())
                    .isZero();
        }
    }

    /**
     * An item written before the index with a value no index key may hold (2,049 bytes) is left out by
     * the backfill, and by the rebuild a restart makes from the log (review: it came back then).
     */
    @Test
    void anItemTheBackfillLeftOutStaysOutAfterARestart(@TempDir Path dir) {
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withClock(clock);
        try (Engine durable = new Engine(config)) {
            durable.createTable(provisioned("tbl", 5, 5));
            put(durable, "a", new AttributeValue.S("red"));
            put(durable, "b", new AttributeValue.S("r".repeat(2049)));
            durable.updateTable(indexUpdate(createByX(new ProvisionedThroughput(1, 1)),
                    new AttributeDefinition("x", ScalarAttributeType.S)));
            assertThat(durable.describeTable("tbl").globalSecondaryIndexes().getFirst().itemCount()).isEqualTo(1);
        }
        try (Engine again = new Engine(config)) {
            assertThat(again.describeTable("tbl").itemCount()).isEqualTo(2);
            assertThat(again.describeTable("tbl").globalSecondaryIndexes().getFirst().itemCount()).isEqualTo(1);
            assertThat(countOnIndex(again, "red")).isEqualTo(1);
        }
    }

    @Test
    void aCreatedIndexSurvivesARestartWithItsItems(@TempDir Path dir) {
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withClock(clock);
        try (Engine durable = new Engine(config)) {
            durable.createTable(provisioned("tbl", 5, 5));
            put(durable, "a", new AttributeValue.S("red"));
            durable.updateTable(indexUpdate(createByX(new ProvisionedThroughput(1, 1)),
                    new AttributeDefinition("x", ScalarAttributeType.S)));
            put(durable, "b", new AttributeValue.S("red"));
            durable.updateTable(indexUpdate(new GlobalSecondaryIndexUpdate.Update("byX", new ProvisionedThroughput(3, 3))));
            assertThat(countOnIndex(durable, "red")).isEqualTo(2);
        }
        try (Engine again = new Engine(config)) {
            assertThat(countOnIndex(again, "red")).isEqualTo(2);
            assertThat(again.describeTable("tbl").globalSecondaryIndexes().getFirst().provisionedThroughput())
                    .isEqualTo(new ProvisionedThroughput(3, 3));
            again.updateTable(indexUpdate(new GlobalSecondaryIndexUpdate.Delete("byX")));
            again.awaitSnapshot();
        }
        try (Engine third = new Engine(config)) {
            assertThat(third.describeTable("tbl").globalSecondaryIndexes()).isEmpty();
            assertThat(third.describeTable("tbl").itemCount()).isEqualTo(2);
        }
    }

    @Test
    void updatesAndTagsSurviveARestart(@TempDir Path dir) {
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withClock(clock);
        try (Engine durable = new Engine(config)) {
            durable.createTable(provisioned("tbl", 100, 100), List.of(new Tag("team", "storage")));
            for (int i = 1; i <= 4; i++) {
                durable.updateTable(throughput(100 - i, 100));
            }
            durable.updateTable(throughput(500, 100));
            durable.tagResource(durable.describeTable("tbl").tableArn(), List.of(new Tag("env", "test")));
            durable.untagResource(durable.describeTable("tbl").tableArn(), List.of("team"));
        }
        try (Engine again = new Engine(config)) {
            TableDescription t = again.describeTable("tbl");
            assertThat(t.provisionedThroughput()).isEqualTo(new ProvisionedThroughput(500, 100));
            assertThat(t.throughputHistory().numberOfDecreasesToday()).isEqualTo(4);
            assertThat(again.listTagsOfResource(t.tableArn(), null).tags()).containsExactly(new Tag("env", "test"));
            assertError(() -> again.updateTable(throughput(400, 100)), ErrorType.LimitExceededException, "decreases");
            again.updateTable(UpdateTableRequest.billing("tbl", BillingMode.PAY_PER_REQUEST, null));
        }
        try (Engine third = new Engine(config)) {
            assertThat(third.describeTable("tbl").billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
            assertThat(third.describeTable("tbl").provisionedThroughput()).isNull();
        }
    }
}
