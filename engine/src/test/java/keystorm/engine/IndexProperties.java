package keystorm.engine;

import static keystorm.engine.IndexFixtures.N;
import static keystorm.engine.IndexFixtures.S;
import static keystorm.engine.IndexFixtures.gsi;
import static keystorm.engine.IndexFixtures.lsi;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.Projection;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random writes through every write path of the engine (PutItem, UpdateItem, DeleteItem,
 * BatchWriteItem, TransactWriteItems) and moves of the clock leave each index equal to the
 * projection of the table's items that have its keys: a local index after every step, a global one
 * once its lag has passed. Read back page by page, through the engine, as a client would.
 */
class IndexProperties {
    private static final TableSchema BASE = IndexFixtures.table("t", "pk", S, "sk", N);
    private static final TableSchema SCHEMA = BASE.withIndexes(List.of(
            gsi("byA", "a", S, null, null, Projection.keysOnly()),
            gsi("byAB", "a", S, "b", N, Projection.include(List.of("c"))),
            gsi("byB", "b", N, "pk", S, Projection.all()),
            lsi(BASE, "byBLocal", "b", N, Projection.include(List.of("a")))));
    private static final long LAG_MILLIS = 30;

    /** One step: a write of one of the engine's paths, or the clock moving on. */
    sealed interface Step {
    }

    /** What a write sets on an item: each attribute a value, or null for absent. */
    record Values(String a, Integer b, String c) {
    }

    record Put(int pk, int sk, Values values) implements Step {
    }

    record Update(int pk, int sk, Values values) implements Step {
    }

    record Delete(int pk, int sk) implements Step {
    }

    record Batch(List<Put> puts) implements Step {
    }

    record Transaction(List<Update> updates) implements Step {
    }

