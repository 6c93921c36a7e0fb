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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.Projection;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.Select;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.SecondaryIndex;
import keystorm.engine.table.TableSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Query and Scan of secondary indexes: sparseness, projections, order, pages, Select, errors, capacity. */
class IndexQueryTest {
    private final Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));
    private static final TableSchema BASE = IndexFixtures.table("orders", "customer", S, "id", N);
    static final TableSchema ORDERS = BASE.withIndexes(List.of(
            gsi("byStatus", "status", S, "total", N, Projection.keysOnly()),
            gsi("byStatusAll", "status", S, "total", N, Projection.all()),
            gsi("byEmail", "email", S, null, null, Projection.include(List.of("name"))),
            lsi(BASE, "byDate", "date", S, Projection.keysOnly())));

    @BeforeEach
    void orders() {
        IndexFixtures.create(engine, ORDERS);
    }

    private void put(Map<String, AttributeValue> attributes) {
        engine.putItem(PutItemRequest.of("orders", Item.of(attributes)));
    }

    private static Map<String, AttributeValue> order(String customer, int id, String status, int total) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("customer", s(customer));
        item.put("id", n(id));
        item.put("status", s(status));
        item.put("total", n(total));
        item.put("note", s("n" + id));
        return item;
    }

    private SecondaryIndex index(String name) {
        return engine.live("orders").data.index(name);
    }

    private static List<Integer> ids(PageResponse page) {
        return page.items().stream().map(i -> ((AttributeValue.N) i.get("id")).value().toBigDecimal().intValue()).toList();
    }

    private QueryRequest byStatus(String status) {
        return query("orders", "byStatus", "#s = :s", Map.of("#s", "status"), Map.of(":s", s(status)));
    }

    @Test
    void anItemMissingAnIndexKeyIsNotInTheIndex() {
        put(order("ann", 1, "open", 10));
        Map<String, AttributeValue> noTotal = order("ann", 2, "open", 0);
        noTotal.remove("total");
        put(noTotal);
        Map<String, AttributeValue> noStatus = order("bob", 3, "x", 5);
        noStatus.remove("status");
        put(noStatus);
        assertThat(ids(engine.scan(scan("orders", "byStatus")))).containsExactly(1);
        assertThat(index("byStatus").itemCount()).isEqualTo(1);
        assertThat(engine.scan(scan("orders", "byEmail")).count()).isZero();
        assertThat(engine.scan(scan("orders", "byDate")).count()).isZero();
        assertThat(engine.scan(ScanRequest.of("orders")).count()).isEqualTo(3);
    }

    @Test
    void entriesHoldOnlyTheProjectedAttributes() {
        Map<String, AttributeValue> item = order("ann", 1, "open", 10);
        item.put("email", s("ann@example.com"));
        item.put("name", s("Ann"));
        item.put("date", s("2026-12-01"));
        put(item);
        assertThat(engine.scan(scan("orders", "byStatus")).items().getFirst().attributes())
                .isEqualTo(Map.of("customer", s("ann"), "id", n(1), "status", s("open"), "total", n(10)));
        assertThat(engine.scan(scan("orders", "byEmail")).items().getFirst().attributes())
                .isEqualTo(Map.of("customer", s("ann"), "id", n(1), "email", s("ann@example.com"), "name", s("Ann")));
        assertThat(engine.scan(scan("orders", "byStatusAll")).items().getFirst().attributes()).isEqualTo(item);
        assertThat(engine.scan(scan("orders", "byDate")).items().getFirst().attributes())
                .isEqualTo(Map.of("customer", s("ann"), "id", n(1), "date", s("2026-12-01")));
        assertThat(index("byEmail").sizeBytes()).isPositive().isLessThan(index("byStatusAll").sizeBytes());
    }

    @Test
    void queryOrdersBySortKeyThenByTheTableKey() {
        put(order("cat", 7, "open", 20));
        put(order("ann", 9, "open", 20));
        put(order("ann", 3, "open", 20));
        put(order("bob", 1, "open", 30));
        put(order("bob", 2, "open", 10));
        put(order("dan", 4, "done", 20));
        // total 10, then the three of total 20 by (customer, id), then total 30
        assertThat(ids(engine.query(byStatus("open")))).containsExactly(2, 3, 9, 7, 1);
        QueryRequest backwards = new QueryRequest("orders", "#s = :s", null, null,
                new ExpressionInput(Map.of("#s", "status"), Map.of(":s", s("open"))), null, null, false, false, null,
                null, "byStatus");
        assertThat(ids(engine.query(backwards))).containsExactly(1, 7, 9, 3, 2);
        assertThat(ids(engine.query(query("orders", "byStatus", "#s = :s AND #t BETWEEN :a AND :b",
                Map.of("#s", "status", "#t", "total"), Map.of(":s", s("open"), ":a", n(15), ":b", n(20))))))
                .containsExactly(3, 9, 7);
        assertThat(ids(engine.query(query("orders", "byStatus", "#s = :s AND #t < :a",
                Map.of("#s", "status", "#t", "total"), Map.of(":s", s("open"), ":a", n(20)))))).containsExactly(2);
        assertThat(ids(engine.query(query("orders", "byStatus", "#s = :s AND #t <= :a",
                Map.of("#s", "status", "#t", "total"), Map.of(":s", s("open"), ":a", n(20))))))
                .containsExactly(2, 3, 9, 7);
        assertThat(ids(engine.query(query("orders", "byStatus", "#s = :s AND #t > :a",
                Map.of("#s", "status", "#t", "total"), Map.of(":s", s("open"), ":a", n(20)))))).containsExactly(1);
        assertThat(ids(engine.query(query("orders", "byStatus", "#s = :s AND #t = :a",
                Map.of("#s", "status", "#t", "total"), Map.of(":s", s("open"), ":a", n(20)))))).containsExactly(3, 9, 7);
    }

    @Test
    void pagesResumeFromAKeyHoldingTheIndexAndTableKeys() {
        for (int i = 0; i < 30; i++) {
            put(order("c" + (i % 4), i, "open", i % 3));
        }
        List<Integer> whole = ids(engine.query(byStatus("open")));
        assertThat(whole).hasSize(30);
        List<Integer> paged = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            PageResponse page = engine.query(byStatus("open").withLimit(4).withExclusiveStartKey(start));
            paged.addAll(ids(page));
            start = page.lastEvaluatedKey();
            if (start != null) {
                assertThat(start.keySet()).containsExactlyInAnyOrder("customer", "id", "status", "total");
            }
            pages++;
        } while (start != null && pages < 20);
        assertThat(paged).isEqualTo(whole);
        List<Integer> scanned = new ArrayList<>();
        start = null;
        pages = 0;
        do {
            PageResponse page = engine.scan(scan("orders", "byStatus").withLimit(7).withExclusiveStartKey(start));
            scanned.addAll(ids(page));
            start = page.lastEvaluatedKey();
            pages++;
        } while (start != null && pages < 20);
        assertThat(scanned).containsExactlyInAnyOrderElementsOf(whole).doesNotHaveDuplicates();
    }

    @Test
    void aPageOfAnIndexIsOneMegabyteOfProjectedEntries() {
        for (int i = 0; i < 24; i++) {
            Map<String, AttributeValue> item = order("ann", i, "open", i);
            item.put("body", s("x".repeat(100_000)));
            put(item);
        }
        // 24 entries of some 40 bytes each: one page, where the table's own query needs three
        PageResponse keysOnly = engine.query(byStatus("open"));
        assertThat(keysOnly.count()).isEqualTo(24);
        assertThat(keysOnly.lastEvaluatedKey()).isNull();
        assertThat(keysOnly.consumedCapacity()).isNull();
        PageResponse all = engine.query(query("orders", "byStatusAll", "#s = :s", Map.of("#s", "status"),
                Map.of(":s", s("open"))));
        assertThat(all.count()).isEqualTo(11); // the page ends with the entry that reaches 1 MB
        assertThat(all.lastEvaluatedKey()).containsEntry("id", n(10)).containsEntry("total", n(10));
        assertThat(engine.query(QueryRequest.of("orders", "customer = :c",
                new ExpressionInput(null, Map.of(":c", s("ann"))))).count()).isEqualTo(11);
    }

    @Test
    void parallelScanSegmentsOfAnIndexPartitionItsEntries() {
        for (int i = 0; i < 40; i++) {
            put(order("c" + i, i, "s" + (i % 9), i));
        }
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 4; segment++) {
            ScanRequest request = new ScanRequest("orders", null, null, null, null, null, false, null, segment, 4, null,
                    "byStatus");
            List<Integer> part = ids(engine.scan(request));
            total += part.size();
            seen.addAll(part);
        }
        assertThat(total).isEqualTo(40);
        assertThat(seen).hasSize(40);
    }

    @Test
    void aChangedIndexKeyMovesTheEntryAndADeleteRemovesIt() {
        put(order("ann", 1, "open", 10));
        engine.updateItem(UpdateItemRequest.of("orders", Map.of("customer", s("ann"), "id", n(1)),
                "SET #s = :d", new ExpressionInput(Map.of("#s", "status"), Map.of(":d", s("done")))));
        assertThat(engine.query(byStatus("open")).count()).isZero();
        assertThat(ids(engine.query(byStatus("done")))).containsExactly(1);
        engine.updateItem(UpdateItemRequest.of("orders", Map.of("customer", s("ann"), "id", n(1)),
                "REMOVE #t", new ExpressionInput(Map.of("#t", "total"), null)));
        assertThat(engine.query(byStatus("done")).count()).isZero();
        assertThat(index("byStatusAll").itemCount()).isZero();
        put(order("ann", 1, "open", 10));
        engine.deleteItem(DeleteItemRequest.of("orders", Map.of("customer", s("ann"), "id", n(1))));
        assertThat(engine.scan(scan("orders", "byStatusAll")).count()).isZero();
        assertThat(index("byStatusAll").sizeBytes()).isZero();
    }

    @Test
    void selectDefaultsToTheProjectedAttributesAndAGlobalIndexGivesNothingElse() {
        put(order("ann", 1, "open", 10));
        assertThat(engine.query(byStatus("open")).items().getFirst().attributes()).doesNotContainKey("note");
        QueryRequest all = new QueryRequest("orders", "#s = :s", null, null,
                new ExpressionInput(Map.of("#s", "status"), Map.of(":s", s("open"))), Select.ALL_ATTRIBUTES, null,
                false, null, null, null, "byStatus");
        assertError(() -> engine.query(all), ErrorType.ValidationException, "Select type ALL_ATTRIBUTES is not "
                + "supported for global secondary index byStatus because its projection type is not ALL");
        assertThat(engine.query(new QueryRequest("orders", "#s = :s", null, null, all.expressions(),
                Select.ALL_ATTRIBUTES, null, false, null, null, null, "byStatusAll")).items().getFirst().attributes())
                .containsKey("note");
        QueryRequest note = new QueryRequest("orders", "#s = :s", null, "note", all.expressions(), null, null, false,
                null, null, null, "byStatus");
        assertError(() -> engine.query(note), ErrorType.ValidationException, "does not project");
        QueryRequest keys = new QueryRequest("orders", "#s = :s", null, "id", all.expressions(), null, null, false,
                null, null, null, "byStatus");
        assertThat(engine.query(keys).items().getFirst().attributes()).isEqualTo(Map.of("id", n(1)));
        QueryRequest count = new QueryRequest("orders", "#s = :s", null, null, all.expressions(), Select.COUNT, null,
                false, null, null, null, "byStatus");
        assertThat(engine.query(count).items()).isEmpty();
        assertThat(engine.query(count).count()).isEqualTo(1);
    }

    @Test
    void aLocalIndexFetchesWhatItDoesNotProjectAtTheCostOfTheItem() {
        Map<String, AttributeValue> item = order("ann", 1, "open", 10);
        item.put("date", s("2026-12-01"));
        item.put("body", s("x".repeat(9000)));
        put(item);
        ExpressionInput input = new ExpressionInput(null, Map.of(":c", s("ann")));
        QueryRequest projected = new QueryRequest("orders", "customer = :c", null, null, input, null, null, true, null,
                null, ReturnConsumedCapacity.INDEXES, "byDate");
        PageResponse keysOnly = engine.query(projected);
        assertThat(keysOnly.items().getFirst().attributes()).doesNotContainKey("body");
        assertThat(keysOnly.consumedCapacity().capacityUnits()).isEqualTo(1.0);
        PageResponse all = engine.query(new QueryRequest("orders", "customer = :c", null, null, input,
                Select.ALL_ATTRIBUTES, null, true, null, null, ReturnConsumedCapacity.INDEXES, "byDate"));
        assertThat(all.items().getFirst()).isEqualTo(Item.of(item));
        // 1 unit for the index entry, 3 for the 9 KB item fetched from the table
        ConsumedCapacity capacity = all.consumedCapacity();
        assertThat(capacity.capacityUnits()).isEqualTo(4.0);
        assertThat(capacity.tableUnits()).isEqualTo(3.0);
        assertThat(capacity.localSecondaryIndexes()).isEqualTo(Map.of("byDate", 1.0));
        assertThat(capacity.globalSecondaryIndexes()).isNull();
        PageResponse blob = engine.query(new QueryRequest("orders", "customer = :c", null, "body", input, null, null,
                false, null, null, null, "byDate"));
        assertThat(blob.items().getFirst().attributes()).containsOnlyKeys("body");
        for (Select select : List.of(Select.ALL_PROJECTED_ATTRIBUTES, Select.ALL_ATTRIBUTES, Select.COUNT)) {
            assertError(() -> engine.query(new QueryRequest("orders", "customer = :c", "note = :n", null,
                    new ExpressionInput(null, Map.of(":c", s("ann"), ":n", s("n1"))), select, null, false, null, null,
                    null, "byDate")), ErrorType.ValidationException,
                    "Secondary index byDate does not project one or more filter attributes: [note]");
        }
    }

    @Test
    void aGlobalIndexReadReportsItsUnitsUnderGlobalSecondaryIndexes() {
        put(order("ann", 1, "open", 10));
        PageResponse total = engine.query(new QueryRequest("orders", "#s = :s", null, null,
                new ExpressionInput(Map.of("#s", "status"), Map.of(":s", s("open"))), null, null, false, null, null,
                ReturnConsumedCapacity.TOTAL, "byStatus"));
        assertThat(total.consumedCapacity()).isEqualTo(ConsumedCapacity.read("orders", 0.5));
        PageResponse indexes = engine.query(new QueryRequest("orders", "#s = :s", null, null,
                new ExpressionInput(Map.of("#s", "status"), Map.of(":s", s("open"))), null, null, false, null, null,
                ReturnConsumedCapacity.INDEXES, "byStatus"));
        assertThat(indexes.consumedCapacity().tableUnits()).isEqualTo(0.0);
        assertThat(indexes.consumedCapacity().globalSecondaryIndexes()).isEqualTo(Map.of("byStatus", 0.5));
    }

    /**
     * On an index the start key's index sort key must satisfy the sort-key condition too: one outside
     * it is refused (it used to answer a 500 from the sorted map's range check); one inside pages on.
     */
    @Test
    void anIndexStartKeyOutsideTheSortKeyConditionIsRefused() {
        for (int id = 1; id <= 4; id++) {
            put(order("ann", id, "open", 10 * id));
        }
        QueryRequest total20 = query("orders", "byStatus", "#s = :s AND #t = :t", Map.of("#s", "status", "#t", "total"),
                Map.of(":s", s("open"), ":t", n(20)));
        assertError(() -> engine.query(total20.withExclusiveStartKey(Map.of("customer", s("ann"), "id", n(3),
                "status", s("open"), "total", n(30)))), ErrorType.ValidationException,
                "The provided starting key is outside query boundaries based on provided conditions");
        assertThat(engine.query(total20.withExclusiveStartKey(Map.of("customer", s("ann"), "id", n(2),
                "status", s("open"), "total", n(20)))).count()).isZero();
        QueryRequest over10 = query("orders", "byStatus", "#s = :s AND #t > :t", Map.of("#s", "status", "#t", "total"),
                Map.of(":s", s("open"), ":t", n(10)));
        assertThat(ids(engine.query(over10.withExclusiveStartKey(Map.of("customer", s("ann"), "id", n(2),
                "status", s("open"), "total", n(20)))))).containsExactly(3, 4);
        assertError(() -> engine.query(over10.withExclusiveStartKey(Map.of("customer", s("ann"), "id", n(1),
                "status", s("open"), "total", n(10)))), ErrorType.ValidationException,
                "The provided starting key is outside query boundaries based on provided conditions");
    }

    @Test
    void badIndexReadsAreRefusedAsDynamoDbRefusesThem() {
        assertError(() -> engine.query(query("orders", "nope", "#s = :s", Map.of("#s", "status"),
                Map.of(":s", s("x")))), ErrorType.ValidationException, "The table does not have the specified index: nope");
        assertError(() -> engine.scan(scan("orders", "nope")), ErrorType.ValidationException,
                "The table does not have the specified index: nope");
        assertError(() -> engine.scan(new ScanRequest("orders", null, null, null, null, null, true, null, null, null,
                null, "byStatus")), ErrorType.ValidationException,
                "Consistent reads are not supported on global secondary indexes");
        assertThat(engine.scan(new ScanRequest("orders", null, null, null, null, null, true, null, null, null, null,
                "byDate")).count()).isZero();
        assertError(() -> engine.query(query("orders", "byStatus", "customer = :c", Map.of(),
                Map.of(":c", s("ann")))), ErrorType.ValidationException, "");
        assertError(() -> engine.query(query("orders", "byStatus", "#s = :s", Map.of("#s", "status"),
                Map.of(":s", n(1)))), ErrorType.ValidationException, "Condition parameter type does not match schema type");
        assertError(() -> engine.query(byStatus("open").withExclusiveStartKey(Map.of("customer", s("a"), "id", n(1)))),
                ErrorType.ValidationException, "The provided starting key is invalid");
        assertError(() -> engine.query(query("orders", "byStatus", "#s = :s", Map.of("#s", "status"),
                Map.of(":s", s("x"))).withExclusiveStartKey(Map.of("customer", s("a"), "id", n(1), "status", s("y"),
                "total", n(1)))), ErrorType.ValidationException,
                "The provided starting key is outside query boundaries based on provided conditions");
        assertError(() -> engine.query(query("orders", "byStatus", "#s = :s AND #t > :t", Map.of("#s", "status",
                "#t", "total"), Map.of(":s", s("x"), ":t", n(5))).withExclusiveStartKey(Map.of("customer", s("a"),
                "id", n(1), "status", s("x"), "total", n(1)))), ErrorType.ValidationException,
                "The provided starting key is outside query boundaries based on provided conditions");
        assertError(() -> engine.query(new QueryRequest("orders", "customer = :c", null, null,
                new ExpressionInput(null, Map.of(":c", s("ann"))), Select.ALL_PROJECTED_ATTRIBUTES, null, false, null,
                null, null)), ErrorType.ValidationException,
                "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }
}
