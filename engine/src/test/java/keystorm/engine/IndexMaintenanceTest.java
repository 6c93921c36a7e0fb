package keystorm.engine;

import static keystorm.engine.IndexFixtures.N;
import static keystorm.engine.IndexFixtures.S;
import static keystorm.engine.IndexFixtures.gsi;
import static keystorm.engine.IndexFixtures.lsi;
import static keystorm.engine.IndexFixtures.query;
import static keystorm.engine.IndexFixtures.scan;
import static keystorm.engine.TableOperationsTest.assertError;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.Projection;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.SecondaryIndex;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.ManualClock;
import keystorm.engine.time.VirtualScheduler;
import keystorm.engine.wal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How indexes follow their table: the lag of a global index on the engine's clock (stale, then caught
 * up, never ahead, each item's changes in order), the write-time checks of index keys, transactions
 * and batches, and recovery from the log and from a snapshot.
 */
class IndexMaintenanceTest {
    private static final TableSchema BASE = IndexFixtures.table("orders", "customer", S, "id", N);
    private static final TableSchema ORDERS = BASE.withIndexes(List.of(
            gsi("byStatus", "status", S, null, null, Projection.all()),
            gsi("byTotal", "customer", S, "total", N, Projection.keysOnly()),
            lsi(BASE, "byDate", "date", S, Projection.include(List.of("status")))));
    private static final long LAG_MILLIS = 100;

    @TempDir
    Path dir;

