package keystorm.jmh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteStatementResponse;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.PutItemRequest;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the PartiQL path costs beside the item API on the same embedded engine (in memory, throttling off, 10,000
 * items of about 120 bytes): a point {@code SELECT * FROM "t" WHERE pk = ?} (ConsistentRead) beside GetItem
 * (ConsistentRead), and {@code UPDATE "t" SET c = c + ? WHERE pk = ?} beside UpdateItem {@code SET c = c + :d}. The
 * statements are written with {@code ?} parameters, so each text is parsed once and found in the statement cache
 * after, as an application with prepared statements would run them; the difference is the lookup, the binding and
 * the translation to the item operation underneath. Every call's answer is checked.
 *
 * <pre>
 * ./mvnw -q -B -ntp -o -pl jmh -am package -DskipTests
 * java -jar jmh/target/benchmarks.jar PartiqlBenchmark -f 1 -wi 5 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PartiqlBenchmark {
    static final int KEYS = 10_000;
    static final String TABLE = "songs";
    static final String SELECT = "SELECT * FROM \"" + TABLE + "\" WHERE pk = ?";
    static final String UPDATE = "UPDATE \"" + TABLE + "\" SET c = c + ? WHERE pk = ?";
    static final AttributeValue ONE = AttributeValue.n(1);

    @State(Scope.Benchmark)
    public static class Store {
        Engine engine;
        AttributeValue[] keys;
        Map<String, AttributeValue>[] itemKeys;
        ExpressionInput increment;

        @Setup(Level.Trial)
        @SuppressWarnings("unchecked")
        public void setUp() {
            engine = new Engine(EngineConfig.inMemory().withThrottling(false));
            engine.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
            keys = new AttributeValue[KEYS];
            itemKeys = new Map[KEYS];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = AttributeValue.s("song#" + i);
                itemKeys[i] = Map.of("pk", keys[i]);
                engine.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", keys[i], "c", AttributeValue.n(0),
                        "payload", AttributeValue.s("x".repeat(100))))));
            }
            increment = ExpressionInput.values(Map.of(":d", ONE));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    private static int next() {
        return ThreadLocalRandom.current().nextInt(KEYS);
    }

    @Benchmark
    public GetItemResponse getItem(Store store) {
        GetItemResponse response = store.engine.getItem(GetItemRequest.consistent(TABLE, store.itemKeys[next()]));
        if (response.item() == null || response.item().get("payload") == null) {
            throw new AssertionError("every key has its item");
        }
        return response;
    }

    @Benchmark
    public ExecuteStatementResponse selectStatement(Store store) {
        ExecuteStatementResponse response = store.engine.executeStatement(new ExecuteStatementRequest(SELECT,
                List.of(store.keys[next()]), true, null, null, null, null));
        if (response.items().size() != 1 || response.items().getFirst().get("payload") == null) {
            throw new AssertionError("every key has its item, the SELECT found " + response.items().size());
        }
        return response;
    }

    @Benchmark
    public WriteResponse updateItem(Store store) {
        return store.engine.updateItem(UpdateItemRequest.of(TABLE, store.itemKeys[next()], "SET c = c + :d",
                store.increment));
    }

    @Benchmark
    public ExecuteStatementResponse updateStatement(Store store) {
        ExecuteStatementResponse response = store.engine.executeStatement(ExecuteStatementRequest.of(UPDATE, ONE,
                store.keys[next()]));
        if (!response.items().isEmpty()) {
            throw new AssertionError("an UPDATE answers no items");
        }
        return response;
    }
}
