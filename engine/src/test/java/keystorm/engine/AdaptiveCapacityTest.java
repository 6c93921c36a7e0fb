package keystorm.engine;

import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Adaptive capacity on a manual clock, with exact figures from the token buckets: a provisioned
 * table of 2,000 write units on four partitions (an even share of 500 each), burst shrunk to one
 * second so that the steady state comes at once. A hot key is offered 2,000 one-unit writes a
 * second (one every 500 us).
 *
 * <p>How the figures follow: a bucket of capacity C that refills r units per step, full at the
 * start and offered one unit a step with r below 1, serves floor(C + r (N - 1)) of N offers (it
 * serves every offer while it drains, then whenever a whole unit has refilled).
 */
class AdaptiveCapacityTest {
    static final int STEPS_10_S = 20_000;
    static final Limits ONE_SECOND_BURST = Limits.DYNAMODB.with(b -> b.burstSeconds = 1);

    final ManualClock clock = new ManualClock();

    Engine engine(boolean adaptive) {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withLimits(ONE_SECOND_BURST)
                .withAdaptiveCapacity(adaptive));
        engine.createTable(ThrottlingTest.provisioned("hot", 100, 2_000), 4);
        return engine;
    }

    /** A partition-key value on partition {@code index} of the table, the {@code n}-th found. */
    static String keyOn(Engine engine, int index, int n) {
        PartitionMap partitions = engine.partitions("hot");
        int found = 0;
        for (int i = 0; ; i++) {
            String key = "k" + i;
            if (partitions.of(s(key)).index() == index && found++ == n) {
                return key;
            }
        }
    }

    static boolean put(Engine engine, String key) {
        try {
            engine.putItem(PutItemRequest.of("hot", ThrottlingTest.small(key, 1)));
            return true;
        } catch (DynamoException e) {
            assertThat(e.type()).isEqualTo(ErrorType.ProvisionedThroughputExceededException);
            return false;
        }
    }

    /** Offers the hot key one write per 500 us step; answers how many were served. */
    long run(Engine engine, String hot, int steps) {
        long served = 0;
        for (int i = 0; i < steps; i++) {
            served += put(engine, hot) ? 1 : 0;
            clock.advance(500, TimeUnit.MICROSECONDS);
        }
        return served;
    }

    @Test
    void aHotPartitionBorrowsTheTablesUnusedCapacityUpToItsCeiling() {
        Engine engine = engine(true);
        String hot = keyOn(engine, 0, 0);
        // Ceiling: C = 1,000, r = 0.5 a step; the table bucket (2,000, 1 a step) never runs short.
        assertThat(run(engine, hot, STEPS_10_S)).isEqualTo(1_000 + 9_999);
        // Steady state: the ceiling, 1,000 a second, twice the even share.
        assertThat(run(engine, hot, 2_000)).isEqualTo(1_000);
        assertThat(engine.partitionMetrics("hot").get(0).consumedWriteUnits()).isEqualTo(11_999.0);
    }

    @Test
    void withoutAdaptiveCapacityTheEvenShareThrottles() {
        Engine engine = engine(false);
        String hot = keyOn(engine, 0, 0);
        // Share: C = 500 (one second of 500), r = 0.25 a step; the ceiling never runs short.
        assertThat(run(engine, hot, STEPS_10_S)).isEqualTo(500 + 4_999);
        assertThat(run(engine, hot, 2_000)).isEqualTo(500);
    }

    /**
     * A table of 1,500 write units (even share 375) whose three other partitions take 1,000 a
     * second first (a cold write every other step, before the hot one): the hot partition gets the
     * 500 a second they leave, more than its share, less than its ceiling, and the table serves its
     * provisioned rate, no more.
     */
    @Test
    void theHotPartitionGetsOnlyWhatTheRestOfTheTableLeaves() {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withLimits(ONE_SECOND_BURST));
        engine.createTable(ThrottlingTest.provisioned("hot", 100, 1_500), 4);
        String hot = keyOn(engine, 0, 0);
        List<String> cold = new ArrayList<>();
        for (int p = 1; p < 4; p++) {
            cold.add(keyOn(engine, p, 0));
        }
        long[] drain = coldFirst(engine, hot, cold, STEPS_10_S);
        // The table bucket (1,500, refilling 0.75 a step) is what runs short: floor(1,500 + 0.75 x 19,999).
        assertThat(drain[0] + drain[1]).isEqualTo(1_500 + 14_999);
        long[] steady = coldFirst(engine, hot, cold, 2_000);
        assertThat(steady[0] + steady[1]).isEqualTo(1_500);
        assertThat(steady[0]).isBetween(375L + 1, 1_000L - 1);
        assertThat(steady[0]).isCloseTo(500L, org.assertj.core.api.Assertions.within(10L));
    }

    /** Every other 500 us step a cold write first (1,000 a second over the cold keys), then a hot write every step. */
    long[] coldFirst(Engine engine, String hot, List<String> cold, int steps) {
        long[] served = new long[2];
        for (int i = 0; i < steps; i++) {
            if (i % 2 == 0) {
                served[1] += put(engine, cold.get((i / 2) % cold.size())) ? 1 : 0;
            }
            served[0] += put(engine, hot) ? 1 : 0;
            clock.advance(500, TimeUnit.MICROSECONDS);
        }
        return served;
    }
}