    record Advance(int millis) implements Step {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Values> values = Combinators.combine(
                Arbitraries.of("x", "y", "z").injectNull(0.3),
                Arbitraries.integers().between(0, 3).injectNull(0.3),
                Arbitraries.of("c1", "c2").injectNull(0.5)).as(Values::new);
        Arbitrary<Integer> pk = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> sk = Arbitraries.integers().between(0, 3);
        Arbitrary<Put> put = Combinators.combine(pk, sk, values).as(Put::new);
        Arbitrary<Update> update = Combinators.combine(pk, sk, values).as(Update::new);
        Arbitrary<Step> step = Arbitraries.oneOf(
                put.map(p -> (Step) p),
                update.map(u -> (Step) u),
                Combinators.combine(pk, sk).as(Delete::new),
                put.list().ofMinSize(1).ofMaxSize(4).uniqueElements(p -> List.of(p.pk(), p.sk())).map(Batch::new),
                update.list().ofMinSize(1).ofMaxSize(4).uniqueElements(u -> List.of(u.pk(), u.sk())).map(Transaction::new),
                Arbitraries.integers().between(1, 40).map(Advance::new));
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 150)
    void everyIndexIsTheProjectionOfTheTable(@ForAll("steps") List<Step> steps, @ForAll boolean lagging) {
        ManualClock clock = new ManualClock();
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withThrottling(false)
                .withGlobalIndexLagNanos(lagging ? TimeUnit.MILLISECONDS.toNanos(LAG_MILLIS) : 0));
        IndexFixtures.create(engine, SCHEMA);
        for (Step step : steps) {
            apply(engine, clock, step);
            checkIndex(engine, SCHEMA.index("byBLocal"));
            if (!lagging) {
                checkAll(engine);
            }
        }
        clock.advance(LAG_MILLIS, TimeUnit.MILLISECONDS);
        checkAll(engine);
    }

    private static void apply(Engine engine, ManualClock clock, Step step) {
        switch (step) {
            case Put put -> engine.putItem(PutItemRequest.of("t", item(put.pk(), put.sk(), put.values())));
            case Update update -> engine.updateItem(update(update));
            case Delete delete -> engine.deleteItem(DeleteItemRequest.of("t", key(delete.pk(), delete.sk())));
            case Batch batch -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of("t", batch.puts().stream()
                    .map(p -> (WriteRequest) new WriteRequest.Put(item(p.pk(), p.sk(), p.values()))).toList()), null));
            case Transaction txn -> {
                List<TransactWriteItem> items = new ArrayList<>();
                for (Update u : txn.updates()) {
                    UpdateItemRequest request = update(u);
                    items.add(TransactWriteItem.Update.of("t", request.key(), request.updateExpression(), null,
                            request.expressions()));
                }
                engine.transactWriteItems(TransactWriteItemsRequest.of(items));
            }
            case Advance advance -> clock.advance(advance.millis(), TimeUnit.MILLISECONDS);
        }
    }

    private static Map<String, AttributeValue> key(int pk, int sk) {
        return Map.of("pk", s("p" + pk), "sk", n(sk));
    }

    private static Item item(int pk, int sk, Values values) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(pk, sk));
        if (values.a() != null) {
            item.put("a", s(values.a()));
        }
        if (values.b() != null) {
            item.put("b", n(values.b()));
        }
        if (values.c() != null) {
            item.put("c", s(values.c()));
        }
        return Item.of(item);
    }

    /** SET what the values hold, REMOVE what they leave out. */
    private static UpdateItemRequest update(Update u) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> bound = new LinkedHashMap<>();
        Map<String, String> names = Map.of("#a", "a", "#b", "b", "#c", "c");
        attribute("a", u.values().a() == null ? null : s(u.values().a()), set, remove, bound);
        attribute("b", u.values().b() == null ? null : n(u.values().b()), set, remove, bound);
        attribute("c", u.values().c() == null ? null : s(u.values().c()), set, remove, bound);
        String expression = (set.isEmpty() ? "" : "SET " + String.join(", ", set) + " ")
                + (remove.isEmpty() ? "" : "REMOVE " + String.join(", ", remove));
        return UpdateItemRequest.of("t", key(u.pk(), u.sk()), expression.strip(),
                new ExpressionInput(names, bound.isEmpty() ? null : bound));
    }

    private static void attribute(String name, AttributeValue value, List<String> set, List<String> remove,
                                  Map<String, AttributeValue> bound) {
        if (value == null) {
            remove.add("#" + name);
        } else {
            set.add("#" + name + " = :" + name);
            bound.put(":" + name, value);
        }
    }

    private static void checkAll(Engine engine) {
        for (IndexSchema index : SCHEMA.indexes()) {
            checkIndex(engine, index);
        }
    }

    /** The index, read in pages of 2, holds exactly the projection of the table's items that have its keys. */
    private static void checkIndex(Engine engine, IndexSchema index) {
        Set<Item> expected = new HashSet<>();
        for (Item item : engine.scan(ScanRequest.of("t")).items()) {
            if (item.get(index.hashKey()) != null && (!index.hasRangeKey() || item.get(index.rangeKey()) != null)) {
                expected.add(project(item, index));
            }
        }
        List<Item> read = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            PageResponse page = engine.scan(ScanRequest.of("t").withIndexName(index.name()).withLimit(2)
                    .withExclusiveStartKey(start));
            read.addAll(page.items());
            start = page.lastEvaluatedKey();
            pages++;
        } while (start != null && pages < 100);
        assertThat(read).as(index.name()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(read)).as(index.name()).isEqualTo(expected);
    }

    private static Item project(Item item, IndexSchema index) {
        Set<String> kept = new HashSet<>(List.of("pk", "sk", index.hashKey()));
        if (index.hasRangeKey()) {
            kept.add(index.rangeKey());
        }
        switch (index.projection().projectionType()) {
            case ALL -> {
                return item;
            }
            case INCLUDE -> kept.addAll(index.projection().nonKeyAttributes());
            case KEYS_ONLY -> {
            }
        }
        Map<String, AttributeValue> projected = new LinkedHashMap<>();
        item.attributes().forEach((name, value) -> {
            if (kept.contains(name)) {
                projected.put(name, value);
            }
        });
        return Item.of(projected);
    }
}
