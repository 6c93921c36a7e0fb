package keystorm.engine;

import static keystorm.engine.TableLifecycleTest.assertError;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.Projection;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TimeToLiveDescription;
import keystorm.engine.api.TimeToLiveSpecification;
import keystorm.engine.api.TimeToLiveStatus;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.ManualClock;
import keystorm.engine.time.VirtualScheduler;
import keystorm.engine.wal.SyncPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time to Live on a ManualClock: UpdateTimeToLive's rules and words, the statuses, and the sweep that deletes an
 * expired item {@link EngineConfig#ttlDelayNanos()} after its time, driven by {@link Engine#sweepNow()}.
 */
class TimeToLiveTest {
    static final String TABLE = "ttl";
    static final long DELAY_MINUTES = 5;

    private final ManualClock clock = new ManualClock();
    private final Engine engine = new Engine(EngineConfig.inMemory().withClock(clock)
            .withTtlDelayNanos(TimeUnit.MINUTES.toNanos(DELAY_MINUTES)));

    TimeToLiveTest() {
        engine.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
    }

    @AfterEach
    void close() {
        engine.close(); // stops its sweep thread
    }

    long nowSeconds() {
        return clock.epochMillis() / 1000;
    }

    static TimeToLiveSpecification enable(String attribute) {
        return new TimeToLiveSpecification(attribute, true);
    }

    static TimeToLiveSpecification disable(String attribute) {
        return new TimeToLiveSpecification(attribute, false);
    }

    void put(String pk, AttributeValue expires) {
        engine.putItem(PutItemRequest.of(TABLE, Item.of(expires == null ? Map.of("pk", s(pk))
                : Map.of("pk", s(pk), "expires", expires))));
    }

    Item get(String pk) {
        return engine.getItem(GetItemRequest.consistent(TABLE, Map.of("pk", s(pk)))).item();
    }

    @Test
    void describeIsDisabledWithoutAnAttributeUntilEnabled() {
        assertThat(engine.describeTimeToLive(TABLE)).isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.DISABLED, null));
        assertThat(engine.updateTimeToLive(TABLE, enable("expires"))).isEqualTo(enable("expires"));
        assertThat(engine.describeTimeToLive(TABLE))
                .isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.ENABLED, "expires"));
        assertError(() -> engine.describeTimeToLive("nope"), ErrorType.ResourceNotFoundException, "nope");
        assertError(() -> engine.updateTimeToLive("nope", enable("expires")), ErrorType.ResourceNotFoundException,
                "nope");
    }

    @Test
    void updateTimeToLiveRefusesWhatDynamoDbRefusesInItsWords() {
        assertError(() -> engine.updateTimeToLive(TABLE, disable("expires")), ErrorType.ValidationException,
                "TimeToLive is already disabled");
        assertError(() -> engine.updateTimeToLive(TABLE, enable("")), ErrorType.ValidationException,
                "Member must have length greater than or equal to 1");
        assertError(() -> engine.updateTimeToLive(TABLE, enable("x".repeat(256))), ErrorType.ValidationException,
                "Member must have length less than or equal to 255");
        assertError(() -> engine.updateTimeToLive(TABLE, enable(null)), ErrorType.ValidationException,
                "Value null at 'timeToLiveSpecification.attributeName'");
        assertError(() -> engine.updateTimeToLive("nope", enable("")), ErrorType.ValidationException, "length");
        engine.updateTimeToLive(TABLE, enable("x".repeat(255)));
        assertError(() -> engine.updateTimeToLive(TABLE, enable("x".repeat(255))), ErrorType.ValidationException,
                "TimeToLive is already enabled");
        assertError(() -> engine.updateTimeToLive(TABLE, enable("other")), ErrorType.ValidationException,
                "TimeToLive is active on a different AttributeName: current AttributeName is " + "x".repeat(255));
        assertError(() -> engine.updateTimeToLive(TABLE, disable("other")), ErrorType.ValidationException,
                "TimeToLive is active on a different AttributeName");
        assertThat(engine.describeTimeToLive(TABLE).attributeName()).isEqualTo("x".repeat(255));
    }

    @Test
    void oneChangePerTablePerHour() {
        engine.updateTimeToLive(TABLE, enable("expires"));
        assertError(() -> engine.updateTimeToLive(TABLE, disable("expires")), ErrorType.ValidationException,
                "Time to live has been modified multiple times within a fixed interval");
        clock.advance(59, TimeUnit.MINUTES);
        assertError(() -> engine.updateTimeToLive(TABLE, disable("expires")), ErrorType.ValidationException,
                "multiple times");
        clock.advance(1, TimeUnit.MINUTES);
        assertThat(engine.updateTimeToLive(TABLE, disable("expires"))).isEqualTo(disable("expires"));
        assertThat(engine.describeTimeToLive(TABLE)).isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.DISABLED, null));
        // the content checks come before the interval's
        assertError(() -> engine.updateTimeToLive(TABLE, disable("expires")), ErrorType.ValidationException,
                "TimeToLive is already disabled");
        assertError(() -> engine.updateTimeToLive(TABLE, enable("other")), ErrorType.ValidationException,
                "multiple times");
        clock.advance(1, TimeUnit.HOURS);
        engine.updateTimeToLive(TABLE, enable("other"));
        assertThat(engine.describeTimeToLive(TABLE).attributeName()).isEqualTo("other");
        // another table has its own hour
        engine.createTable(CreateTableRequest.onDemand("second", "pk", ScalarAttributeType.S, null, null));
        engine.updateTimeToLive("second", enable("expires"));
    }

    @Test
    void enablingAndDisablingTakeTheTableStatusDelayAndNothingExpiresWhileEnabling() {
        ManualClock slow = new ManualClock();
        Engine delayed = new Engine(EngineConfig.inMemory().withClock(slow).withTtlDelayNanos(0)
                .withTableStatusDelayNanos(TimeUnit.SECONDS.toNanos(10)));
        delayed.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
        slow.advance(10, TimeUnit.SECONDS); // ACTIVE
        delayed.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("a"), "expires", n(slow.epochMillis() / 1000 - 1)))));
        delayed.updateTimeToLive(TABLE, enable("expires"));
        assertThat(delayed.describeTimeToLive(TABLE))
                .isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.ENABLING, "expires"));
        delayed.sweepNow();
        assertThat(delayed.describeTable(TABLE).itemCount()).isEqualTo(1);
        slow.advance(10, TimeUnit.SECONDS);
        assertThat(delayed.describeTimeToLive(TABLE))
                .isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.ENABLED, "expires"));
        delayed.sweepNow();
        assertThat(delayed.describeTable(TABLE).itemCount()).isZero();

        slow.advance(1, TimeUnit.HOURS);
        delayed.updateTimeToLive(TABLE, disable("expires"));
        assertThat(delayed.describeTimeToLive(TABLE))
                .isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.DISABLING, "expires"));
        slow.advance(10, TimeUnit.SECONDS);
        assertThat(delayed.describeTimeToLive(TABLE)).isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.DISABLED, null));
        delayed.close();
    }

    @Test
    void anExpiredItemIsServedUntilTheDelayHasPassedThenDeleted() {
        engine.updateTimeToLive(TABLE, enable("expires"));
        long expires = nowSeconds() - 60; // a minute ago: due in four minutes
        put("old", n(expires));
        put("updated", n(expires));
        put("written-again", n(expires));
        engine.sweepNow();
        assertThat(get("old")).isNotNull();
        // still read, queried, scanned and updated, as on DynamoDB
        assertThat(engine.query(QueryRequest.of(TABLE, "pk = :p", ExpressionInput.values(Map.of(":p", s("old")))))
                .count()).isEqualTo(1);
        engine.updateItem(UpdateItemRequest.of(TABLE, Map.of("pk", s("old")), "SET seen = :t",
                ExpressionInput.values(Map.of(":t", n(1)))));
        clock.advance(4 * 60 - 1, TimeUnit.SECONDS);
        engine.sweepNow();
        assertThat(engine.scan(ScanRequest.of(TABLE)).count()).isEqualTo(3);

        // moved into the future before the sweep: it stays
        engine.updateItem(UpdateItemRequest.of(TABLE, Map.of("pk", s("updated")), "SET expires = :t",
                ExpressionInput.values(Map.of(":t", n(nowSeconds() + 3600)))));
        engine.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("written-again"), "v", n(2)))));
        clock.advance(1, TimeUnit.SECONDS);
        engine.sweepNow();
        assertThat(get("old")).isNull();
        assertThat(get("updated")).isNotNull();
        assertThat(get("written-again")).isEqualTo(Item.of(Map.of("pk", s("written-again"), "v", n(2))));
        assertThat(engine.describeTable(TABLE).itemCount()).isEqualTo(2);
    }

    @Test
    void onlyANumberWithinFiveYearsExpires() {
        engine.updateTimeToLive(TABLE, enable("expires"));
        long now = nowSeconds();
        long fiveYears = TimeUnit.DAYS.toSeconds(5 * 365 + 1);
        put("plain", n(now - 600));
        put("fraction", n((now - 600) + ".75"));
        put("exponent", n((now - 600) / 10 + "e1"));
        put("four-years-ago", n(now - fiveYears + TimeUnit.DAYS.toSeconds(365)));
        put("six-years-ago", n(now - fiveYears - TimeUnit.DAYS.toSeconds(365)));
        put("negative", n(-1));
        put("string", s(Long.toString(now - 600)));
        put("list", new AttributeValue.L(List.of(n(now - 600))));
        put("missing", null);
        put("future", n(now + 600));
        put("far-future", n("9.9999999999999999999999999999999999999E+125"));
        engine.sweepNow(); // ten minutes ago is past the five minutes' delay already
        for (String gone : List.of("plain", "fraction", "exponent", "four-years-ago")) {
            assertThat(get(gone)).as(gone).isNull();
        }
        for (String kept : List.of("six-years-ago", "negative", "string", "list", "missing", "future", "far-future")) {
            assertThat(get(kept)).as(kept).isNotNull();
        }
        clock.advance(10 + DELAY_MINUTES, TimeUnit.MINUTES);
        engine.sweepNow();
        assertThat(get("future")).isNull();
    }

    @Test
    void nothingExpiresWhileTimeToLiveIsDisabled() {
        put("a", n(nowSeconds() - 600));
        clock.advance(1, TimeUnit.DAYS);
        engine.sweepNow();
        assertThat(get("a")).isNotNull();
        engine.updateTimeToLive(TABLE, enable("other")); // another attribute
        engine.sweepNow();
        assertThat(get("a")).isNotNull();
        clock.advance(1, TimeUnit.HOURS);
        engine.updateTimeToLive(TABLE, disable("other"));
        clock.advance(1, TimeUnit.HOURS);
        engine.updateTimeToLive(TABLE, enable("expires"));
        engine.sweepNow();
        assertThat(get("a")).isNull();
    }

    @Test
    void aKeyAttributeMayBeTheTimeToLiveAttribute() {
        engine.createTable(CreateTableRequest.onDemand("keyed", "at", ScalarAttributeType.N, null, null));
        engine.updateTimeToLive("keyed", enable("at"));
        long past = nowSeconds() - 600;
        engine.putItem(PutItemRequest.of("keyed", Item.of(Map.of("at", n(past)))));
        engine.putItem(PutItemRequest.of("keyed", Item.of(Map.of("at", n(past + 3600)))));
        engine.sweepNow();
        assertThat(engine.describeTable("keyed").itemCount()).isEqualTo(1);
        assertThat(engine.getItem(GetItemRequest.consistent("keyed", Map.of("at", n(past + 3600)))).item()).isNotNull();
    }

    @Test
    void aDeletionLeavesTheIndexesAndConsumesNoCapacity() {
        TableSchema base = IndexFixtures.table("indexed", "p", IndexFixtures.S, "c", IndexFixtures.S);
        TableSchema schema = base.withIndexes(List.of(
                IndexFixtures.gsi("byG", "g", IndexFixtures.S, null, null, Projection.all()),
                IndexFixtures.lsi(base, "byL", "l", IndexFixtures.S, Projection.all())));
        IndexFixtures.create(engine, schema);
        engine.updateTimeToLive("indexed", enable("expires"));
        engine.putItem(PutItemRequest.of("indexed", Item.of(Map.of("p", s("p1"), "c", s("c1"), "g", s("g1"),
                "l", s("l1"), "expires", n(nowSeconds())))));
        engine.putItem(PutItemRequest.of("indexed", Item.of(Map.of("p", s("p1"), "c", s("c2"), "g", s("g1"),
                "l", s("l2")))));
        assertThat(engine.scan(IndexFixtures.scan("indexed", "byG")).count()).isEqualTo(2);
        assertThat(engine.scan(IndexFixtures.scan("indexed", "byL")).count()).isEqualTo(2);
        double tableUnits = writeUnits(engine.partitionMetrics("indexed"));
        double indexUnits = writeUnits(engine.indexPartitionMetrics("indexed", "byG"));
        assertThat(tableUnits).isPositive();

        clock.advance(DELAY_MINUTES, TimeUnit.MINUTES);
        engine.sweepNow();
        assertThat(engine.query(IndexFixtures.query("indexed", "byG", "g = :g", Map.of(),
                Map.of(":g", s("g1")))).items()).extracting(item -> item.get("c")).containsExactly(s("c2"));
        assertThat(engine.query(IndexFixtures.query("indexed", "byL", "p = :p AND l = :l", Map.of(),
                Map.of(":p", s("p1"), ":l", s("l1")))).count()).isZero();
        assertThat(engine.scan(IndexFixtures.scan("indexed", "byL")).count()).isEqualTo(1);
        assertThat(engine.describeTable("indexed").itemCount()).isEqualTo(1);
        assertThat(writeUnits(engine.partitionMetrics("indexed"))).as("the table's write units").isEqualTo(tableUnits);
        assertThat(writeUnits(engine.indexPartitionMetrics("indexed", "byG"))).as("the index's write units")
                .isEqualTo(indexUnits);
    }

    static double writeUnits(List<Partition.Metrics> partitions) {
        return partitions.stream().mapToDouble(Partition.Metrics::consumedWriteUnits).sum();
    }

    @Test
    void anItemHeldByATransactionInFlightIsLeftForTheNextSweep() throws Exception {
        engine.updateTimeToLive(TABLE, enable("expires"));
        put("held", n(nowSeconds())); // due in five minutes: no sweep takes it before the transaction holds it
        CountDownLatch marked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.transactionInFlight = () -> {
            marked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> engine.transactWriteItems(
                TransactWriteItemsRequest.of(List.of(TransactWriteItem.Update.of(TABLE, Map.<String, AttributeValue>of("pk", s("held")),
                        "SET v = :v", null, ExpressionInput.values(Map.of(":v", n(1)))),
                        TransactWriteItem.Put.of(TABLE, Item.of(Map.of("pk", s("other"))))))));
        assertThat(marked.await(10, TimeUnit.SECONDS)).isTrue();
        engine.transactionInFlight = null;

        clock.advance(DELAY_MINUTES, TimeUnit.MINUTES);
        engine.sweepNow();
        assertThat(get("held")).isNotNull();
        release.countDown();
        inFlight.get(10, TimeUnit.SECONDS);
        assertThat(get("held").get("v")).as("the transaction was not broken").isEqualTo(n(1));
        engine.sweepNow();
        assertThat(get("held")).isNull();
        assertThat(get("other")).isNotNull();
    }

    @Test
    void theSpecificationAndItsTimeSurviveARestartAndASnapshot(@TempDir Path dir) {
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withClock(clock).withTtlDelayNanos(0);
        try (Engine durable = new Engine(config)) {
            durable.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
            durable.createTable(CreateTableRequest.onDemand("never", "pk", ScalarAttributeType.S, null, null));
            durable.updateTimeToLive(TABLE, enable("expires"));
            durable.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("a"), "expires", n(nowSeconds() - 1)))));
            durable.sweepNow();
            assertThat(durable.describeTable(TABLE).itemCount()).isZero();
        }
        clock.advance(30, TimeUnit.MINUTES);
        try (Engine again = new Engine(config.withSnapshotBytes(1))) {
            assertThat(again.describeTable(TABLE).itemCount()).as("the deletion was logged").isZero();
            assertThat(again.describeTimeToLive(TABLE))
                    .isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.ENABLED, "expires"));
            assertThat(again.describeTimeToLive("never").timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
            assertError(() -> again.updateTimeToLive(TABLE, disable("expires")), ErrorType.ValidationException,
                    "multiple times");
            // a write past the 1-byte bound starts a snapshot: the specification must be in it
            again.putItem(PutItemRequest.of("never", Item.of(Map.of("pk", s("k")))));
            again.awaitSnapshot();
        }
        clock.advance(29, TimeUnit.MINUTES);
        try (Engine third = new Engine(config)) {
            assertThat(third.recovery().snapshot()).isNotNull();
            assertThat(third.describeTimeToLive(TABLE))
                    .isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.ENABLED, "expires"));
            assertError(() -> third.updateTimeToLive(TABLE, disable("expires")), ErrorType.ValidationException,
                    "multiple times");
            clock.advance(1, TimeUnit.MINUTES);
            third.updateTimeToLive(TABLE, disable("expires"));
        }
        try (Engine fourth = new Engine(config)) {
            assertThat(fourth.describeTimeToLive(TABLE))
                    .isEqualTo(new TimeToLiveDescription(TimeToLiveStatus.DISABLED, null));
        }
    }

    @Test
    void underTheSimulationTheSweepIsATaskArmedOnlyWhileAnItemIsPending() {
        VirtualScheduler scheduler = new VirtualScheduler();
        Engine simulated = new Engine(EngineConfig.inMemory().withScheduler(scheduler)
                .withTtlDelayNanos(TimeUnit.MINUTES.toNanos(DELAY_MINUTES)));
        simulated.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
        simulated.updateTimeToLive(TABLE, enable("expires"));
        long now = scheduler.clock().epochMillis() / 1000;
        simulated.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("soon"), "expires", n(now)))));
        simulated.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("later"), "expires", n(now + 3600)))));
        simulated.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("never"), "expires", s("x")))));
        scheduler.advance(DELAY_MINUTES, TimeUnit.MINUTES);
        scheduler.advance(1, TimeUnit.SECONDS);
        assertThat(simulated.describeTable(TABLE).itemCount()).isEqualTo(2);
        int ran = scheduler.runAll(100);
        assertThat(ran).as("a handful of tasks, not one a second for an hour").isLessThan(10);
        assertThat(scheduler.nanos()).isGreaterThanOrEqualTo(TimeUnit.MINUTES.toNanos(60 + DELAY_MINUTES));
        assertThat(simulated.describeTable(TABLE).itemCount()).isEqualTo(1);
        assertThat(scheduler.pending()).as("nothing pending: the simulation runs out of events").isZero();
        simulated.close();
    }

    @Test
    void onRealThreadsADaemonSweepsUntilTheEngineCloses() throws Exception {
        Engine real = new Engine(EngineConfig.inMemory().withTtlDelayNanos(0)
                .withTtlSweepIntervalNanos(TimeUnit.MILLISECONDS.toNanos(5)));
        real.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
        real.updateTimeToLive(TABLE, enable("expires"));
        real.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("a"), "expires",
                n(System.currentTimeMillis() / 1000 - 1)))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (real.describeTable(TABLE).itemCount() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(real.describeTable(TABLE).itemCount()).isZero();
        Thread sweeper = real.timeToLive().sweeper();
        assertThat(sweeper).isNotNull();
        assertThat(sweeper.isDaemon()).isTrue();
        real.close();
        sweeper.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(sweeper.isAlive()).as("close stops the sweep thread").isFalse();
    }

    @Test
    void anEngineThatNeverEnablesTimeToLiveStartsNoThread() {
        put("a", n(nowSeconds() - 600));
        assertThat(engine.timeToLive().sweeper()).isNull();
    }
}
