package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.table.KeyHash;
import org.junit.jupiter.api.Test;

/**
 * Splits racing real threads: writers (each the only writer of its keys, so each knows the
 * latest value), readers of both kinds, and a thread splitting partitions at random keys, on the
 * system clock with a small replica lag. No write is lost, a strongly consistent read never
 * answers less than what its key's writer had acknowledged before the read began, an eventual
 * one never more than was written, and nothing deadlocks. Then a retired partition still in a
 * caller's hands sends metering on to the key's current partition.
 */
class ConcurrentSplitTest {
    static final int WRITERS = 3;
    static final int KEYS_PER_WRITER = 20;
    static final int WRITES = 3_000;
    static final int SPLITS = 120;

    static String key(int writer, int k) {
        return "w" + writer + "-" + k;
    }

    static long value(Item item) {
        return item == null ? 0 : ((AttributeValue.N) item.get("v")).value().toBigDecimal().longValueExact();
    }

    @Test
    void writesReadsAndSplitsRacingLoseNothing() throws Exception {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false)
                .withReplicaLag(new ReplicaLag.Uniform(0, TimeUnit.MICROSECONDS.toNanos(200))));
        engine.createTable(CreateTableRequest.onDemand("race", "pk", ScalarAttributeType.S, null, null), 1);
        PartitionMap partitions = engine.partitions("race");
        AtomicLongArray acknowledged = new AtomicLongArray(WRITERS * KEYS_PER_WRITER);
        AtomicBoolean done = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(WRITERS + 2);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= WRITES; i++) {
                        int k = i % KEYS_PER_WRITER;
                        engine.putItem(PutItemRequest.of("race", Item.of(Map.of("pk", s(key(writer, k)), "v", n(i)))));
                        acknowledged.set(writer * KEYS_PER_WRITER + k, i);
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                start.await();
                SplittableRandom random = new SplittableRandom(1);
                while (!done.get()) {
                    int slot = random.nextInt(WRITERS * KEYS_PER_WRITER);
                    Map<String, AttributeValue> key = Map.of("pk", s(key(slot / KEYS_PER_WRITER, slot % KEYS_PER_WRITER)));
                    long floor = acknowledged.get(slot);
                    long strong = value(engine.getItem(GetItemRequest.consistent("race", key)).item());
                    assertThat(strong).as("strong read of %s", key).isGreaterThanOrEqualTo(floor);
                    long eventual = value(engine.getItem(GetItemRequest.of("race", key)).item());
                    assertThat(eventual).as("eventual read of %s", key).isLessThanOrEqualTo(WRITES);
                }
                return null;
            }));
            work.add(pool.submit(() -> {
                start.await();
                SplittableRandom random = new SplittableRandom(2);
                for (int i = 0; i < SPLITS; i++) {
                    AttributeValue pk = s(key(random.nextInt(WRITERS), random.nextInt(KEYS_PER_WRITER)));
                    long hash = KeyHash.of(pk) + (random.nextBoolean() ? 1 : 0);
                    partitions.split(partitions.of(pk), hash);
                    Thread.yield();
                }
                return null;
            }));
            for (int i = 0; i < WRITERS; i++) {
                work.get(i).get(60, TimeUnit.SECONDS);
            }
            work.get(WRITERS + 1).get(60, TimeUnit.SECONDS);
            done.set(true);
            work.get(WRITERS).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(partitions.count()).isGreaterThan(10);
        for (int slot = 0; slot < WRITERS * KEYS_PER_WRITER; slot++) {
            Map<String, AttributeValue> key = Map.of("pk", s(key(slot / KEYS_PER_WRITER, slot % KEYS_PER_WRITER)));
            assertThat(value(engine.getItem(GetItemRequest.consistent("race", key)).item()))
                    .isEqualTo(acknowledged.get(slot));
        }
        assertThat(partitions.invariantViolations()).isEmpty();
    }

    @Test
    void aRetiredPartitionSendsMeteringOnToTheKeysPartition() {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(new keystorm.engine.time.ManualClock()));
        engine.createTable(CreateTableRequest.onDemand("fwd", "pk", ScalarAttributeType.S, null, null), 1);
        PartitionMap partitions = engine.partitions("fwd");
        AttributeValue pk = s("k");
        Partition old = partitions.of(pk);
        partitions.split(old, KeyHash.of(pk));
        Partition current = partitions.of(pk);
        assertThat(old.retired()).isTrue();
        assertThat(current).isNotSameAs(old);
        assertThat(old.tryMeterWrite(pk, 5)).isTrue();
        assertThat(old.metrics().consumedWriteUnits()).isZero();
        assertThat(current.metrics().consumedWriteUnits()).isEqualTo(5.0);
        old.refundWrite(pk, 5);
        assertThat(current.metrics().consumedWriteUnits()).isZero();
        assertThat(current.writeUnitsAvailable()).isEqualTo(1_000.0);
        // Both children may serve what the parent held: its ceiling level at the split, then each its own.
        assertThat(partitions.metrics()).extracting(Partition.Metrics::id).containsExactly(1, 2);
    }
}
