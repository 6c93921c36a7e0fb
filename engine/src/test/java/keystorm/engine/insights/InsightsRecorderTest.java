package keystorm.engine.insights;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.item.Item;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The insights recorder on a manual clock: nothing sleeps, every interval closes when the test
 * moves the clock and ticks. Item sizes are small, so a strongly consistent read is 1 RCU, an
 * eventually consistent one 0.5, a write 1 WCU.
 */
class InsightsRecorderTest {
    static final long EPOCH = 1_700_000_000_000L;
    final ManualClock clock = new ManualClock(EPOCH);
    final Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withSplitForHeat(false));
    @TempDir
    Path dir;
    InsightsRecorder recorder;

    @AfterEach
    void closeAll() {
        if (recorder != null) {
            recorder.close();
        }
        engine.close();
    }

    InsightsRecorder attach() throws IOException {
        recorder = InsightsRecorder.attach(engine, InsightsRecorder.Spec.of(dir.resolve("insights.jsonl"),
                Duration.ofSeconds(1)).withScheduled(false));
        return recorder;
    }

    void advance(long seconds) {
        clock.advance(seconds, TimeUnit.SECONDS);
    }

    List<InsightsLine> lines() throws IOException {
        return InsightsLines.read(dir.resolve("insights.jsonl"));
    }

    <T extends InsightsLine> List<T> lines(Class<T> type) throws IOException {
        return lines().stream().filter(type::isInstance).map(type::cast).toList();
    }

    void table(String name, int partitions) {
        engine.createTable(CreateTableRequest.onDemand(name, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N),
                partitions);
    }

    void put(String table, String pk, int sk) {
        engine.putItem(PutItemRequest.of(table, Item.of(Map.of("pk", s(pk), "sk", n(sk), "v", s("x")))));
    }

    InsightsLine.Access access(List<InsightsLine.Access> lines, Operation operation) {
        return lines.stream().filter(a -> a.operation() == operation).findFirst().orElseThrow();
    }

    @Test
    void aGetItemIsAKeyLookupWithItsUnitsAndThePutBeforeItAWrite() throws IOException {
        table("tbl", 1);
        attach();
        put("tbl", "a", 1);
        engine.getItem(GetItemRequest.consistent("tbl", Map.of("pk", s("a"), "sk", n(1))));
        engine.getItem(GetItemRequest.of("tbl", Map.of("pk", s("missing"), "sk", n(1))));
        advance(60);
        recorder.tick();

        List<InsightsLine.Access> access = lines(InsightsLine.Access.class);
        InsightsLine.Access get = access(access, Operation.GET_ITEM);
        assertThat(get.kind()).isEqualTo(AccessKind.KEY_LOOKUP);
        assertThat(get.requests()).isEqualTo(2);
        assertThat(get.readUnits()).isEqualTo(1.5); // 1 strong + 0.5 eventual (a missing item costs the minimum)
        assertThat(get.writeUnits()).isZero();
        assertThat(get.items()).isEqualTo(1);
        assertThat(get.scannedItems()).isEmpty();
        assertThat(get.minute()).isZero();
        assertThat(get.epochMillis()).isEqualTo(EPOCH);
        assertThat(get.lengthSeconds()).isEqualTo(60.0);
        InsightsLine.Access putLine = access(access, Operation.PUT_ITEM);
        assertThat(putLine.kind()).isEqualTo(AccessKind.WRITE);
        assertThat(putLine.writeUnits()).isEqualTo(1.0);
        assertThat(putLine.toJson().has("scannedItems")).isFalse();

        InsightsLine.Keys keys = lines(InsightsLine.Keys.class).getFirst();
        assertThat(keys.table()).isEqualTo("tbl");
        // a: 3 x 1 WCU + 1 RCU in two requests; missing: 0.5 RCU in one
        assertThat(keys.accessed()).containsExactly(new InsightsLine.KeyUnits("a", 2, 4.0),
                new InsightsLine.KeyUnits("missing", 1, 0.5));
        assertThat(keys.throttled()).isEmpty();
        assertThat(keys.unitsErrorMax()).isZero();

        Totals totals = recorder.totals();
        assertThat(totals.requests()).isEqualTo(3);
        assertThat(totals.readUnits()).isEqualTo(1.5);
        assertThat(totals.writeUnits()).isEqualTo(1.0);
        assertThat(totals.startedEpochMillis()).isEqualTo(EPOCH);
        assertThat(totals.seconds()).isEqualTo(60.0);
        assertThat(totals.tables().get("tbl")).isEqualTo(new Totals.Table("PAY_PER_REQUEST", 3, 1.5, 1.0, 0, 0, 0));
        assertThat(totals.byKind()).containsOnlyKeys(AccessKind.KEY_LOOKUP, AccessKind.WRITE);
        assertThat(totals.byKind().get(AccessKind.KEY_LOOKUP)).isEqualTo(new Totals.Kind(2, 1.5, 0));
        assertThat(totals.toJson().path("byKind").path("key-lookup").path("requests").asLong()).isEqualTo(2);
    }

    @Test
    void aScanIsAScanWithTheItemsItExaminedAndAQueryAQuery() throws IOException {
        table("tbl", 2);
        for (int i = 0; i < 5; i++) {
            put("tbl", "u" + (i % 2), i);
        }
        attach();
        ScanRequest filtered = new ScanRequest("tbl", "sk >= :two", null,
                ExpressionInput.values(Map.of(":two", n(3))), null, null, false, null, null, null, null);
        assertThat(engine.scan(filtered).count()).isEqualTo(2);
        assertThat(engine.query(QueryRequest.of("tbl", "pk = :u", ExpressionInput.values(Map.of(":u", s("u0")))))
                .count()).isEqualTo(3);
        advance(61);
        recorder.tick();

        List<InsightsLine.Access> access = lines(InsightsLine.Access.class);
        InsightsLine.Access scan = access(access, Operation.SCAN);
        assertThat(scan.kind()).isEqualTo(AccessKind.SCAN);
        assertThat(scan.items()).isEqualTo(2);
        assertThat(scan.scannedItems()).isEqualTo(OptionalLong.of(5));
        assertThat(scan.readUnits()).isPositive();
        InsightsLine.Access query = access(access, Operation.QUERY);
        assertThat(query.kind()).isEqualTo(AccessKind.QUERY);
        assertThat(query.items()).isEqualTo(3);
        assertThat(query.scannedItems()).isEqualTo(OptionalLong.of(3));
        // a Scan's units belong to no one key: only the Query's key is ranked
        InsightsLine.Keys keys = lines(InsightsLine.Keys.class).getFirst();
        assertThat(keys.accessed()).extracting(InsightsLine.KeyUnits::key).containsExactly("u0");
        assertThat(recorder.totals().byKind().get(AccessKind.SCAN).readUnits()).isEqualTo(scan.readUnits());
    }

    @Test
    void throttledRequestsAreCountedPerKey() throws IOException {
        engine.createTable(new CreateTableRequest("prov", List.of(new AttributeDefinition("pk", ScalarAttributeType.S)),
                List.of(new KeySchemaElement("pk", KeyType.HASH)), BillingMode.PROVISIONED,
                new ProvisionedThroughput(1, 1)));
        attach();
        int served = 0;
        int throttled = 0;
        for (int i = 0; i < 2_000 && throttled < 7; i++) { // 1 WCU with 300 s of burst: throttled after ~300 writes
            try {
                engine.putItem(PutItemRequest.of("prov", Item.of(Map.of("pk", s("hot"), "v", n(i)))));
                served++;
            } catch (DynamoException e) {
                assertThat(e.type()).isEqualTo(ErrorType.ProvisionedThroughputExceededException);
                throttled++;
            }
        }
        assertThat(throttled).isEqualTo(7);
        long throttledRequests = throttled;
        advance(60);
        recorder.tick();

        InsightsLine.Keys keys = lines(InsightsLine.Keys.class).getFirst();
        assertThat(keys.throttled()).containsExactly(new InsightsLine.KeyUnits("hot", 7, 21.0));
        assertThat(keys.accessed()).containsExactly(new InsightsLine.KeyUnits("hot", served, 3.0 * served));
        InsightsLine.Access put = access(lines(InsightsLine.Access.class), Operation.PUT_ITEM);
        assertThat(put.requests()).isEqualTo(served + throttled);
        assertThat(put.throttledRequests()).isEqualTo(throttled);
        assertThat(put.writeUnits()).isEqualTo(served);
        Totals totals = recorder.totals();
        assertThat(totals.throttledRequests()).isEqualTo(throttled);
        assertThat(totals.tables().get("prov").billingMode()).isEqualTo("PROVISIONED");
        assertThat(totals.tables().get("prov").provisionedWriteCapacityUnits()).isEqualTo(1);
        InsightsLine.Partitions partitions = lines(InsightsLine.Partitions.class).getFirst();
        assertThat(partitions.partitions()).singleElement().satisfies(p -> {
            assertThat(p.throttledRequests()).isEqualTo(throttledRequests);
            assertThat(p.throttledWriteUnits()).isEqualTo(7.0);
        });
    }

    @Test
    void partitionIntervalsAreExactDifferencesAcrossASplit() throws IOException {
        table("tbl", 1);
        put("tbl", "before-the-recorder", 0); // counted by the engine, not by the interval
        attach();
        for (int i = 0; i < 3; i++) {
            put("tbl", "k" + i, i);
        }
        advance(1);
        recorder.tick();
        List<InsightsLine.Partitions> first = lines(InsightsLine.Partitions.class);
        assertThat(first).singleElement().satisfies(line -> {
            assertThat(line.second()).isZero();
            assertThat(line.lengthSeconds()).isEqualTo(1.0);
            assertThat(line.epochMillis()).isEqualTo(EPOCH);
            assertThat(line.partitions()).singleElement().satisfies(p -> {
                assertThat(p.id()).isZero();
                assertThat(p.consumedWriteUnits()).isEqualTo(3.0);
                assertThat(p.retired()).isFalse();
                assertThat(p.lowHash()).isEqualTo("0");
            });
        });

        // second 1: two writes before the split, then the split, then writes to each child
        put("tbl", "k0", 10);
        put("tbl", "k1", 10);
        PartitionMap partitions = engine.partitions("tbl");
        partitions.split(partitions.get(0), 1L << 63);
        assertThat(partitions.count()).isEqualTo(2);
        int low = 0;
        int high = 0;
        for (int i = 0; i < 20; i++) {
            String key = "after" + i;
            put("tbl", key, 1);
            if (partitions.of(s(key)).index() == 0) {
                low++;
            } else {
                high++;
            }
        }
        assertThat(low).isPositive();
        assertThat(high).isPositive();
        advance(1);
        recorder.tick();
        InsightsLine.Partitions second = lines(InsightsLine.Partitions.class).get(1);
        assertThat(second.second()).isEqualTo(1.0);
        assertThat(second.epochMillis()).isEqualTo(EPOCH + 1000);
        assertThat(second.partitions()).hasSize(3);
        InsightsLine.PartitionUnits parent = second.partitions().stream().filter(InsightsLine.PartitionUnits::retired)
                .findFirst().orElseThrow();
        assertThat(parent.id()).isZero();
        assertThat(parent.index()).isEqualTo(-1);
        assertThat(parent.consumedWriteUnits()).isEqualTo(2.0);
        List<InsightsLine.PartitionUnits> children = second.partitions().stream().filter(p -> !p.retired()).toList();
        assertThat(children).extracting(InsightsLine.PartitionUnits::parentId).containsOnly(0);
        assertThat(children).extracting(InsightsLine.PartitionUnits::index).containsExactly(0, 1);
        assertThat(children).extracting(InsightsLine.PartitionUnits::consumedWriteUnits)
                .containsExactly((double) low, (double) high);

        // second 2: one write to the low child; the parent is not reported again
        put("tbl", "after0", 2);
        advance(1);
        recorder.tick();
        InsightsLine.Partitions third = lines(InsightsLine.Partitions.class).get(2);
        assertThat(third.partitions()).hasSize(2).noneMatch(InsightsLine.PartitionUnits::retired);
        assertThat(third.partitions().stream().mapToDouble(InsightsLine.PartitionUnits::consumedWriteUnits).sum())
                .isEqualTo(1.0);
        // an idle second writes no partitions line
        advance(1);
        recorder.tick();
        assertThat(lines(InsightsLine.Partitions.class)).hasSize(3);
    }

    @Test
    void aRestartedRecorderAppendsAndItsLinesCarryTheirEpochMillis() throws IOException {
        table("tbl", 1);
        attach();
        put("tbl", "a", 1);
        advance(90); // the minute closes at 60 s; close writes the partial 30 s after it
        recorder.tick();
        put("tbl", "b", 1);
        recorder.close();
        recorder = null;
        List<InsightsLine.Access> firstRun = lines(InsightsLine.Access.class);
        assertThat(firstRun).extracting(InsightsLine::epochMillis).containsExactly(EPOCH, EPOCH + 60_000);
        assertThat(firstRun.get(1).lengthSeconds()).isEqualTo(30.0);
        assertThat(firstRun.get(1).minute()).isEqualTo(1);

        advance(10);
        attach(); // the server restarted: same file, its clock's epoch now
        put("tbl", "c", 1);
        advance(5);
        recorder.close();
        recorder = null;
        List<InsightsLine.Access> both = lines(InsightsLine.Access.class);
        assertThat(both).hasSize(3);
        assertThat(both.get(2).epochMillis()).isEqualTo(EPOCH + 100_000);
        assertThat(both.get(2).minute()).isZero();
        assertThat(both.get(2).lengthSeconds()).isEqualTo(5.0);
        assertThat(Files.readAllLines(dir.resolve("insights.jsonl"))).allMatch(l -> l.contains("\"epochMillis\":"));
    }

    @Test
    void aBatchCountsOnEveryTableItTouches() throws IOException {
        table("aaa", 1);
        table("bbb", 1);
        attach();
        engine.batchWriteItem(new keystorm.engine.api.BatchWriteItemRequest(Map.of(
                "aaa", List.of(new keystorm.engine.api.WriteRequest.Put(Item.of(Map.of("pk", s("x"), "sk", n(1))))),
                "bbb", List.of(new keystorm.engine.api.WriteRequest.Put(Item.of(Map.of("pk", s("y"), "sk", n(1)))),
                        new keystorm.engine.api.WriteRequest.Put(Item.of(Map.of("pk", s("z"), "sk", n(1)))))), null));
        recorder.close();
        recorder = null;
        List<InsightsLine.Access> access = lines(InsightsLine.Access.class);
        assertThat(access).extracting(InsightsLine.Access::table).containsExactly("aaa", "bbb");
        assertThat(access).allMatch(a -> a.operation() == Operation.BATCH_WRITE_ITEM && a.kind() == AccessKind.BATCH
                && a.requests() == 1);
        assertThat(access).extracting(InsightsLine.Access::writeUnits).containsExactly(1.0, 2.0);
    }

    @Test
    void aCancelledTransactionIsATransactionRequestThatConsumedNothing() throws IOException {
        table("tbl", 1);
        put("tbl", "a", 1);
        attach();
        assertThatThrownBy(() -> engine.transactWriteItems(keystorm.engine.api.TransactWriteItemsRequest.of(List.of(
                keystorm.engine.api.TransactWriteItem.Put.of("tbl", Item.of(Map.of("pk", s("b"), "sk", n(1)))),
                keystorm.engine.api.TransactWriteItem.ConditionCheck.of("tbl", Map.of("pk", s("a"), "sk", n(1)),
                        "attribute_not_exists(pk)", null)))))
                .isInstanceOf(keystorm.engine.api.TransactionCanceledException.class);
        assertThatThrownBy(() -> engine.transactWriteItems(keystorm.engine.api.TransactWriteItemsRequest.of(List.of(
                keystorm.engine.api.TransactWriteItem.Put.of("no-such-table", Item.of(Map.of("pk", s("b"))))))))
                .isInstanceOf(DynamoException.class);
        engine.transactWriteItems(keystorm.engine.api.TransactWriteItemsRequest.of(List.of(
                keystorm.engine.api.TransactWriteItem.Put.of("tbl", Item.of(Map.of("pk", s("c"), "sk", n(1)))))));
        recorder.close();
        recorder = null;
        InsightsLine.Access transaction = access(lines(InsightsLine.Access.class), Operation.TRANSACT_WRITE_ITEMS);
        assertThat(transaction.table()).isEqualTo("tbl");
        assertThat(transaction.kind()).isEqualTo(AccessKind.TRANSACTION);
        assertThat(transaction.requests()).isEqualTo(2); // the cancelled one and the committed one
        assertThat(transaction.writeUnits()).isEqualTo(2.0); // a transactional write meters twice
        assertThat(lines(InsightsLine.Access.class)).extracting(InsightsLine::table).containsOnly("tbl");
    }

    @Test
    void aBadLineIsNamedByFileLineAndField() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"type\":\"access\",\"epochMillis\":1,\"minute\":0}\n{}\n");
        assertThatThrownBy(() -> InsightsLines.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":1: field operation is missing");
        Files.writeString(file, "{\"type\":\"keys\",\"epochMillis\":1,\"minute\":0,\"lengthSeconds\":60,"
                + "\"table\":\"t\",\"accessed\":[],\"throttled\":[]}\n{\"type\":\"acc");
        assertThat(InsightsLines.read(file)).hasSize(1); // a last line cut short by a kill is skipped
    }
}
