package keystorm.engine;

import static keystorm.engine.TableOperationsTest.assertError;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.Item;
import keystorm.engine.partition.KeyCounters;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Throughput on the engine's clock (a manual one here, so the figures are exact): the token
 * bucket model of "Burst and adaptive capacity" predicts how many writes a hot key gets through,
 * second by second, and the engine must match it within 5%.
 */
class ThrottlingTest {
    final ManualClock clock = new ManualClock();

    Engine engine(Set<Bug> bugs) {
        return new Engine(EngineConfig.inMemory().withClock(clock).withBugs(bugs));
    }

    static CreateTableRequest provisioned(String name, long read, long write) {
        return new CreateTableRequest(name, List.of(new AttributeDefinition("pk", ScalarAttributeType.S)),
                List.of(new KeySchemaElement("pk", KeyType.HASH)), BillingMode.PROVISIONED,
                new ProvisionedThroughput(read, write));
    }

    static Item small(String pk, long v) {
        return Item.of(Map.of("pk", s(pk), "v", n(v)));
    }

    /** Offers one PutItem of one unit to {@code pk} every {@code intervalMicros} for {@code seconds}; answers how many went through. */
    long hammer(Engine engine, String table, String pk, long intervalMicros, double seconds) {
        long accepted = 0;
        long steps = Math.round(seconds * 1_000_000 / intervalMicros);
        for (long i = 0; i < steps; i++) {
            try {
                engine.putItem(PutItemRequest.of(table, small(pk, i)));
                accepted++;
            } catch (DynamoException e) {
                assertThat(e.type()).isIn(ErrorType.ProvisionedThroughputExceededException, ErrorType.ThrottlingException);
            }
            clock.advance(intervalMicros, TimeUnit.MICROSECONDS);
        }
        return accepted;
    }

    @Test
    void partitionCountFollowsProvisionedCapacity() {
        assertThat(PartitionMap.defaultCount(TableSchema.of(provisioned("tab1", 5, 5)), Limits.DYNAMODB)).isEqualTo(1);
        assertThat(PartitionMap.defaultCount(TableSchema.of(provisioned("tab2", 6000, 2000)), Limits.DYNAMODB)).isEqualTo(4);
        assertThat(PartitionMap.defaultCount(TableSchema.of(provisioned("tab3", 3001, 0 + 1)), Limits.DYNAMODB)).isEqualTo(2);
        assertThat(PartitionMap.defaultCount(TableSchema.of(
                CreateTableRequest.onDemand("tab4", "pk", ScalarAttributeType.S, null, null)), Limits.DYNAMODB)).isEqualTo(4);
        Engine engine = engine(Set.of());
        engine.createTable(provisioned("forced", 5, 5), 16);
        assertThat(engine.partitionMetrics("forced")).hasSize(16);
    }

    /**
     * A hot key offered 2,000 writes a second on a table provisioned with 100 write units (one
     * partition): first the partition's ceiling lets 1,000 a second through while the burst
     * bucket (300 s x 100 units = 30,000) drains at 900 a second; once it is spent, 100 a second.
     */
    @Test
    void aHotKeyIsThrottledAtTheRateTheBucketsPredict() {
        Engine engine = engine(Set.of());
        engine.createTable(provisioned("hot", 100, 100));
        // First 10 s: ceiling bucket full (1,000) + 1,000/s refill.
        long first = hammer(engine, "hot", "k", 500, 10);
        assertThat((double) first).isCloseTo(11_000, within(11_000 * 0.05));
        // Burst left after 10 s: 30,000 + 10 x 100 - 11,000 = 20,000; it lasts 20,000 / 900 = 22.2 s more.
        hammer(engine, "hot", "k", 500, 25);
        long settled = hammer(engine, "hot", "k", 500, 10);
        assertThat((double) settled).isCloseTo(1_000, within(1_000 * 0.05));
        Partition.Metrics metrics = engine.partitionMetrics("hot").getFirst();
        long offered = 2_000 * 45;
        assertThat(metrics.throttledWriteUnits() + metrics.consumedWriteUnits()).isEqualTo((double) offered);
        assertThat(metrics.throttledRequests()).isEqualTo((long) metrics.throttledWriteUnits());
    }

    @Test
    void anOnDemandHotKeyGetsThePartitionCeiling() {
        Engine engine = engine(Set.of());
        engine.createTable(CreateTableRequest.onDemand("ondemand", "pk", ScalarAttributeType.S, null, null));
        long accepted = hammer(engine, "ondemand", "k", 500, 10);
        assertThat((double) accepted).isCloseTo(11_000, within(11_000 * 0.05));
        assertError(() -> {
            for (int i = 0; i < 2_000; i++) {
                engine.putItem(PutItemRequest.of("ondemand", small("k", i)));
            }
        }, ErrorType.ThrottlingException, "Throughput exceeds");
    }

    @Test
    void throttledRequestsConsumeNothingAndHotKeysAreReported() {
        Engine engine = engine(Set.of());
        engine.createTable(provisioned("keys", 10, 10));
        hammer(engine, "keys", "hot", 100, 2);
        for (int i = 0; i < 20; i++) {
            engine.putItem(PutItemRequest.of("keys", small("cold" + i, i)));
            clock.advance(100, TimeUnit.MILLISECONDS);
        }
        List<KeyCounters.KeyUsage> top = engine.hotKeys("keys", 3);
        assertThat(top.getFirst().key()).isEqualTo(s("hot"));
        assertThat(top.getFirst().throttledWriteUnits()).isPositive();
        assertThat(top.get(1).writeUnits()).isEqualTo(1.0);
        Partition.Metrics metrics = engine.partitionMetrics("keys").getFirst();
        assertThat(metrics.consumedWriteUnits()).isEqualTo(top.stream().mapToDouble(KeyCounters.KeyUsage::writeUnits).sum()
                + 18 * 1.0);
    }

