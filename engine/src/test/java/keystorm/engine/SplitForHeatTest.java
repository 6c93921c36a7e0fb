package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

/**
 * Split for heat on virtual time: an on-demand table of one partition, a hot key offered 2,000
 * writes a second and ten cold keys 500 between them (one write per 500 us step to the hot key,
 * one every fourth step to a cold key in turn). The partition consumes its whole ceiling, well
 * above 80% of it; after ten seconds of that it splits, at the median of its recent keys, and the
 * hot child splits again until the hot key is alone and the split stops.
 */
class SplitForHeatTest {
    final VirtualScheduler scheduler = new VirtualScheduler();
    final Map<String, Long> model = new HashMap<>();
    long value;

    Engine engine(boolean split) {
        Engine engine = new Engine(EngineConfig.inMemory().withScheduler(scheduler).withSplitForHeat(split));
        engine.createTable(CreateTableRequest.onDemand("heat", "pk", ScalarAttributeType.S, null, null), 1);
        return engine;
    }

    boolean put(Engine engine, String key) {
        long v = ++value;
        try {
            engine.putItem(PutItemRequest.of("heat", Item.of(Map.of("pk", s(key), "v", n(v)))));
            model.put(key, v);
            return true;
        } catch (DynamoException e) {
            assertThat(e.type()).isEqualTo(ErrorType.ThrottlingException);
            return false;
        }
    }

    /** Runs {@code steps} steps of 500 us; answers {hot, cold} writes served. */
    long[] run(Engine engine, long steps) {
        long[] served = new long[2];
        for (long i = 0; i < steps; i++) {
            served[0] += put(engine, "hot") ? 1 : 0;
            if (i % 4 == 0) {
                served[1] += put(engine, "cold" + (i / 4) % 10) ? 1 : 0;
            }
            scheduler.advance(500, TimeUnit.MICROSECONDS);
        }
        return served;
    }

    static long seconds(double s) {
        return Math.round(s * 2_000);
    }

    @Test
    void aPartitionHotForTenSecondsSplitsAndNotBefore() {
        Engine engine = engine(true);
        PartitionMap partitions = engine.partitions("heat");
        long[] before = run(engine, seconds(10) - 1); // the last step at 9.9995 s
        assertThat(partitions.count()).isEqualTo(1);
        run(engine, 2); // the heat check at 10 s asks for the split; the scheduler runs it
        assertThat(partitions.count()).isEqualTo(2);
        List<Partition.Metrics> retired = partitions.retiredMetrics();
        assertThat(retired).singleElement().satisfies(m -> {
            assertThat(m.retired()).isTrue();
            assertThat(m.id()).isZero();
        });
        List<Partition.Metrics> now = engine.partitionMetrics("heat");
        assertThat(now).extracting(Partition.Metrics::parentId).containsExactly(0, 0);
        assertThat(now.get(0).lowHash()).isZero();
        assertThat(now.get(0).highHash()).isEqualTo(now.get(1).lowHash());
        assertThat(now.get(1).last()).isTrue();
        // Before the split the cold keys shared the ceiling with the hot one, offered first each step.
        assertThat(before[1]).isLessThan(5_000);
        assertThat(partitions.invariantViolations()).isEmpty();
    }

    @Test
    void theHotKeyEndsAloneAndNothingIsLost() {
        Engine engine = engine(true);
        PartitionMap partitions = engine.partitions("heat");
        run(engine, seconds(50));
        int settled = partitions.count();
        Partition hot = partitions.of(s("hot"));
        long[] last = run(engine, seconds(10));
        assertThat(partitions.count()).as("no split once the hot key is alone").isEqualTo(settled);
        assertThat(settled).isGreaterThan(2);
        assertThat(hot.metrics().hotKeyIsolated()).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(partitions.of(s("cold" + i))).isNotSameAs(hot);
        }
        // On their own partitions the cold keys are served in full: 500 a second; the hot key gets a ceiling.
        assertThat(last[1]).isEqualTo(5_000);
        assertThat(last[0]).isBetween(10_000L, 10_001L);
        for (Map.Entry<String, Long> entry : model.entrySet()) {
            Map<String, keystorm.engine.item.AttributeValue> key = Map.of("pk", s(entry.getKey()));
            assertThat(engine.getItem(GetItemRequest.consistent("heat", key)).item().get("v"))
                    .isEqualTo(n(entry.getValue()));
            for (int replica = 0; replica < 3; replica++) {
                assertThat(engine.getItem(GetItemRequest.of("heat", key)).item().get("v")).isEqualTo(n(entry.getValue()));
            }
        }
        assertThat(partitions.invariantViolations()).isEmpty();
        // Counters: the retired partitions' and the current ones' add up to what was served.
        double consumed = 0;
        for (Partition.Metrics m : partitions.metrics()) {
            consumed += m.consumedWriteUnits();
        }
        for (Partition.Metrics m : partitions.retiredMetrics()) {
            consumed += m.consumedWriteUnits();
        }
        assertThat(consumed).isEqualTo(engine.hotKeys("heat", 20).stream().mapToDouble(u -> u.writeUnits()).sum());
    }

    @Test
    void withSplitForHeatOffATableKeepsItsPartitions() {
        Engine engine = engine(false);
        long[] served = run(engine, seconds(30));
        assertThat(engine.partitions("heat").count()).isEqualTo(1);
        assertThat(engine.partitions("heat").retiredMetrics()).isEmpty();
        assertThat(engine.partitionMetrics("heat").getFirst().hotKeyIsolated()).isFalse();
        // One ceiling for both: floor(1,000 + 0.5 x 59,999) writes served, hot and cold together.
        assertThat(served[0] + served[1]).isEqualTo(1_000 + 29_999);
    }
}
