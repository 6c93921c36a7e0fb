package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import keystorm.engine.time.ManualClock;
import keystorm.engine.time.VirtualScheduler;
import keystorm.engine.wal.SyncPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ClientRequestTokens across a crash ("Amazon DynamoDB Transactions: How it works": a retry
 * within 10 minutes of the first completing succeeds without applying and answers the same). A
 * token is logged with its transaction's writes and held by snapshots, so after a crash and
 * recovery a retry answers the same response and applies nothing, a request with other
 * parameters under it is an IdempotentParameterMismatchException, and once its window has
 * passed (by the clock's epoch milliseconds) it is free again. Every test runs on real threads
 * (the flusher's log) and on the simulation's scheduler (its log of tasks); either way one
 * manual clock (in the simulation the scheduler's) outlives the engine, as the machine's clock outlives a
 * crashed process.
 */
class DurableTokensTest {
    static final String TABLE = "tokens";

    @TempDir
    Path dir;

    /** Where an engine runs, and the clock that survives its crash. */
    enum Run {
        THREADS, SIMULATION
    }

    /** One machine: its clock (in the simulation its scheduler's), on which engines crash and reopen. */
    static final class Host {
        final ManualClock clock;
        final VirtualScheduler scheduler;

        Host(Run run) {
            scheduler = run == Run.SIMULATION ? new VirtualScheduler() : null;
            clock = scheduler != null ? null : new ManualClock();
        }

        Engine open(Path dir, long snapshotBytes) {
            EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withThrottling(false)
                    .withSnapshotBytes(snapshotBytes);
            return new Engine(scheduler != null ? config.withScheduler(scheduler) : config.withClock(clock));
        }

        Engine open(Path dir) {
            return open(dir, EngineConfig.DEFAULT_SNAPSHOT_BYTES);
        }

        /** Time passes (the simulation runs the tasks due on the way: a crashed engine's do nothing). */
        void advance(long amount, TimeUnit unit) {
            if (scheduler != null) {
                scheduler.advance(amount, unit);
            } else {
                clock.advance(amount, unit);
            }
        }

        /** Lets a snapshot begun by the last write finish: the snapshot thread, or the simulation's task. */
        void settle(Engine engine) {
            if (scheduler != null) {
                scheduler.advance(1, TimeUnit.MILLISECONDS);
            } else {
                engine.awaitSnapshot();
            }
        }
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    static Item get(Engine engine, String pk) {
        return engine.getItem(GetItemRequest.consistent(TABLE, key(pk))).item();
    }

    static long counter(Engine engine) {
        Item item = get(engine, "counter");
        return item == null ? 0 : ((AttributeValue.N) item.get("v")).value().toBigDecimal().longValueExact();
    }

    /** ADD {@code delta} to the counter and put an item, under {@code token}, asking for the capacity consumed. */
    static TransactWriteItemsRequest add(long delta, String token) {
        return new TransactWriteItemsRequest(List.of(
                TransactWriteItem.Update.of(TABLE, key("counter"), "ADD v :d", null,
                        ExpressionInput.values(Map.of(":d", n(delta)))),
                TransactWriteItem.Put.of(TABLE, Item.of(Map.of("pk", s("put"), "by", s(token), "pad", s("p".repeat(900)))))),
                token, ReturnConsumedCapacity.TOTAL);
    }

    static Engine withTable(Host host, Path dir, long snapshotBytes) {
        Engine engine = host.open(dir, snapshotBytes);
        engine.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
        return engine;
    }

    static void assertMismatch(Engine engine, TransactWriteItemsRequest request) {
        assertThatThrownBy(() -> engine.transactWriteItems(request)).isInstanceOfSatisfying(DynamoException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.IdempotentParameterMismatchException));
    }

    @ParameterizedTest
    @EnumSource(Run.class)
    void aRetryAfterACrashAnswersTheSameAndAppliesNothing(Run run) {
        Host host = new Host(run);
        Engine engine = withTable(host, dir, EngineConfig.DEFAULT_SNAPSHOT_BYTES);
        TransactWriteItemsRequest request = add(5, "t-1");
        TransactWriteItemsResponse first = engine.transactWriteItems(request);
        // an Update and a Put of ~1 KB: 2 units each (doubled), asked for and answered
        assertThat(first.consumedCapacity()).singleElement()
                .satisfies(c -> assertThat(c.writeCapacityUnits()).isEqualTo(4.0));
        engine.faults().crash();

        host.advance(9, TimeUnit.MINUTES);
        try (Engine recovered = host.open(dir)) {
            assertThat(counter(recovered)).isEqualTo(5);
            assertThat(recovered.tokens().held()).isEqualTo(1);
            assertThat(recovered.transactWriteItems(request)).isEqualTo(first);
            // the same parameters built anew, the item's attributes in another order, are the same request
            Map<String, AttributeValue> reordered = new LinkedHashMap<>();
            reordered.put("pad", s("p".repeat(900)));
            reordered.put("by", s("t-1"));
            reordered.put("pk", s("put"));
            TransactWriteItemsRequest rebuilt = new TransactWriteItemsRequest(List.of(
                    TransactWriteItem.Update.of(TABLE, key("counter"), "ADD v :d", null,
                            ExpressionInput.values(Map.of(":d", new AttributeValue.N(Num.parse("5.000"))))),
                    TransactWriteItem.Put.of(TABLE, Item.of(reordered))), "t-1", ReturnConsumedCapacity.TOTAL);
            assertThat(recovered.transactWriteItems(rebuilt)).isEqualTo(first);
            assertThat(counter(recovered)).as("applied once").isEqualTo(5);

            assertMismatch(recovered, add(6, "t-1"));
            assertThat(counter(recovered)).isEqualTo(5);
            // another token is another request
            recovered.transactWriteItems(add(5, "t-2"));
            assertThat(counter(recovered)).isEqualTo(10);
        }
    }

    /** A transaction under a token that wrote nothing (a ConditionCheck) is logged too: its retry still succeeds. */
    @ParameterizedTest
    @EnumSource(Run.class)
    void aTokenWhoseTransactionWroteNothingSurvivesToo(Run run) {
        Host host = new Host(run);
        Engine engine = withTable(host, dir, EngineConfig.DEFAULT_SNAPSHOT_BYTES);
        engine.putItem(PutItemRequest.of(TABLE, Item.of(key("x"))));
        TransactWriteItemsRequest check = TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.ConditionCheck.of(TABLE, key("x"), "attribute_exists(pk)", null),
                TransactWriteItem.Delete.of(TABLE, key("absent")))).withToken("check");
        TransactWriteItemsResponse first = engine.transactWriteItems(check);
        engine.faults().crash();

        try (Engine recovered = host.open(dir)) {
            recovered.deleteItem(DeleteItemRequest.of(TABLE, key("x")));
            // run again, the condition would now fail; the retry answers what the first run did
            assertThat(recovered.transactWriteItems(check)).isEqualTo(first);
            assertMismatch(recovered, TransactWriteItemsRequest.of(List.of(
                    TransactWriteItem.ConditionCheck.of(TABLE, key("x"), "attribute_not_exists(pk)", null)))
                    .withToken("check"));
        }
    }

    @ParameterizedTest
    @EnumSource(Run.class)
    void aTokenSurvivesASnapshotThatDropsTheSegmentItWasLoggedIn(Run run) throws IOException {
        Host host = new Host(run);
        Engine engine = withTable(host, dir, 4 * 1024);
        TransactWriteItemsRequest request = add(5, "snap");
        TransactWriteItemsResponse first = engine.transactWriteItems(request);
        // writes until a snapshot has let the first segment (the token's record) go; ~80 a segment
        int written = 0;
        while (Files.exists(dir.resolve("wal-00000000.log")) || !hasSnapshot(dir)) {
            assertThat(written).as("writes before the first segment was dropped").isLessThan(2_000);
            engine.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("fill" + written), "pad", s("f".repeat(20))))));
            written++;
            host.settle(engine);
        }
        engine.faults().crash();

        host.advance(1, TimeUnit.MINUTES);
        try (Engine recovered = host.open(dir, 4 * 1024)) {
            assertThat(recovered.recovery().snapshot()).isNotNull();
            assertThat(recovered.describeTable(TABLE).itemCount()).isEqualTo(2 + written);
            assertThat(recovered.transactWriteItems(request)).isEqualTo(first);
            assertThat(counter(recovered)).isEqualTo(5);
            assertMismatch(recovered, add(6, "snap"));
        }
    }

    @ParameterizedTest
    @EnumSource(Run.class)
    void aTokenIsFreeAgainOnceItsWindowHasPassed(Run run) {
        Host host = new Host(run);
        Engine engine = withTable(host, dir, EngineConfig.DEFAULT_SNAPSHOT_BYTES);
        TransactWriteItemsRequest request = add(5, "window");
        engine.transactWriteItems(request);
        engine.faults().crash();

        // recovered with a minute of the window left: held for that minute, by the recovered engine's clock
        host.advance(9, TimeUnit.MINUTES);
        Engine recovered = host.open(dir);
        recovered.transactWriteItems(request);
        assertThat(counter(recovered)).isEqualTo(5);
        host.advance(1, TimeUnit.MINUTES);
        recovered.transactWriteItems(request);
        assertThat(counter(recovered)).as("exactly 10 minutes: still within the window").isEqualTo(5);
        host.advance(1, TimeUnit.MILLISECONDS);
        recovered.transactWriteItems(request);
        assertThat(counter(recovered)).as("past the window, a retry applies again").isEqualTo(10);
        recovered.faults().crash();

        // recovered after that second completion's window: dropped at recovery, free at once
        host.advance(10, TimeUnit.MINUTES);
        host.advance(1, TimeUnit.SECONDS);
        try (Engine later = host.open(dir)) {
            assertThat(later.tokens().held()).isZero();
            later.transactWriteItems(add(6, "window"));
            assertThat(counter(later)).as("no mismatch: the token is free").isEqualTo(16);
        }
    }

    /**
     * A data directory written before tokens were logged (a snapshot and a segment, recorded with
     * that engine on the simulation's scheduler): 40 puts k0..k39, a transaction putting x and y,
     * k1 += 100, k2 deleted, and under ClientRequestToken "golden-token" counter += 5 with a put
     * of z. It recovers whole; its token was never logged, so it cannot come back. New records,
     * tokens among them, go on after the old ones.
     */
    @ParameterizedTest
    @EnumSource(Run.class)
    void aDataDirectoryWrittenBeforeTokensWereLoggedStillRecovers(Run run) throws IOException, URISyntaxException {
        Path golden = Path.of(DurableTokensTest.class.getResource("/keystorm/engine/wal/log-v1").toURI());
        try (Stream<Path> files = Files.list(golden)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        Host host = new Host(run);
        Engine engine = host.open(dir);
        assertThat(engine.recovery().notes()).isEmpty();
        assertThat(engine.recovery().snapshot()).isEqualTo(1);
        Golden.check(engine);
        assertThat(engine.tokens().held()).isZero();

        engine.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
        TransactWriteItemsRequest request = add(1, "new-token");
        TransactWriteItemsResponse first = engine.transactWriteItems(request);
        engine.faults().crash();
        try (Engine recovered = host.open(dir)) {
            Golden.check(recovered);
            assertThat(recovered.tokens().held()).isEqualTo(1);
            assertThat(recovered.transactWriteItems(request)).isEqualTo(first);
            assertThat(counter(recovered)).isEqualTo(1);
        }
    }

    /** What the data directory of {@link #aDataDirectoryWrittenBeforeTokensWereLoggedStillRecovers} holds. */
    static final class Golden {
        static Item item(String pk, long v) {
            return Item.of(Map.of("pk", s(pk), "v", n(v)));
        }

        static void check(Engine engine) {
            Item counter = Item.of(Map.of("pk", s("counter"), "v", n(5)));
            assertThat(engine.getItem(GetItemRequest.consistent("golden", key("counter"))).item()).isEqualTo(counter);
            for (int i = 0; i < 40; i++) {
                long expected = i == 1 ? 101 : i;
                Item found = engine.getItem(GetItemRequest.consistent("golden", key("k" + i))).item();
                assertThat(found).as("k" + i).isEqualTo(i == 2 ? null : item("k" + i, expected));
            }
            assertThat(engine.getItem(GetItemRequest.consistent("golden", key("z"))).item()).isEqualTo(item("z", 3));
            assertThat(engine.getItem(GetItemRequest.consistent("golden", key("y"))).item()).isEqualTo(item("y", 2));
            assertThat(engine.describeTable("golden").itemCount()).isEqualTo(39 + 2 + 2);
        }
    }

    static boolean hasSnapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("snapshot-\\d{8}\\.bin"));
        }
    }
}