    @Test
    void eventuallyConsistentReadsCostHalf() {
        Engine engine = engine(Set.of());
        engine.createTable(provisioned("reads", 100, 100));
        engine.putItem(PutItemRequest.of("reads", small("k", 1)));
        int eventual = 0;
        try {
            while (true) {
                engine.getItem(GetItemRequest.of("reads", Map.of("pk", s("k"))));
                eventual++;
            }
        } catch (DynamoException e) {
            assertThat(e.type()).isEqualTo(ErrorType.ProvisionedThroughputExceededException);
        }
        // The ceiling bucket holds 3,000 units: 6,000 reads at half a unit.
        assertThat(eventual).isEqualTo(6_000);
        clock.advance(1, TimeUnit.SECONDS);
        int strong = 0;
        try {
            while (true) {
                engine.getItem(GetItemRequest.consistent("reads", Map.of("pk", s("k"))));
                strong++;
            }
        } catch (DynamoException e) {
            assertThat(e.type()).isEqualTo(ErrorType.ProvisionedThroughputExceededException);
        }
        assertThat(strong).isEqualTo(3_000);
    }

    @Test
    void batchWritesReturnTheThrottledPartAsUnprocessed() {
        Engine engine = engine(Set.of());
        engine.createTable(provisioned("batch", 10, 10));
        hammer(engine, "batch", "k", 1, 0.001); // nothing refills in 1 ms of 1 us steps
        while (true) { // drain the ceiling bucket to exactly zero
            try {
                engine.putItem(PutItemRequest.of("batch", small("k", 0)));
            } catch (DynamoException e) {
                break;
            }
        }
        clock.advance(10, TimeUnit.MILLISECONDS); // 10 units back
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            puts.add(new WriteRequest.Put(small("b" + i, i)));
        }
        var response = engine.batchWriteItem(new BatchWriteItemRequest(Map.of("batch", puts), null));
        assertThat(response.unprocessedItems().get("batch")).hasSize(15);
        assertError(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of("batch", puts), null)),
                ErrorType.ProvisionedThroughputExceededException, "provisioned throughput");
    }

    @Test
    void aThrottledTransactionIsCancelledAndConsumesNothing() {
        Engine engine = engine(Set.of());
        engine.createTable(provisioned("txn", 10, 10), 1);
        while (true) {
            try {
                engine.putItem(PutItemRequest.of("txn", small("k", 0)));
            } catch (DynamoException e) {
                break;
            }
        }
        clock.advance(200, TimeUnit.MILLISECONDS); // 200 units back: room for 100 transactional writes
        double before = engine.partitionMetrics("txn").getFirst().consumedWriteUnits();
        List<TransactWriteItem> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            writes.add(TransactWriteItem.Put.of("txn", small("t" + i, i)));
        }
        writes.add(TransactWriteItem.Put.of("txn", small("last", 0)));
        writes.removeFirst();
        writes.add(TransactWriteItem.Update.of("txn", Map.of("pk", s("t0")), "SET v = :v", null,
                ExpressionInput.values(Map.of(":v", n(1)))));
        writes.removeFirst();
        writes.add(TransactWriteItem.Put.of("txn", Item.of(Map.of("pk", s("big"), "pad", s("x".repeat(5000))))));
        writes.removeFirst();
        assertThatThrownBy(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(writes)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.reasons())
                        .extracting(CancellationReason::code).contains("ProvisionedThroughputExceeded"));
        assertThat(engine.partitionMetrics("txn").getFirst().consumedWriteUnits()).isEqualTo(before);
        assertThat(engine.getItem(GetItemRequest.consistent("txn", Map.of("pk", s("last")))).item()).isNull();
    }

    @Test
    void noThrottleBugMetersButNeverRefuses() {
        Engine engine = engine(Set.of(Bug.NO_THROTTLE));
        engine.createTable(provisioned("free", 10, 10));
        long accepted = hammer(engine, "free", "k", 100, 1);
        assertThat(accepted).isEqualTo(10_000);
        assertThat(engine.partitionMetrics("free").getFirst().consumedWriteUnits()).isEqualTo(10_000.0);
    }

    @Test
    void aSqueezedPartitionKeepsAFractionOfItsCapacity() {
        Engine engine = engine(Set.of());
        engine.createTable(CreateTableRequest.onDemand("squeezed", "pk", ScalarAttributeType.S, null, null), 1);
        hammer(engine, "squeezed", "k", 250, 2); // spend the full ceiling bucket
        engine.faults().squeezeCapacity("squeezed", 0, 0.1);
        long squeezed = hammer(engine, "squeezed", "k", 250, 10);
        assertThat((double) squeezed).isCloseTo(1_000, within(1_000 * 0.05 + 100));
        engine.faults().healAll();
        long healed = hammer(engine, "squeezed", "k", 250, 10);
        assertThat((double) healed).isCloseTo(10_000, within(10_000 * 0.05 + 1_000));
    }
}
