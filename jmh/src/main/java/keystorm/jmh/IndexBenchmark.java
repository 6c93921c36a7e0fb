package keystorm.jmh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GlobalSecondaryIndex;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.Projection;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScalarAttributeType;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What global secondary indexes cost the embedded engine (no lag, throttling off): a Query of 10
 * items through a GSI against the same Query of the table (the same 10 items, projection ALL), and
 * PutItem on a table with 0, 1 and 5 GSIs (projection ALL), every item in every index, each put
 * replacing an item with another version of it (a non-key attribute changes, the index keys stay),
 * so each index does one index write per put. The difference between {@code indexes=0} and the
 * others is the write path's cost per index. Both assert their results.
 *
 * <pre>
 * ./mvnw -q -pl jmh -am package -DskipTests
 * java -jar jmh/target/benchmarks.jar IndexBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IndexBenchmark {
    static final int KEYS = 10_000;
    static final int GROUPS = 1_000;
    static final String PAYLOAD = "x".repeat(100);

    private static int next(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    /** One table keyed (pk, sk) and one GSI keyed (gk, gs) holding the same groups of 10 items. */
    @State(Scope.Benchmark)
    public static class Reads {
        Engine engine;
        ExpressionInput[] tableValues;
        ExpressionInput[] indexValues;

        @Setup(Level.Trial)
        public void setUp() {
            engine = new Engine(EngineConfig.inMemory().withThrottling(false));
            CreateTableRequest table = new CreateTableRequest("reads",
                    List.of(new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N),
                            new AttributeDefinition("gk", ScalarAttributeType.S), new AttributeDefinition("gs", ScalarAttributeType.N)),
                    List.of(new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)),
                    BillingMode.PAY_PER_REQUEST, null,
                    List.of(new GlobalSecondaryIndex("by-group", List.of(new KeySchemaElement("gk", KeyType.HASH),
                            new KeySchemaElement("gs", KeyType.RANGE)), Projection.all(), null)), List.of());
            engine.createTable(table);
            for (int i = 0; i < KEYS; i++) {
                engine.putItem(PutItemRequest.of("reads", Item.of(Map.of("pk", AttributeValue.s("p" + i % GROUPS),
                        "sk", AttributeValue.n(i / GROUPS), "gk", AttributeValue.s("g" + i % GROUPS),
                        "gs", AttributeValue.n(i / GROUPS), "payload", AttributeValue.s(PAYLOAD)))));
            }
            tableValues = new ExpressionInput[GROUPS];
            indexValues = new ExpressionInput[GROUPS];
            for (int g = 0; g < GROUPS; g++) {
                tableValues[g] = ExpressionInput.values(Map.of(":p", AttributeValue.s("p" + g)));
                indexValues[g] = ExpressionInput.values(Map.of(":g", AttributeValue.s("g" + g)));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    /** A table with {@code indexes} GSIs, keyed g0, g1 ... (projection ALL), and two versions of each item. */
    @State(Scope.Benchmark)
    public static class Writes {
        @Param({"0", "1", "5"})
        int indexes;

        Engine engine;
        Item[][] versions;

        @Setup(Level.Trial)
        public void setUp() {
            engine = new Engine(EngineConfig.inMemory().withThrottling(false));
            List<AttributeDefinition> definitions = new ArrayList<>(List.of(new AttributeDefinition("pk", ScalarAttributeType.S)));
            List<GlobalSecondaryIndex> gsis = new ArrayList<>();
            for (int g = 0; g < indexes; g++) {
                definitions.add(new AttributeDefinition("g" + g, ScalarAttributeType.S));
                gsis.add(new GlobalSecondaryIndex("index" + g, List.of(new KeySchemaElement("g" + g, KeyType.HASH)),
                        Projection.all(), null));
            }
            engine.createTable(new CreateTableRequest("writes", definitions, List.of(new KeySchemaElement("pk", KeyType.HASH)),
                    BillingMode.PAY_PER_REQUEST, null, gsis, List.of()));
            versions = new Item[2][KEYS];
            for (int i = 0; i < KEYS; i++) {
                for (int v = 0; v < 2; v++) {
                    Map<String, AttributeValue> attributes = new HashMap<>();
                    attributes.put("pk", AttributeValue.s("user#" + i));
                    for (int g = 0; g < 5; g++) {
                        attributes.put("g" + g, AttributeValue.s("group#" + (i % GROUPS)));  // in every index the table has
                    }
                    attributes.put("c", AttributeValue.n(v));
                    attributes.put("payload", AttributeValue.s(PAYLOAD));
                    versions[v][i] = Item.of(attributes);
                }
                engine.putItem(PutItemRequest.of("writes", versions[0][i]));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    @Benchmark
    public PageResponse queryTable(Reads state) {
        return checked(state.engine.query(QueryRequest.of("reads", "pk = :p", state.tableValues[next(GROUPS)])));
    }

    @Benchmark
    public PageResponse queryIndex(Reads state) {
        return checked(state.engine.query(QueryRequest.of("reads", "gk = :g", state.indexValues[next(GROUPS)])
                .withIndexName("by-group")));
    }

    private static PageResponse checked(PageResponse page) {
        if (page.count() != KEYS / GROUPS || page.items().getFirst().get("payload") == null) {
            throw new AssertionError("a group holds " + KEYS / GROUPS + " whole items, the query found " + page.count());
        }
        return page;
    }

    @Benchmark
    public WriteResponse putItem(Writes state) {
        int i = next(KEYS);
        return state.engine.putItem(PutItemRequest.of("writes", state.versions[next(2)][i]));
    }
}
