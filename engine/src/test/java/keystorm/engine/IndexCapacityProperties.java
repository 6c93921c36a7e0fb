package keystorm.engine;

import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.time.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What writes report is what they meter: over random puts, updates and deletes moving items in and out of
 * a global and a local index, the global index's units in ConsumedCapacity INDEXES add up to what its own
 * partitions consumed, and the table's and the local index's to what the table's partitions consumed.
 */
class IndexCapacityProperties {
    sealed interface Step {
    }

    record Put(int key, Integer gk, Integer lk, int padding) implements Step {
    }

    record Update(int key, String attribute, Integer value) implements Step {
    }

    record Delete(int key) implements Step {
    }

    @Property(tries = 60)
    void reportedIndexUnitsAreTheMeteredOnes(@ForAll("steps") List<Step> steps) {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(new ManualClock()));
        IndexFixtures.create(engine, IndexCapacityTest.schema(new ProvisionedThroughput(10_000, 10_000),
                new ProvisionedThroughput(10_000, 10_000)));
        String t = IndexCapacityTest.T;
        double table = 0;
        double global = 0;
        for (Step step : steps) {
            ConsumedCapacity c = switch (step) {
                case Put put -> {
                    Map<String, AttributeValue> item = new LinkedHashMap<>(key(put.key()));
                    if (put.gk() != null) {
                        item.put("gk", s("g" + put.gk()));
                    }
                    if (put.lk() != null) {
                        item.put("lk", s("l" + put.lk()));
                    }
                    item.put("p", s("x".repeat(put.padding())));
                    yield engine.putItem(new PutItemRequest(t, Item.of(item), null, null, null, null,
                            ReturnConsumedCapacity.INDEXES)).consumedCapacity();
                }
                case Update update -> engine.updateItem(new UpdateItemRequest(t, key(update.key()),
                        update.value() == null ? "REMOVE " + update.attribute() : "SET " + update.attribute() + " = :v",
                        null, update.value() == null ? ExpressionInput.NONE
                                : new ExpressionInput(null, Map.of(":v", s("v" + update.value()))), null, null,
                        ReturnConsumedCapacity.INDEXES)).consumedCapacity();
                case Delete delete -> engine.deleteItem(new DeleteItemRequest(t, key(delete.key()), null, null, null,
                        null, ReturnConsumedCapacity.INDEXES)).consumedCapacity();
            };
            double g = c.globalSecondaryIndexes() == null ? 0 : c.globalSecondaryIndexes().getOrDefault("g", 0.0);
            double l = c.localSecondaryIndexes() == null ? 0 : c.localSecondaryIndexes().getOrDefault("l", 0.0);
            assertThat(c.capacityUnits()).isEqualTo(c.tableUnits() + g + l);
            table += c.tableUnits() + l;
            global += g;
        }
        assertThat(engine.partitionMetrics(t).stream().mapToDouble(Partition.Metrics::consumedWriteUnits).sum())
                .isEqualTo(table);
        assertThat(engine.indexPartitionMetrics(t, "g").stream().mapToDouble(Partition.Metrics::consumedWriteUnits)
                .sum()).isEqualTo(global);
    }

    static Map<String, AttributeValue> key(int key) {
        return Map.of("pk", s("k" + key), "sk", s("0"));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> key = Arbitraries.integers().between(0, 4);
        Arbitrary<Integer> value = Arbitraries.integers().between(0, 2).injectNull(0.3);
        Arbitrary<Step> put = Combinators.combine(key, value, value, Arbitraries.integers().between(0, 2500))
                .as(Put::new);
        Arbitrary<Step> update = Combinators.combine(key, Arbitraries.of("gk", "lk", "p", "q"), value)
                .as(Update::new);
        Arbitrary<Step> delete = key.map(Delete::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, put), net.jqwik.api.Tuple.of(4, update),
                net.jqwik.api.Tuple.of(1, delete)).list().ofMaxSize(30);
    }
}
