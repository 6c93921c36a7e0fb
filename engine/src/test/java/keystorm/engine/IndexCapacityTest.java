package keystorm.engine;

import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.BatchWriteItemResponse;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GlobalSecondaryIndexUpdate;
import keystorm.engine.api.Limits;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ThrottledException;
import keystorm.engine.api.ThrottlingReason;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.UpdateTableRequest;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.partition.Partition;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Index capacity: what a write costs each secondary index (DynamoDB's rules, in ConsumedCapacity
 * TOTAL and INDEXES), a global index's own partitions metering its reads and its writes, the
 * back-pressure of a global index short of write capacity on its table, ThrottlingReasons naming the
 * table or index. A manual clock and a one-second burst make every figure exact.
 */
class IndexCapacityTest {
    static final String T = "tbl";
    static final String ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/tbl";
    final ManualClock clock = new ManualClock();

    Engine engine() {
        return new Engine(EngineConfig.inMemory().withClock(clock)
                .withLimits(Limits.DYNAMODB.with(b -> b.burstSeconds = 1)));
    }

    /**
     * Table t (pk, sk), provisioned {@code table}; GSI g on gk projecting p, provisioned {@code index};
     * LSI l on lk, keys only.
     */
    static TableSchema schema(ProvisionedThroughput table, ProvisionedThroughput index) {
        TableSchema base = new TableSchema(T, "pk", IndexFixtures.S, "sk", IndexFixtures.S, BillingMode.PROVISIONED,
                table);
        IndexSchema g = new IndexSchema("g", IndexSchema.Kind.GLOBAL, "gk", IndexFixtures.S, null, null,
                Projection.include(List.of("p")), index);
        IndexSchema l = IndexFixtures.lsi(base, "l", "lk", IndexFixtures.S, Projection.keysOnly());
        return base.withIndexes(List.of(g, l));
    }

    Engine plenty() {
        Engine engine = engine();
        IndexFixtures.create(engine, schema(new ProvisionedThroughput(100, 100), new ProvisionedThroughput(100, 100)));
        return engine;
    }