    private static Item order(String customer, int id, String status, int total, String date) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("customer", s(customer));
        item.put("id", n(id));
        item.put("status", s(status));
        item.put("total", n(total));
        item.put("date", s(date));
        return Item.of(item);
    }

    private static QueryRequest byStatus(String status) {
        return query("orders", "byStatus", "#s = :s", Map.of("#s", "status"), Map.of(":s", s(status)));
    }

    private static QueryRequest byDate(String customer) {
        return query("orders", "byDate", "customer = :c", Map.of(), Map.of(":c", s(customer)));
    }

    private static QueryRequest consistent(QueryRequest q) {
        return new QueryRequest(q.tableName(), q.keyConditionExpression(), q.filterExpression(),
                q.projectionExpression(), q.expressions(), q.select(), q.limit(), true, q.scanIndexForward(),
                q.exclusiveStartKey(), q.returnConsumedCapacity(), q.indexName());
    }

    private static UpdateItemRequest setStatus(String customer, int id, String status) {
        return UpdateItemRequest.of("orders", Map.of("customer", s(customer), "id", n(id)), "SET #s = :s",
                new ExpressionInput(Map.of("#s", "status"), Map.of(":s", s(status))));
    }

    @Test
    void aLaggingGlobalIndexIsStaleThenCaughtUpAndNeverAhead() {
        ManualClock clock = new ManualClock();
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withThrottling(false)
                .withGlobalIndexLagNanos(TimeUnit.MILLISECONDS.toNanos(LAG_MILLIS)));
        IndexFixtures.create(engine, ORDERS);
        engine.putItem(PutItemRequest.of("orders", order("ann", 1, "open", 10, "d1")));
        assertThat(engine.query(byStatus("open")).count()).as("the global index before its lag").isZero();
        assertThat(engine.query(consistent(byDate("ann"))).count()).as("the local index at once").isOne();
        assertThat(engine.describeTable("orders").globalSecondaryIndexes()).extracting(d -> d.itemCount())
                .containsExactly(0L, 0L);
        clock.advance(LAG_MILLIS - 1, TimeUnit.MILLISECONDS);
        assertThat(engine.query(byStatus("open")).count()).isZero();
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertThat(engine.query(byStatus("open")).count()).as("due now").isOne();
        // each change of the item is applied in its order, each when due
        engine.updateItem(setStatus("ann", 1, "paid"));
        clock.advance(10, TimeUnit.MILLISECONDS);
        engine.updateItem(setStatus("ann", 1, "sent"));
        clock.advance(10, TimeUnit.MILLISECONDS);
        engine.updateItem(setStatus("ann", 1, "done"));
        for (String expected : List.of("open", "paid", "sent", "done")) {
            assertThat(engine.scan(scan("orders", "byStatus")).items())
                    .extracting(i -> i.get("status")).containsExactly(s(expected));
            clock.advance(expected.equals("open") ? LAG_MILLIS - 20 : 10, TimeUnit.MILLISECONDS);
        }
        assertThat(engine.describeTable("orders").globalSecondaryIndexes()).extracting(d -> d.itemCount())
                .containsExactly(1L, 1L);
    }

    @Test
    void underTheSimulationALaggingIndexCatchesUpAsATaskWithoutAnyRead() {
        VirtualScheduler scheduler = new VirtualScheduler();
        Engine engine = new Engine(EngineConfig.inMemory().withScheduler(scheduler).withThrottling(false)
                .withGlobalIndexLagNanos(TimeUnit.MILLISECONDS.toNanos(LAG_MILLIS)));
        IndexFixtures.create(engine, ORDERS);
        engine.putItem(PutItemRequest.of("orders", order("ann", 1, "open", 10, "d1")));
        SecondaryIndex byStatus = engine.live("orders").data.index("byStatus");
        assertThat(byStatus.itemCount()).isZero();
        assertThat(byStatus.outstanding()).isOne();
        scheduler.advance(LAG_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(byStatus.outstanding()).isZero();
        assertThat(byStatus.itemCount()).isOne();
    }

    @Test
    void aWrongOrEmptyIndexKeyIsRefusedBeforeAnythingIsWritten() {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        IndexFixtures.create(engine, ORDERS);
        Map<String, AttributeValue> wrong = new LinkedHashMap<>(order("ann", 1, "open", 10, "d1").attributes());
        wrong.put("status", n(3));
        assertError(() -> engine.putItem(PutItemRequest.of("orders", Item.of(wrong))), ErrorType.ValidationException,
                "One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N "
                        + "IndexName: byStatus");
        Map<String, AttributeValue> empty = new LinkedHashMap<>(order("ann", 1, "open", 10, "").attributes());
        assertError(() -> engine.putItem(PutItemRequest.of("orders", Item.of(empty))), ErrorType.ValidationException,
                "One or more parameter values are not valid. A value specified for a secondary index key is not "
                        + "supported. The AttributeValue for a key attribute cannot contain an empty string value. "
                        + "IndexName: byDate, IndexKey: date");
        assertError(() -> engine.putItem(PutItemRequest.of("orders", order("ann", 1, "o".repeat(2049), 10, "d1"))),
                ErrorType.ValidationException, "Size limit exceeded for Index Key status Actual Size: 2049 bytes Max Size: "
                        + "2048 bytes IndexName: byStatus");
        assertError(() -> engine.putItem(PutItemRequest.of("orders", order("ann", 1, "open", 10, "d".repeat(1025)))),
                ErrorType.ValidationException, "Size limit exceeded for Index Key date Actual Size: 1025 bytes Max Size: "
                        + "1024 bytes IndexName: byDate");
        engine.putItem(PutItemRequest.of("orders", order("ann", 3, "o".repeat(2048), 10, "d".repeat(1024))));
        engine.deleteItem(keystorm.engine.api.DeleteItemRequest.of("orders", Map.of("customer", s("ann"), "id", n(3))));
        engine.putItem(PutItemRequest.of("orders", order("ann", 2, "open", 10, "d1")));
        assertError(() -> engine.updateItem(UpdateItemRequest.of("orders", Map.of("customer", s("ann"), "id", n(2)),
                "SET #t = :t", new ExpressionInput(Map.of("#t", "total"), Map.of(":t", s("ten"))))),
                ErrorType.ValidationException, "Type mismatch for Index Key total Expected: N Actual: S IndexName: byTotal");
        assertError(() -> engine.updateItem(UpdateItemRequest.of("orders", Map.of("customer", s("ann"), "id", n(2)),
                "SET #s.x = :t", new ExpressionInput(Map.of("#s", "status"), Map.of(":t", s("x"))))),
                ErrorType.ValidationException, "Key attributes must be scalars; list random access '[]' and map lookup "
                        + "'.' are not allowed: IndexKey: status");
        assertError(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of("orders", List.of(
                new WriteRequest.Put(order("bob", 1, "open", 1, "d1")), new WriteRequest.Put(Item.of(wrong)))), null)),
                ErrorType.ValidationException, "Type mismatch for Index Key status");
        // a transaction answers it as the item's cancellation reason
        for (TransactWriteItem refused : List.of(TransactWriteItem.Put.of("orders", Item.of(wrong)),
                TransactWriteItem.Update.of("orders", Map.of("customer", s("ann"), "id", n(2)), "SET #s = :s", null,
                        new ExpressionInput(Map.of("#s", "status"), Map.of(":s", n(1)))))) {
            assertThatThrownBy(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                    TransactWriteItem.Put.of("orders", order("cat", 1, "open", 1, "d1")), refused))))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                        assertThat(e.reasons()).extracting(CancellationReason::code)
                                .containsExactly("None", "ValidationError");
                        assertThat(e.reasons().get(1).message())
                                .startsWith("One or more parameter values were invalid: Type mismatch for Index Key status");
                    });
        }
        assertThat(engine.scan(ScanRequest.of("orders")).items()).containsExactly(order("ann", 2, "open", 10, "d1"));
        for (SecondaryIndex index : engine.live("orders").data.indexes()) {
            assertThat(index.itemCount()).as(index.schema().name()).isOne();
        }
    }

    /**
     * An index key is held to DynamoDB's key size limits (2048 bytes as an index's partition key, 1024
     * as its sort key, in UTF-8 bytes): at the limit it is indexed, over it the write is refused with
     * DynamoDB's "Size limit exceeded for Index Key" and reaches neither the table nor any index.
     */
    @Test
    void anOversizedIndexKeyIsRefusedBeforeAnythingIsWritten() {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        IndexFixtures.create(engine, ORDERS);
        engine.putItem(PutItemRequest.of("orders", order("ann", 1, "s".repeat(2048), 10, "d".repeat(1024))));
        assertThat(engine.query(byStatus("s".repeat(2048))).count()).isOne();
        assertThat(engine.query(byDate("ann")).count()).isOne();
        assertError(() -> engine.putItem(PutItemRequest.of("orders", order("ann", 2, "s".repeat(2049), 10, "d1"))),
                ErrorType.ValidationException, "One or more parameter values were invalid: Size limit exceeded for Index "
                        + "Key status Actual Size: 2049 bytes Max Size: 2048 bytes IndexName: byStatus");
        assertError(() -> engine.putItem(PutItemRequest.of("orders", order("ann", 3, "open", 10, "\u00e9".repeat(513)))),
                ErrorType.ValidationException, "One or more parameter values were invalid: Size limit exceeded for Index "
                        + "Key date Actual Size: 1026 bytes Max Size: 1024 bytes IndexName: byDate");
        assertError(() -> engine.updateItem(UpdateItemRequest.of("orders", Map.of("customer", s("ann"), "id", n(1)),
                "SET #s = :s", new ExpressionInput(Map.of("#s", "status"), Map.of(":s", s("x".repeat(65_536)))))),
                ErrorType.ValidationException, "Size limit exceeded for Index Key status Actual Size: 65536 bytes");
        assertThat(engine.scan(ScanRequest.of("orders")).items())
                .containsExactly(order("ann", 1, "s".repeat(2048), 10, "d".repeat(1024)));
        for (SecondaryIndex index : engine.live("orders").data.indexes()) {
            assertThat(index.itemCount()).as(index.schema().name()).isOne();
        }
    }

    @Test
    void transactionsAndBatchesMaintainEveryIndex() {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        IndexFixtures.create(engine, ORDERS);
        engine.batchWriteItem(new BatchWriteItemRequest(Map.of("orders", List.of(
                new WriteRequest.Put(order("ann", 1, "open", 10, "d1")),
                new WriteRequest.Put(order("ann", 2, "open", 20, "d2")),
                new WriteRequest.Put(order("bob", 1, "open", 30, "d3")))), null));
        assertThat(engine.query(byStatus("open")).count()).isEqualTo(3);
        engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.Update.of("orders", Map.of("customer", s("ann"), "id", n(1)), "SET #s = :s", null,
                        new ExpressionInput(Map.of("#s", "status"), Map.of(":s", s("paid")))),
                TransactWriteItem.Delete.of("orders", Map.of("customer", s("ann"), "id", n(2))),
                TransactWriteItem.Put.of("orders", order("cat", 1, "paid", 5, "d4")))));
        assertThat(engine.query(byStatus("open")).items()).extracting(i -> i.get("customer")).containsExactly(s("bob"));
        assertThat(engine.query(byStatus("paid")).count()).isEqualTo(2);
        assertThat(engine.query(byDate("ann")).items()).containsExactly(Item.of(Map.of("customer", s("ann"),
                "id", n(1), "date", s("d1"), "status", s("paid"))));
        engine.batchWriteItem(new BatchWriteItemRequest(Map.of("orders", List.of(
                new WriteRequest.Delete(Map.of("customer", s("bob"), "id", n(1))))), null));
        assertThat(engine.scan(scan("orders", "byTotal")).count()).isEqualTo(2);
        assertThat(engine.scan(scan("orders", "byDate")).count()).isEqualTo(2);
    }

    @Test
    void recoveryRebuildsTheIndexesFromTheLogAndFromASnapshot() {
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withThrottling(false)
                .withGlobalIndexLagNanos(TimeUnit.SECONDS.toNanos(3600)).withSnapshotBytes(16 * 1024);
        List<Item> before;
        try (Engine engine = new Engine(config)) {
            IndexFixtures.create(engine, ORDERS);
            for (int i = 0; i < 300; i++) {
                engine.putItem(PutItemRequest.of("orders", order("c" + i % 7, i, "s" + i % 3, i, "d" + i % 5)));
            }
            for (int i = 0; i < 300; i += 4) {
                engine.updateItem(setStatus("c" + i % 7, i, "late"));
            }
            engine.awaitSnapshot();
            before = engine.scan(ScanRequest.of("orders")).items();
        }
        try (Engine engine = new Engine(config)) {
            assertThat(engine.recovery().snapshotRecords()).as("a snapshot was loaded").isPositive();
            assertThat(engine.scan(ScanRequest.of("orders")).items()).containsExactlyInAnyOrderElementsOf(before);
            Table table = new Table(engine);
            // Recovered writes were acknowledged before the crash: the lagging index holds them all at once.
            assertThat(table.index("byStatus").outstanding()).isZero();
            assertThat(engine.query(byStatus("late")).count()).isEqualTo(75);
            assertThat(table.index("byStatus").itemCount()).isEqualTo(300);
            assertThat(table.index("byTotal").itemCount()).isEqualTo(300);
            assertThat(engine.query(byDate("c3")).count()).isEqualTo(before.stream()
                    .filter(i -> i.get("customer").equals(s("c3"))).count());
        }
    }

    /** The recovered table's indexes. */
    private record Table(Engine engine) {
        SecondaryIndex index(String name) {
            return engine.live("orders").data.index(name);
        }
    }
}
