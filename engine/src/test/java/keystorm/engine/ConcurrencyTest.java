package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.Test;

/**
 * Single-item operations are atomic: 8 threads doing 10,000 compare-and-set increments on a
 * few hot items (read, then SET v = :new only if v = :old, retrying on a failed condition)
 * lose none and double none. With the check outside the item's lock, increments are lost.
 */
class ConcurrencyTest {
    static final int THREADS = 8;
    static final int INCREMENTS = 10_000;
    static final int ITEMS = 3;

    @Test
    void conditionalIncrementsAreNeitherLostNorDoubled() throws Exception {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        long[] outcome = run(engine);
        assertThat(outcome[0]).as("increments applied").isEqualTo(INCREMENTS);
        assertThat(outcome[1]).as("sum of the counters").isEqualTo(INCREMENTS);
    }

    /** The seeded bug lost-update checks the condition outside the lock: acknowledged increments vanish. */
    @Test
    void lostUpdateBugLosesAcknowledgedIncrements() throws Exception {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false).withBugs(java.util.Set.of(Bug.LOST_UPDATE)));
        long[] outcome = run(engine);
        assertThat(outcome[0]).as("increments acknowledged").isEqualTo(INCREMENTS);
        assertThat(outcome[1]).as("sum of the counters").isLessThan(INCREMENTS);
    }

    /** Runs the increments; answers {acknowledged increments, sum of the counters read afterwards}. */
    private static long[] run(Engine engine) throws Exception {
        engine.createTable(CreateTableRequest.onDemand("counters", "pk", ScalarAttributeType.S, null, null));
        for (int i = 0; i < ITEMS; i++) {
            engine.putItem(PutItemRequest.of("counters", Item.of(Map.of("pk", s("c" + i), "v", n(0)))));
        }
        CyclicBarrier start = new CyclicBarrier(THREADS);
        AtomicLong[] successes = new AtomicLong[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            successes[i] = new AtomicLong();
        }
        AtomicLong conflicts = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < INCREMENTS / THREADS; i++) {
                        int target = (thread + i) % ITEMS;
                        Map<String, AttributeValue> key = Map.of("pk", s("c" + target));
                        while (true) {
                            Item current = engine.getItem(GetItemRequest.consistent("counters", key)).item();
                            long value = ((AttributeValue.N) current.get("v")).value().toBigDecimal().longValueExact();
                            try {
                                engine.updateItem(UpdateItemRequest.of("counters", key, "SET v = :new",
                                        ExpressionInput.values(Map.of(":old", n(value), ":new", n(value + 1))))
                                        .withCondition("v = :old"));
                                successes[target].incrementAndGet();
                                break;
                            } catch (ConditionalCheckFailedException e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        long acknowledged = 0;
        long sum = 0;
        for (int i = 0; i < ITEMS; i++) {
            Item item = engine.getItem(GetItemRequest.consistent("counters", Map.of("pk", s("c" + i)))).item();
            sum += ((AttributeValue.N) item.get("v")).value().toBigDecimal().longValueExact();
            acknowledged += successes[i].get();
        }
        return new long[] {acknowledged, sum};
    }
}