    static Item item(String pk, String... pairs) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("pk", s(pk));
        attributes.put("sk", s("0"));
        for (int i = 0; i < pairs.length; i += 2) {
            attributes.put(pairs[i], s(pairs[i + 1]));
        }
        return Item.of(attributes);
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk), "sk", s("0"));
    }

    static ConsumedCapacity put(Engine engine, Item item) {
        return engine.putItem(new PutItemRequest(T, item, null, null, null, null, ReturnConsumedCapacity.INDEXES))
                .consumedCapacity();
    }

    static ConsumedCapacity update(Engine engine, String pk, String expression, Map<String, AttributeValue> values) {
        return engine.updateItem(new UpdateItemRequest(T, key(pk), expression, null,
                new ExpressionInput(null, values.isEmpty() ? null : values), null, null,
                ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    }

    static ConsumedCapacity delete(Engine engine, String pk) {
        return engine.deleteItem(new DeleteItemRequest(T, key(pk), null, null, null, null,
                ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    }

    /** Asserts the total, the table's part and each index's part (null: not in the answer). */
    static void assertCost(ConsumedCapacity capacity, double total, double table, Double g, Double l) {
        assertThat(capacity.capacityUnits()).as("total").isEqualTo(total);
        assertThat(capacity.writeCapacityUnits()).as("write units").isEqualTo(total);
        assertThat(capacity.tableUnits()).as("table").isEqualTo(table);
        assertThat(capacity.globalSecondaryIndexes()).as("GlobalSecondaryIndexes")
                .isEqualTo(g == null ? null : Map.of("g", g));
        assertThat(capacity.localSecondaryIndexes()).as("LocalSecondaryIndexes")
                .isEqualTo(l == null ? null : Map.of("l", l));
    }

    // ---- cost rules

    @Test
    void anItemOutsideEveryIndexCostsTheTableOnly() {
        Engine engine = plenty();
        assertCost(put(engine, item("a", "p", "x")), 1, 1, null, null);
        assertCost(update(engine, "a", "SET p = :v", Map.of(":v", s("y"))), 1, 1, null, null);
        assertCost(delete(engine, "a"), 1, 1, null, null);
    }

    @Test
    void enteringAnIndexCostsOneWriteAndLeavingItOne() {
        Engine engine = plenty();
        assertCost(put(engine, item("a", "gk", "k1", "lk", "m1")), 3, 1, 1.0, 1.0);
        assertCost(delete(engine, "a"), 3, 1, 1.0, 1.0);
        assertCost(put(engine, item("b")), 1, 1, null, null);
        assertCost(update(engine, "b", "SET gk = :v", Map.of(":v", s("k1"))), 2, 1, 1.0, null);
        assertCost(update(engine, "b", "REMOVE gk", Map.of()), 2, 1, 1.0, null);
    }

    @Test
    void changingAnIndexKeyCostsTwoWrites() {
        Engine engine = plenty();
        put(engine, item("a", "gk", "k1", "lk", "m1"));
        assertCost(update(engine, "a", "SET gk = :v", Map.of(":v", s("k2"))), 3, 1, 2.0, null);
        assertCost(update(engine, "a", "SET lk = :v", Map.of(":v", s("m2"))), 3, 1, null, 2.0);
    }

    @Test
    void aProjectedAttributeCostsOneWriteAndAnUnprojectedOneNone() {
        Engine engine = plenty();
        put(engine, item("a", "gk", "k1", "lk", "m1"));
        // p is projected into g only; l is KEYS_ONLY
        assertCost(update(engine, "a", "SET p = :v", Map.of(":v", s("x"))), 2, 1, 1.0, null);
        assertCost(update(engine, "a", "SET q = :v", Map.of(":v", s("x"))), 1, 1, null, null);
        // a put rewriting the item as it was changes nothing either index holds
        assertCost(put(engine, engine.getItem(GetItemRequest.of(T, key("a"))).item()), 1, 1, null, null);
    }

    @Test
    void anIndexWriteCostsItsProjectedEntrySizeInKilobytes() {
        Engine engine = plenty();
        String big = "x".repeat(3000);
        // the table item is ~6 KB; g holds keys and p (~3 KB), l keys only (under 1 KB)
        ConsumedCapacity capacity = put(engine, item("a", "gk", "k1", "lk", "m1", "p", big, "q", big));
        assertThat(capacity.tableUnits()).isEqualTo(6);
        assertThat(capacity.globalSecondaryIndexes()).isEqualTo(Map.of("g", 3.0));
        assertThat(capacity.localSecondaryIndexes()).isEqualTo(Map.of("l", 1.0));
        assertThat(capacity.capacityUnits()).isEqualTo(10);
    }

    @Test
    void totalAddsTheIndexesWithoutParts() {
        Engine engine = plenty();
        ConsumedCapacity total = engine.putItem(new PutItemRequest(T, item("a", "gk", "k1"), null, null, null, null,
                ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(total.capacityUnits()).isEqualTo(2);
        assertThat(total.tableUnits()).isNull();
        assertThat(total.globalSecondaryIndexes()).isNull();
    }

    @Test
    void aTransactionPaysDoubleOnItsIndexesToo() {
        Engine engine = plenty();
        List<ConsumedCapacity> capacity = engine.transactWriteItems(new TransactWriteItemsRequest(List.of(
                TransactWriteItem.Put.of(T, item("a", "gk", "k1", "lk", "m1")),
                TransactWriteItem.Put.of(T, item("b"))), null, ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        // a: table 2, g 2, l 2; b: table 2
        assertThat(capacity).singleElement().satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(8));
    }

    @Test
    void aBatchAddsEachItemsIndexWrites() {
        Engine engine = plenty();
        BatchWriteItemResponse response = engine.batchWriteItem(new BatchWriteItemRequest(Map.of(T, List.of(
                new WriteRequest.Put(item("a", "gk", "k1")), new WriteRequest.Put(item("b", "lk", "m1")),
                new WriteRequest.Put(item("c")))), ReturnConsumedCapacity.INDEXES));
        assertThat(response.consumedCapacity()).singleElement().satisfies(c -> assertCost(c, 5, 3, 1.0, 1.0));
    }

    // ---- a global index's own throughput

    @Test
    void globalIndexReadsAreMeteredAndThrottledOnTheIndex() {
        Engine engine = engine();
        IndexFixtures.create(engine, schema(new ProvisionedThroughput(100, 100), new ProvisionedThroughput(1, 100)));
        put(engine, item("a", "gk", "k1"));
        QueryRequest query = IndexFixtures.query(T, "g", "gk = :k", Map.of(), Map.of(":k", s("k1")));
        // one RCU and a one-second burst: two eventually consistent pages of under 4 KB (half a unit each)
        engine.query(query);
        engine.query(query);
        assertThatThrownBy(() -> engine.query(query)).isInstanceOfSatisfying(ThrottledException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.ProvisionedThroughputExceededException);
            assertThat(e.reasons()).containsExactly(
                    new ThrottlingReason("IndexReadProvisionedThroughputExceeded", ARN + "/index/g"));
        });
        assertThatThrownBy(() -> engine.scan(IndexFixtures.scan(T, "g")))
                .isInstanceOfSatisfying(ThrottledException.class, e -> assertThat(e.reasons().getFirst().reason())
                        .isEqualTo("IndexReadProvisionedThroughputExceeded"));
        // the table's own reads are not the index's
        engine.query(QueryRequest.of(T, "pk = :k", new ExpressionInput(null, Map.of(":k", s("a")))));
        clock.advance(1, TimeUnit.SECONDS);
        engine.query(query);
        List<Partition.Metrics> index = engine.indexPartitionMetrics(T, "g");
        assertThat(index.stream().mapToDouble(Partition.Metrics::consumedReadUnits).sum()).isEqualTo(1.5);
        assertThat(index.stream().mapToLong(Partition.Metrics::throttledRequests).sum()).isEqualTo(2);
        assertThat(engine.partitionMetrics(T).stream().mapToDouble(Partition.Metrics::consumedReadUnits).sum())
                .isEqualTo(0.5);
    }

    @Test
    void aGlobalIndexShortOfWriteCapacityThrottlesItsTable() {
        Engine engine = engine();
        IndexFixtures.create(engine, schema(new ProvisionedThroughput(100, 100), new ProvisionedThroughput(100, 1)));
        put(engine, item("a", "gk", "k1"));
        assertThatThrownBy(() -> put(engine, item("b", "gk", "k2"))).isInstanceOfSatisfying(ThrottledException.class,
                e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.ProvisionedThroughputExceededException);
                    assertThat(e.getMessage()).isEqualTo("The level of configured provisioned throughput for one or "
                            + "more global secondary indexes of the table was exceeded. Consider increasing your "
                            + "provisioning level for the under-provisioned global secondary indexes with the "
                            + "UpdateTable API");
                    assertThat(e.reasons()).containsExactly(
                            new ThrottlingReason("IndexWriteProvisionedThroughputExceeded", ARN + "/index/g"));
                });
        // nothing applied, nothing consumed on the table
        assertThat(engine.getItem(GetItemRequest.of(T, key("b"))).item()).isNull();
        assertThat(tableWriteUnits(engine)).isEqualTo(1);
        // an update of the index key, a delete of an indexed item: throttled as well
        assertThatThrownBy(() -> update(engine, "a", "SET gk = :v", Map.of(":v", s("k3"))))
                .isInstanceOf(ThrottledException.class);
        assertThatThrownBy(() -> delete(engine, "a")).isInstanceOf(ThrottledException.class);
        assertThat(engine.getItem(GetItemRequest.of(T, key("a"))).item().get("gk")).isEqualTo(s("k1"));
        // a write outside the index goes through
        assertCost(put(engine, item("c", "p", "x")), 1, 1, null, null);
        // a transaction is cancelled, a batch left unprocessed
        assertThatThrownBy(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.Put.of(T, item("d")), TransactWriteItem.Put.of(T, item("e", "gk", "k4"))))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.reasons().get(1).code())
                        .isEqualTo("ProvisionedThroughputExceeded"));
        assertThat(engine.getItem(GetItemRequest.of(T, key("d"))).item()).isNull();
        BatchWriteItemResponse batch = engine.batchWriteItem(new BatchWriteItemRequest(Map.of(T, List.of(
                new WriteRequest.Put(item("f")), new WriteRequest.Put(item("g", "gk", "k5")))), null));
        assertThat(batch.unprocessedItems().get(T)).containsExactly(new WriteRequest.Put(item("g", "gk", "k5")));
        assertThat(engine.getItem(GetItemRequest.of(T, key("f"))).item()).isNotNull();
        assertThat(tableWriteUnits(engine)).isEqualTo(3);
        // a second later the index has its unit again
        clock.advance(1, TimeUnit.SECONDS);
        assertCost(put(engine, item("b", "gk", "k2")), 2, 1, 1.0, null);
    }

    @Test
    void updateTableGivesAGlobalIndexItsNewThroughput() {
        Engine engine = engine();
        IndexFixtures.create(engine, schema(new ProvisionedThroughput(100, 100), new ProvisionedThroughput(100, 1)));
        put(engine, item("a", "gk", "k1"));
        assertThatThrownBy(() -> put(engine, item("b", "gk", "k2"))).isInstanceOf(ThrottledException.class);
        engine.updateTable(new UpdateTableRequest(T, null, null, null, List.of(
                new GlobalSecondaryIndexUpdate.Update("g", new ProvisionedThroughput(100, 5)))));
        clock.advance(1, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            put(engine, item("n" + i, "gk", "k" + i));
        }
        assertThatThrownBy(() -> put(engine, item("b", "gk", "k2"))).isInstanceOf(ThrottledException.class);
        assertThat(engine.indexPartitionMetrics(T, "l")).isEmpty();
        assertThat(engine.indexPartitionMetrics(T, "g").stream()
                .mapToDouble(Partition.Metrics::consumedWriteUnits).sum()).isEqualTo(6);
    }

    @Test
    void aLocalIndexWritesOnTheTablesPartition() {
        Engine engine = engine();
        IndexFixtures.create(engine, schema(new ProvisionedThroughput(100, 2), new ProvisionedThroughput(100, 100)));
        put(engine, item("a", "lk", "m1"));
        assertThat(tableWriteUnits(engine)).isEqualTo(2);
        assertThatThrownBy(() -> put(engine, item("b"))).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.reasons()).containsExactly(
                        new ThrottlingReason("TableWriteProvisionedThroughputExceeded", ARN)));
    }

    @Test
    void anOnDemandIndexThrottlesAtItsPartitionCeiling() {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock)
                .withLimits(Limits.DYNAMODB.with(b -> b.partitionWriteUnitsMax = 2)));
        TableSchema base = new TableSchema(T, "pk", IndexFixtures.S, "sk", IndexFixtures.S,
                BillingMode.PAY_PER_REQUEST, null);
        IndexFixtures.create(engine, base.withIndexes(List.of(
                IndexFixtures.gsi("g", "gk", IndexFixtures.S, null, null, Projection.keysOnly()))));
        // every item to one index partition-key value, each on another table partition key
        put(engine, item("a", "gk", "hot"));
        put(engine, item("b", "gk", "hot"));
        assertThatThrownBy(() -> put(engine, item("c", "gk", "hot"))).isInstanceOfSatisfying(ThrottledException.class,
                e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.ThrottlingException);
                    assertThat(e.reasons()).containsExactly(
                            new ThrottlingReason("IndexWriteKeyRangeThroughputExceeded", ARN + "/index/g"));
                });
    }

    // ---- item collections

    @Test
    void anItemCollectionOfATableWithLocalIndexesStopsAtItsLimit() {
        long limit = 2000;
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock)
                .withLimits(Limits.DYNAMODB.with(b -> b.itemCollectionBytesMax = limit)));
        IndexFixtures.create(engine, schema(new ProvisionedThroughput(1000, 1000),
                new ProvisionedThroughput(1000, 1000)));
        String payload = "x".repeat(300);
        long used = 0;
        int n = 0;
        while (true) {
            Item next = Item.of(Map.of("pk", s("a"), "sk", s("s" + n), "lk", s("m"), "q", s(payload)));
            long share = ItemSize.bytes(next)
                    + ItemSize.bytes(Item.of(Map.of("pk", s("a"), "sk", s("s" + n), "lk", s("m"))));
            if (used + share > limit) {
                assertThatThrownBy(() -> engine.putItem(PutItemRequest.of(T, next)))
                        .isInstanceOfSatisfying(DynamoException.class, e -> {
                            assertThat(e.type()).isEqualTo(ErrorType.ItemCollectionSizeLimitExceededException);
                            assertThat(e.getMessage()).isEqualTo("The total size of an item collection has exceeded "
                                    + "the maximum limit of 10 gigabytes.");
                        });
                assertThat(engine.getItem(GetItemRequest.of(T, Map.of("pk", s("a"), "sk", s("s" + n)))).item())
                        .isNull();
                // an update growing an item is refused too; one shrinking it passes, and so does another collection
                assertThatThrownBy(() -> engine.updateItem(UpdateItemRequest.of(T, Map.of("pk", s("a"), "sk",
                        s("s0")), "SET r = :v", new ExpressionInput(null, Map.of(":v", s(payload))))))
                        .isInstanceOfSatisfying(DynamoException.class, e -> assertThat(e.type())
                                .isEqualTo(ErrorType.ItemCollectionSizeLimitExceededException));
                assertThatThrownBy(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                        TransactWriteItem.Put.of(T, next)))))
                        .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(
                                e.reasons().getFirst().code()).isEqualTo("ItemCollectionSizeLimitExceeded"));
                engine.updateItem(UpdateItemRequest.of(T, Map.of("pk", s("a"), "sk", s("s0")), "REMOVE q",
                        ExpressionInput.NONE));
                engine.putItem(PutItemRequest.of(T, Item.of(Map.of("pk", s("b"), "sk", s("s0"), "q", s(payload)))));
                // with the room s0 gave back, the refused item fits
                engine.putItem(PutItemRequest.of(T, next));
                break;
            }
            engine.putItem(PutItemRequest.of(T, next));
            used += share;
            n++;
        }
        assertThat(n).isGreaterThan(1);
    }

    @Test
    void aTableWithoutLocalIndexesHasNoItemCollectionLimit() {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock)
                .withLimits(Limits.DYNAMODB.with(b -> b.itemCollectionBytesMax = 100)));
        TableSchema base = new TableSchema(T, "pk", IndexFixtures.S, "sk", IndexFixtures.S,
                BillingMode.PAY_PER_REQUEST, null);
        IndexFixtures.create(engine, base.withIndexes(List.of(
                IndexFixtures.gsi("g", "gk", IndexFixtures.S, null, null, Projection.all()))));
        for (int i = 0; i < 5; i++) {
            engine.putItem(PutItemRequest.of(T, Item.of(Map.of("pk", s("a"), "sk", s("s" + i), "gk", s("k"),
                    "q", s("x".repeat(100))))));
        }
        assertThat(engine.query(QueryRequest.of(T, "pk = :k", new ExpressionInput(null, Map.of(":k", s("a")))))
                .items()).hasSize(5);
    }

    static double tableWriteUnits(Engine engine) {
        return engine.partitionMetrics(T).stream().mapToDouble(Partition.Metrics::consumedWriteUnits).sum();
    }
}
