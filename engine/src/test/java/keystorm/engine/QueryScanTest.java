package keystorm.engine;

import static keystorm.engine.TableOperationsTest.assertError;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.Select;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryScanTest {
    private final Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));

    /** Partitions u0..u9, each with sort keys 0..19 and a "kind" of even or odd. */
    @BeforeEach
    void table() {
        engine.createTable(CreateTableRequest.onDemand("events", "user", ScalarAttributeType.S, "seq", ScalarAttributeType.N));
        for (int u = 0; u < 10; u++) {
            for (int i = 0; i < 20; i++) {
                engine.putItem(PutItemRequest.of("events", Item.of(Map.of("user", s("u" + u), "seq", n(i),
                        "kind", s(i % 2 == 0 ? "even" : "odd"), "payload", s("p" + i)))));
            }
        }
    }

    QueryRequest query(String keyCondition, Map<String, AttributeValue> values) {
        return QueryRequest.of("events", keyCondition, ExpressionInput.values(values));
    }

    static List<Long> seqs(PageResponse page) {
        return page.items().stream().map(i -> ((AttributeValue.N) i.get("seq")).value().toBigDecimal().longValue()).toList();
    }

    @Test
    void queryReturnsOnePartitionInSortKeyOrder() {
        PageResponse page = engine.query(QueryRequest.of("events", "#u = :u",
                new ExpressionInput(Map.of("#u", "user"), Map.of(":u", s("u3")))));
        assertThat(page.count()).isEqualTo(20);
        assertThat(seqs(page)).isSorted().hasSize(20);
        assertThat(page.lastEvaluatedKey()).isNull();
    }

    @Test
    void sortKeyConditions() {
        Map<String, AttributeValue> values = Map.of(":u", s("u1"), ":lo", n(5), ":hi", n(8));
        assertThat(seqs(engine.query(QueryRequest.of("events", "#u = :u AND seq BETWEEN :lo AND :hi",
                new ExpressionInput(Map.of("#u", "user"), values))))).containsExactly(5L, 6L, 7L, 8L);
        assertThat(seqs(engine.query(QueryRequest.of("events", "#u = :u AND seq < :lo",
                new ExpressionInput(Map.of("#u", "user"), Map.of(":u", s("u1"), ":lo", n(3))))))).containsExactly(0L, 1L, 2L);
        assertThat(seqs(engine.query(QueryRequest.of("events", "#u = :u AND seq >= :hi",
                new ExpressionInput(Map.of("#u", "user"), Map.of(":u", s("u1"), ":hi", n(18))))))).containsExactly(18L, 19L);
    }

    @Test
    void backwardsWithLimitAndPaging() {
        ExpressionInput input = new ExpressionInput(Map.of("#u", "user"), Map.of(":u", s("u2")));
        QueryRequest backwards = new QueryRequest("events", "#u = :u", null, null, input, null, 7, false, false, null, null);
        List<Long> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            PageResponse page = engine.query(backwards.withExclusiveStartKey(start));
            all.addAll(seqs(page));
            start = page.lastEvaluatedKey();
            pages++;
        } while (start != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(20).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void limitCountsItemsBeforeTheFilter() {
        ExpressionInput input = new ExpressionInput(Map.of("#u", "user", "#k", "kind"), Map.of(":u", s("u2"), ":k", s("odd")));
        PageResponse page = engine.query(new QueryRequest("events", "#u = :u", "#k = :k", null, input, null, 6, true,
                null, null, ReturnConsumedCapacity.TOTAL));
        assertThat(page.scannedCount()).isEqualTo(6);
        assertThat(page.count()).isEqualTo(3);
        assertThat(seqs(page)).containsExactly(1L, 3L, 5L);
        assertThat(page.lastEvaluatedKey()).isEqualTo(Map.of("user", s("u2"), "seq", n(5)));
        assertThat(page.consumedCapacity().capacityUnits()).isEqualTo(1.0);
    }

    @Test
    void aQueryFilterMayNotNameAKeyAttribute() {
        for (String filter : new String[] {"#u = :u", "seq > :n", "kind = :k AND size(seq) > :n", "attribute_exists(#u)"}) {
            Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":u", s("u2")));
            if (filter.contains(":n")) {
                values.put(":n", n(3));
            }
            if (filter.contains(":k")) {
                values.put(":k", s("odd"));
            }
            ExpressionInput input = new ExpressionInput(Map.of("#user", "user"), values);
            String keyCondition = "#user = :u";
            String named = filter.replace("#u", "#user");
            assertError(() -> engine.query(new QueryRequest("events", keyCondition, named, null, input, null, null, true,
                    null, null, null)), ErrorType.ValidationException,
                    "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
                            + (filter.contains("seq") ? "seq" : "user"));
        }
    }

    @Test
    void selectCountAndProjection() {
        ExpressionInput input = new ExpressionInput(Map.of("#u", "user"), Map.of(":u", s("u2")));
        PageResponse count = engine.query(new QueryRequest("events", "#u = :u", null, null, input, Select.COUNT, null,
                false, null, null, null));
        assertThat(count.count()).isEqualTo(20);
        assertThat(count.items()).isEmpty();
        PageResponse projected = engine.query(new QueryRequest("events", "#u = :u", null, "seq", input, null, 2,
                false, null, null, null));
        assertThat(projected.items()).containsExactly(Item.of(Map.of("seq", n(0))), Item.of(Map.of("seq", n(1))));
        assertError(() -> engine.query(new QueryRequest("events", "#u = :u", null, "seq", input, Select.ALL_ATTRIBUTES,
                null, false, null, null, null)), ErrorType.ValidationException, "ALL_ATTRIBUTES");
    }

    @Test
    void beginsWithOnStringSortKeys() {
        engine.createTable(CreateTableRequest.onDemand("files", "dir", ScalarAttributeType.S, "name", ScalarAttributeType.S));
        for (String name : List.of("a.txt", "b1.txt", "b2.txt", "bz", "c.txt", "b")) {
            engine.putItem(PutItemRequest.of("files", Item.of(Map.of("dir", s("/"), "name", s(name)))));
        }
        PageResponse page = engine.query(QueryRequest.of("files", "dir = :d AND begins_with(#n, :p)",
                new ExpressionInput(Map.of("#n", "name"), Map.of(":d", s("/"), ":p", s("b")))));
        assertThat(page.items()).extracting(i -> ((AttributeValue.S) i.get("name")).value())
                .containsExactly("b", "b1.txt", "b2.txt", "bz");
    }

    @Test
    void queryErrors() {
        assertError(() -> engine.query(query("seq = :s", Map.of(":s", n(1)))), ErrorType.ValidationException,
                "Query condition missed key schema element: user");
        assertError(() -> engine.query(QueryRequest.of("events", "#u = :u", new ExpressionInput(Map.of("#u", "user"),
                Map.of(":u", n(1))))), ErrorType.ValidationException, "Condition parameter type does not match schema type");
        assertError(() -> engine.query(QueryRequest.of("events", "#u = :u", new ExpressionInput(Map.of("#u", "user"),
                Map.of(":u", s("u1")))).withLimit(0)), ErrorType.ValidationException, "limit");
        assertError(() -> engine.query(QueryRequest.of("events", "#u = :u", new ExpressionInput(Map.of("#u", "user"),
                        Map.of(":u", s("u1")))).withExclusiveStartKey(Map.of("user", s("u2"), "seq", n(1)))),
                ErrorType.ValidationException,
                "The provided starting key is outside query boundaries based on provided conditions");
    }

    /**
     * An ExclusiveStartKey whose sort key the sort-key condition refuses is a ValidationException
     * (it used to reach the sorted map's range check and answer a 500), in either direction; one it
     * accepts pages on from there within the condition.
     */
    @Test
    void aStartKeyOutsideTheSortKeyConditionIsRefused() {
        String outside = "The provided starting key is outside query boundaries based on provided conditions";
        Map<String, AttributeValue> values = Map.of(":u", s("u1"), ":lo", n(5), ":hi", n(8));
        Map<String, Integer> startOutside = Map.of("#u = :u AND seq = :lo", 12, "#u = :u AND seq > :hi", 3,
                "#u = :u AND seq BETWEEN :lo AND :hi", 12, "#u = :u AND seq <= :lo", 6);
        for (String condition : startOutside.keySet()) {
            Map<String, AttributeValue> used = new java.util.HashMap<>(values);
            used.keySet().removeIf(name -> !condition.contains(name));
            for (boolean forward : List.of(true, false)) {
                QueryRequest query = new QueryRequest("events", condition, null, null,
                        new ExpressionInput(Map.of("#u", "user"), used), null, null, false, forward, null, null);
                assertError(() -> engine.query(query.withExclusiveStartKey(Map.of("user", s("u1"), "seq",
                                n(startOutside.get(condition))))),
                        ErrorType.ValidationException, outside);
            }
        }
        QueryRequest between = new QueryRequest("events", "#u = :u AND seq BETWEEN :lo AND :hi", null, null,
                new ExpressionInput(Map.of("#u", "user"), values), null, null, false, false, null, null);
        assertThat(seqs(engine.query(between.withExclusiveStartKey(Map.of("user", s("u1"), "seq", n(7))))))
                .containsExactly(6L, 5L);
        assertThat(seqs(engine.query(QueryRequest.of("events", "#u = :u AND seq = :lo", new ExpressionInput(
                Map.of("#u", "user"), Map.of(":u", s("u1"), ":lo", n(5)))).withExclusiveStartKey(Map.of("user", s("u1"), "seq", n(5)))))).isEmpty();
    }

    @Test
    void scanPagesThroughEverythingOnceInHashOrder() {
        Set<String> seen = new HashSet<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            PageResponse page = engine.scan(ScanRequest.of("events").withLimit(33).withExclusiveStartKey(start));
            for (Item item : page.items()) {
                assertThat(seen.add(item.get("user") + "/" + item.get("seq"))).isTrue();
            }
            start = page.lastEvaluatedKey();
            pages++;
        } while (start != null);
        assertThat(seen).hasSize(200);
        assertThat(pages).isEqualTo(7);
    }

    @Test
    void parallelScanSegmentsPartitionTheTable() {
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 4; segment++) {
            PageResponse page = engine.scan(new ScanRequest("events", null, null, null, null, null, false, null,
                    segment, 4, null));
            for (Item item : page.items()) {
                seen.add(item.get("user") + "/" + item.get("seq"));
            }
            total += page.count();
        }
        assertThat(total).isEqualTo(200);
        assertThat(seen).hasSize(200);
        assertError(() -> engine.scan(new ScanRequest("events", null, null, null, null, null, false, null, 4, 4, null)),
                ErrorType.ValidationException, "Segment: 4 is not less than TotalSegments: 4");
        assertError(() -> engine.scan(new ScanRequest("events", null, null, null, null, null, false, null, 1, null, null)),
                ErrorType.ValidationException, "TotalSegments parameter is required");
        // paging within a segment works; a start key from another segment is refused
        PageResponse firstOfSegment0 = engine.scan(new ScanRequest("events", null, null, null, null, 1, false, null,
                0, 4, null));
        Map<String, AttributeValue> inSegment0 = firstOfSegment0.lastEvaluatedKey();
        assertThat(engine.scan(new ScanRequest("events", null, null, null, null, 1, false, inSegment0, 0, 4, null))
                .count()).isEqualTo(1);
        for (int other = 1; other < 4; other++) {
            int segment = other;
            assertError(() -> engine.scan(new ScanRequest("events", null, null, null, null, 1, false, inSegment0,
                    segment, 4, null)), ErrorType.ValidationException,
                    "The provided Exclusive start key does not map to the provided segment");
        }
    }

    @Test
    void scanWithFilter() {
        PageResponse page = engine.scan(new ScanRequest("events", "seq >= :x AND kind = :k", null,
                ExpressionInput.values(Map.of(":x", n(18), ":k", s("odd"))), null, null, false, null, null, null, null));
        assertThat(page.count()).isEqualTo(10);
        assertThat(page.scannedCount()).isEqualTo(200);
    }

    @Test
    void pagesStopAtOneMegabyte() {
        engine.createTable(CreateTableRequest.onDemand("big", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N));
        String payload = "x".repeat(100 * 1024);
        for (int i = 0; i < 25; i++) {
            engine.putItem(PutItemRequest.of("big", Item.of(Map.of("pk", s("p"), "sk", n(i), "blob", s(payload)))));
        }
        PageResponse page = engine.query(QueryRequest.of("big", "pk = :p", ExpressionInput.values(Map.of(":p", s("p")))));
        assertThat(page.count()).isEqualTo(11); // the 11th item crosses 1 MB
        assertThat(page.lastEvaluatedKey()).isEqualTo(Map.of("pk", s("p"), "sk", n(10)));
    }
}
