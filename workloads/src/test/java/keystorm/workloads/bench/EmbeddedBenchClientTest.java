package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.BillingMode;
import keystorm.engine.time.ManualClock;
import keystorm.workloads.bench.BenchOutcome.Kind;
import org.junit.jupiter.api.Test;

class EmbeddedBenchClientTest {
    static final String TABLE = "usertable";
    /** With the keys, an item of just under 1 KB: one write unit, half a read unit eventually consistent. */
    static final Map<String, String> FIELDS = Map.of("field0", "x".repeat(950));

    static BenchOutcome run(BenchClient client, BenchRequest request) {
        CompletableFuture<BenchOutcome> future = client.execute(request);
        assertTrue(future.isDone(), "the embedded client is synchronous");
        return future.join();
    }

    static BenchKey key(String pk, int sk) {
        return new BenchKey(pk, "item" + sk);
    }

    @Test
    void everyOperationAnswersWithItsConsumedCapacity() {
        try (EmbeddedBenchClient client = new EmbeddedBenchClient(new Engine())) {
            assertFalse(client.pipelined());
            client.createTable(TABLE, new TableMode.OnDemand());
            for (int i = 0; i < 3; i++) {
                BenchOutcome put = run(client, new BenchRequest.Put(TABLE, key("user1", i), FIELDS));
                assertEquals(BenchOutcome.ok(0, 1, 0), put);
            }
            run(client, new BenchRequest.Put(TABLE, key("user2", 0), FIELDS));
            assertEquals(BenchOutcome.ok(0.5, 0, 1), run(client, new BenchRequest.Get(TABLE, key("user1", 0), false)));
            assertEquals(BenchOutcome.ok(1, 0, 1), run(client, new BenchRequest.Get(TABLE, key("user1", 0), true)));
            assertEquals(BenchOutcome.ok(0.5, 0, 0), run(client, new BenchRequest.Get(TABLE, key("nobody", 0), false)));
            assertEquals(BenchOutcome.ok(0, 1, 0),
                    run(client, new BenchRequest.Update(TABLE, key("user1", 1), "field1", "y")));

            BenchOutcome query = run(client, new BenchRequest.Query(TABLE, "user1", 0, false));
            assertEquals(Kind.OK, query.kind());
            assertEquals(3, query.items());
            assertTrue(query.readUnits() > 0);
            assertEquals(2, run(client, new BenchRequest.Query(TABLE, "user1", 2, true)).items());

            assertEquals(4, run(client, new BenchRequest.Scan(TABLE, null, 0)).items());
            assertEquals(2, run(client, new BenchRequest.Scan(TABLE, null, 2)).items());
            BenchOutcome rest = run(client, new BenchRequest.Scan(TABLE, key("user1", 0), 10));
            assertTrue(rest.items() >= 1 && rest.items() <= 3, "the scan continues after its start key: " + rest);

            BenchOutcome batch = run(client, new BenchRequest.BatchGet(TABLE,
                    List.of(key("user1", 0), key("user1", 2), key("user2", 0), key("nobody", 9)), false));
            assertEquals(3, batch.items());
            assertEquals(2.0, batch.readUnits(), "four keys, half a unit each (a missing one too)");
        }
    }

    /** One write unit provisioned, its burst spent, on a clock that does not move: the next writes are throttled. */
    @Test
    void aTinyProvisionedTableThrottles() {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(new ManualClock()));
        try (EmbeddedBenchClient client = new EmbeddedBenchClient(engine)) {
            client.createTable(TABLE, new TableMode.Provisioned(1, 1));
            assertEquals(BillingMode.PROVISIONED, engine.describeTable(TABLE).billingMode());
            List<BenchOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                outcomes.add(run(client, new BenchRequest.Put(TABLE, key("hot", i), FIELDS)));
            }
            BenchOutcome last = outcomes.getLast();
            assertEquals(BenchOutcome.throttled("ProvisionedThroughputExceededException"), last);
            assertTrue(outcomes.stream().allMatch(o -> o.kind() == Kind.THROTTLED || o.writeUnits() == 1), outcomes::toString);
        }
    }

    @Test
    void refusalsFailAndAStoppedEngineIsIndeterminate() {
        Engine engine = new Engine();
        EmbeddedBenchClient client = new EmbeddedBenchClient(engine);
        client.createTable(TABLE, new TableMode.OnDemand());
        BenchOutcome tooLarge = run(client, new BenchRequest.Put(TABLE, key("big", 0), Map.of("field0", "x".repeat(500_000))));
        assertEquals(BenchOutcome.failed("ValidationException"), tooLarge);
        assertEquals(BenchOutcome.failed("ResourceNotFoundException"),
                run(client, new BenchRequest.Get("missing", key("a", 0), false)));
        client.close();
        assertEquals(BenchOutcome.indeterminate("InternalServerError"),
                run(client, new BenchRequest.Get(TABLE, key("a", 0), false)));
    }

    @Test
    void createTableReplacesAnExistingTable() {
        try (EmbeddedBenchClient client = new EmbeddedBenchClient(new Engine())) {
            client.createTable(TABLE, new TableMode.OnDemand());
            run(client, new BenchRequest.Put(TABLE, key("user1", 0), FIELDS));
            client.createTable(TABLE, new TableMode.Provisioned(100, 100));
            assertEquals(0, run(client, new BenchRequest.Get(TABLE, key("user1", 0), true)).items());
            client.deleteTable(TABLE);
            client.deleteTable(TABLE);
            assertEquals("embedded", client.describe());
        }
    }
}
