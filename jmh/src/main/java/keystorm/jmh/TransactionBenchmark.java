package keystorm.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactGetItemsResponse;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
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
 * Transactions on the in-memory engine (throttling off): TransactWriteItems of 4 items (ADD to a
 * counter on each) and TransactGetItems of 4 items, over 10,000 items chosen at random, so that
 * conflicts are rare.
 *
 * <pre>
 * java -jar jmh/target/benchmarks.jar TransactionBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TransactionBenchmark {
    static final int KEYS = 10_000;

    private Engine engine;
    private List<Map<String, AttributeValue>> keys;
    private ExpressionInput one;

    @Setup(Level.Trial)
    public void setUp() {
        engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        engine.createTable(CreateTableRequest.onDemand("txn", "pk", ScalarAttributeType.S, null, null));
        keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.s("item#" + i));
            keys.add(key);
            engine.putItem(PutItemRequest.of("txn", Item.of(Map.of("pk", key.get("pk"), "c", AttributeValue.n(0),
                    "payload", AttributeValue.s("x".repeat(100))))));
        }
        one = ExpressionInput.values(Map.of(":one", AttributeValue.n(1)));
    }

    private int[] fourDistinct() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(KEYS);
        return new int[] {a, (a + 1 + random.nextInt(KEYS / 4)) % KEYS, (a + KEYS / 4 + 1 + random.nextInt(KEYS / 4)) % KEYS,
                (a + KEYS / 2 + 1 + random.nextInt(KEYS / 4)) % KEYS};
    }

    @Benchmark
    public TransactWriteItemsResponse transactWrite4() {
        List<TransactWriteItem> actions = new ArrayList<>(4);
        for (int i : fourDistinct()) {
            actions.add(TransactWriteItem.Update.of("txn", keys.get(i), "ADD c :one", null, one));
        }
        try {
            return engine.transactWriteItems(TransactWriteItemsRequest.of(actions));
        } catch (keystorm.engine.api.TransactionCanceledException conflict) {
            return null;
        }
    }

    @Benchmark
    public TransactGetItemsResponse transactGet4() {
        List<TransactGetItem> gets = new ArrayList<>(4);
        for (int i : fourDistinct()) {
            gets.add(TransactGetItem.of("txn", keys.get(i)));
        }
        try {
            return engine.transactGetItems(TransactGetItemsRequest.of(gets));
        } catch (keystorm.engine.api.TransactionCanceledException conflict) {
            return null;
        }
    }
}
