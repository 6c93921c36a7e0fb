package keystorm.jmh;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded engine's data path against its floor, a {@link ConcurrentHashMap} get and put of
 * the same keys, measured in the same run: GetItem, PutItem, a conditional UpdateItem
 * ({@code SET c = c + :one} if the item exists) and a Query of 10 items.
 *
 * <pre>
 * ./mvnw -q -pl jmh -am package -DskipTests
 * java -jar jmh/target/benchmarks.jar EngineBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {
    static final int KEYS = 10_000;
    static final int PARTITIONS = 1_000;

    private Engine engine;
    private Map<String, AttributeValue>[] keys;
    private Item[] items;
    private ConcurrentHashMap<Map<String, AttributeValue>, Item> floor;
    private ExpressionInput[] partitionValues;
    private ExpressionInput one;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        engine = new Engine(keystorm.engine.EngineConfig.inMemory().withThrottling(false));
        engine.createTable(CreateTableRequest.onDemand("bench", "pk", ScalarAttributeType.S, null, null));
        engine.createTable(CreateTableRequest.onDemand("ranged", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N));
        keys = new Map[KEYS];
        items = new Item[KEYS];
        floor = new ConcurrentHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            keys[i] = Map.of("pk", AttributeValue.s("user#" + i));
            Map<String, AttributeValue> attributes = new HashMap<>(keys[i]);
            attributes.put("c", AttributeValue.n(0));
            attributes.put("payload", AttributeValue.s("x".repeat(100)));
            items[i] = Item.of(attributes);
            engine.putItem(PutItemRequest.of("bench", items[i]));
            floor.put(keys[i], items[i]);
            engine.putItem(PutItemRequest.of("ranged", Item.of(Map.of("pk", AttributeValue.s("p" + (i % PARTITIONS)),
                    "sk", AttributeValue.n(i / PARTITIONS), "payload", AttributeValue.s("x".repeat(100))))));
        }
        partitionValues = new ExpressionInput[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            partitionValues[p] = ExpressionInput.values(Map.of(":p", AttributeValue.s("p" + p)));
        }
        one = ExpressionInput.values(Map.of(":one", AttributeValue.n(1)));
    }

    private static int next(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    @Benchmark
    public Item floorGet() {
        return floor.get(keys[next(KEYS)]);
    }

    @Benchmark
    public Item floorPut() {
        int i = next(KEYS);
        return floor.put(keys[i], items[i]);
    }

    @Benchmark
    public GetItemResponse getItem() {
        return engine.getItem(GetItemRequest.of("bench", keys[next(KEYS)]));
    }

    @Benchmark
    public WriteResponse putItem() {
        return engine.putItem(PutItemRequest.of("bench", items[next(KEYS)]));
    }

    @Benchmark
    public WriteResponse conditionalUpdateItem() {
        return engine.updateItem(UpdateItemRequest.of("bench", keys[next(KEYS)], "SET c = c + :one", one)
                .withCondition("attribute_exists(pk)"));
    }

    @Benchmark
    public PageResponse query10() {
        PageResponse page = engine.query(QueryRequest.of("ranged", "pk = :p", partitionValues[next(PARTITIONS)]));
        if (page.count() != KEYS / PARTITIONS) {
            throw new AssertionError("a partition holds " + KEYS / PARTITIONS + " items, the query found " + page.count());
        }
        return page;
    }
}
