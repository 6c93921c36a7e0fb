package keystorm.workloads.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.capacity.CapacityUnits;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Why partition-key strategies matter, on the engine itself: a hot logical key written 3,000
 * times a second (1 KB items, one write unit each) for 10 virtual seconds on a table provisioned
 * with 3,000 RCU and 9,000 WCU. DynamoDB's rule gives it ceil(3,000 / 3,000 + 9,000 / 1,000) = 10
 * partitions, each with a tenth of the provisioned rate (900 WCU), 300 s of it as burst, and the
 * ceiling of 1,000 WCU a second. Under the natural key every write lands on one partition, which
 * accepts about a third of them; under {@code suffix:10} the writes spread over the partitions the
 * ten suffixed keys hash to, and none is throttled as long as no partition holds more than three
 * of them (3 x 300 = 900 writes a second). That is a property of the key, not a guarantee of
 * {@code suffix:10}: ten keys thrown at ten partitions pile four or more on one partition about
 * one time in eight, which is why the prediction is computed from the placement (for
 * {@code hot}: eight partitions, two of them with two keys each).
 *
 * <p>The prediction is computed, not written down: placement comes from the engine's own
 * partition map, the rates from {@link Limits} and the table, in {@link CapacityModel}; the test
 * asserts that the engine's measured throttled share equals it. The clock is a {@link ManualClock}
 * moved to each write's intended time, so the run takes no wall time to speak of and repeats exactly.
 */
class HotKeyShardingTest {
    static final String TABLE = "bench";
    static final String LOGICAL_KEY = "hot";
    static final int WRITES_PER_SECOND = 3_000;
    static final int SECONDS = 10;
    static final int ITEM_BYTES = 1_024;
    static final ProvisionedThroughput PROVISIONED = new ProvisionedThroughput(3_000, 9_000);
    /** Measured and predicted throttled shares agree to half a percentage point (the model is fluid, the engine discrete). */
    static final double SHARE_TOLERANCE = 0.005;

    /**
     * The engine's capacity model of a provisioned partition ({@code Throughput}): a ceiling bucket
     * refilled at the partition ceiling and holding one second of it, and a provisioned bucket
     * holding {@code burstSeconds} of its rate; both start full, and a write needs both. Without
     * adaptive capacity the provisioned bucket is the partition's even share of the table; with it
     * (the default) it is the table's own, which a hot partition may borrow whole while the others
     * leave it unused, as here. Under steady overload a partition therefore accepts, by time T,
     * min(ceiling x (1 + T), rate x (burstSeconds + T)) units (the min-plus composition of two
     * token buckets). Every parameter of the prediction is read here.
     *
     * <p>Split for heat is switched off in {@link #engine}: it cannot lift one key past its
     * partition's ceiling (the partition it splits off holds that key alone, with the same
     * ceiling), but it renumbers partitions mid-run, which the per-partition assertions count on.
     */
    record CapacityModel(int partitions, double ceilingUnitsPerSecond, double ceilingBucketUnits,
                         double shareUnitsPerSecond, double burstUnits) {
        static CapacityModel of(Limits limits, CreateTableRequest table, int partitions, boolean adaptive) {
            double provisioned = table.provisionedThroughput().writeCapacityUnits();
            double share = adaptive ? provisioned : provisioned / partitions;
            double ceiling = limits.partitionWriteUnitsMax();
            return new CapacityModel(partitions, ceiling, ceiling, share, share * limits.burstSeconds());
        }

        /** Units one partition accepts within {@code seconds} when offered more than it can take. */
        double acceptedUnitsMax(double seconds) {
            return Math.min(ceilingBucketUnits + ceilingUnitsPerSecond * seconds, burstUnits + shareUnitsPerSecond * seconds);
        }
    }

    /** Per partition: writes offered, and writes accepted (predicted or measured). */
    record Outcome(long[] offered, long[] accepted) {
        double throttledShare() {
            long offeredTotal = Arrays.stream(offered).sum();
            return (offeredTotal - Arrays.stream(accepted).sum()) / (double) offeredTotal;
        }
    }

    final ManualClock clock = new ManualClock();

    @Test
    void aHotKeyIsThrottledUnderTheNaturalKeyAsTheModelPredicts() {
        Outcome[] run = run(KeyStrategy.NATURAL, Limits.DYNAMODB, true);
        // About 1 - 1,000 / 3,000, less the ceiling bucket's first second: 1 - 11,000 / 30,000.
        assertThat(run[0].throttledShare())
                .isCloseTo(1 - (1 + SECONDS) * 1_000.0 / (WRITES_PER_SECOND * SECONDS), within(0.001));
        assertThat(run[1].throttledShare()).isCloseTo(run[0].throttledShare(), within(SHARE_TOLERANCE));
    }

    @Test
    void theSameLoadUnderTenRandomSuffixesIsNotThrottled() {
        Outcome[] run = run(KeyStrategy.parse("suffix:10"), Limits.DYNAMODB, true);
        assertThat(run[0].throttledShare()).isZero();
        assertThat(run[1].throttledShare()).isZero();
    }

    /**
     * The burst term at work, without adaptive capacity: with one second of burst, the even share
     * (900), not the ceiling, holds the hot partition.
     */
    @Test
    void withoutBurstOrAdaptiveCapacityTheHotPartitionGetsItsShare() {
        Outcome[] run = run(KeyStrategy.NATURAL, Limits.DYNAMODB.with(b -> b.burstSeconds = 1), false);
        // 900 units a second, plus one second of them held at the start: 1 - 9,900 / 30,000.
        assertThat(run[0].throttledShare())
                .isCloseTo(1 - (1 + SECONDS) * 900.0 / (WRITES_PER_SECOND * SECONDS), within(0.001));
        assertThat(run[1].throttledShare()).isCloseTo(run[0].throttledShare(), within(SHARE_TOLERANCE));
    }

    /** With adaptive capacity the hot partition borrows the table's unused capacity, up to its ceiling, burst or not. */
    @Test
    void withAdaptiveCapacityTheHotPartitionReachesItsCeilingWithoutBurst() {
        Outcome[] run = run(KeyStrategy.NATURAL, Limits.DYNAMODB.with(b -> b.burstSeconds = 1), true);
        assertThat(run[0].throttledShare())
                .isCloseTo(1 - (1 + SECONDS) * 1_000.0 / (WRITES_PER_SECOND * SECONDS), within(0.001));
        assertThat(run[1].throttledShare()).isCloseTo(run[0].throttledShare(), within(SHARE_TOLERANCE));
    }

    /** Runs the workload under {@code strategy}; answers the prediction and the measurement, both checked partition by partition. */
    Outcome[] run(KeyStrategy strategy, Limits limits, boolean adaptive) {
        CreateTableRequest table = new CreateTableRequest(TABLE,
                List.of(new AttributeDefinition(BenchKey.PARTITION_KEY, ScalarAttributeType.S),
                        new AttributeDefinition(BenchKey.SORT_KEY, ScalarAttributeType.S)),
                List.of(new KeySchemaElement(BenchKey.PARTITION_KEY, KeyType.HASH),
                        new KeySchemaElement(BenchKey.SORT_KEY, KeyType.RANGE)),
                BillingMode.PROVISIONED, PROVISIONED);
        try (Engine engine = engine(limits, adaptive)) {
            engine.createTable(table);
            int partitions = engine.partitionMetrics(TABLE).size();
            assertThat(partitions).isEqualTo(PartitionMap.defaultCount(TableSchema.of(table), limits)).isEqualTo(10);
            CapacityModel model = CapacityModel.of(limits, table, partitions, adaptive);
            PartitionMap map = engine.partitions(TABLE);
            ToIntFunction<String> placement = pk -> map.of(AttributeValue.s(pk)).index();
            int writes = WRITES_PER_SECOND * SECONDS;
            double unitsPerWrite = CapacityUnits.write(ItemSize.bytes(item("k", "i")));
            assertThat(unitsPerWrite).isEqualTo(1.0);

            long[] offered = new long[partitions];
            for (int cycle = 0; cycle < writes; cycle++) {
                offered[placement.applyAsInt(writeKey(strategy, cycle))]++;
            }
            long acceptedMax = (long) Math.floor(model.acceptedUnitsMax(SECONDS) / unitsPerWrite);
            long[] predictedAccepted = new long[partitions];
            for (int p = 0; p < partitions; p++) {
                predictedAccepted[p] = Math.min(offered[p], acceptedMax);
            }
            Outcome predicted = new Outcome(offered, predictedAccepted);

            long[] accepted = new long[partitions];
            long[] throttled = new long[partitions];
            for (int cycle = 0; cycle < writes; cycle++) {
                long intendedNanos = cycle * 1_000_000_000L / WRITES_PER_SECOND;
                clock.advance(intendedNanos - clock.nanoTime(), TimeUnit.NANOSECONDS);
                String pk = writeKey(strategy, cycle);
                try {
                    engine.putItem(PutItemRequest.of(TABLE, item(pk, itemId(cycle))));
                    accepted[placement.applyAsInt(pk)]++;
                } catch (DynamoException e) {
                    assertThat(e.type()).isEqualTo(ErrorType.ProvisionedThroughputExceededException);
                    throttled[placement.applyAsInt(pk)]++;
                }
            }
            Outcome measured = new Outcome(offered, accepted);
            List<Partition.Metrics> metrics = engine.partitionMetrics(TABLE);
            for (int p = 0; p < partitions; p++) {
                assertThat(accepted[p] + throttled[p]).as("partition %d offered", p).isEqualTo(offered[p]);
                assertThat(metrics.get(p).throttledRequests()).as("partition %d throttled, by the engine", p)
                        .isEqualTo(throttled[p]);
                assertThat((double) accepted[p]).as("partition %d accepted (offered %d)", p, offered[p])
                        .isCloseTo(predictedAccepted[p], within(Math.max(2, offered[p] * SHARE_TOLERANCE)));
            }
            System.out.printf("%s, burst %d s, adaptive %s: offered per partition %s; throttled share predicted %.4f, measured %.4f%n",
                    strategy.spec(), limits.burstSeconds(), adaptive, Arrays.toString(offered), predicted.throttledShare(),
                    measured.throttledShare());
            assertThat(measured.throttledShare()).isCloseTo(predicted.throttledShare(), within(SHARE_TOLERANCE));
            return new Outcome[] {predicted, measured};
        }
    }

    /** The engine under test, on the manual clock, split for heat off (see {@link CapacityModel}). */
    Engine engine(Limits limits, boolean adaptive) {
        return new Engine(EngineConfig.inMemory().withClock(clock).withLimits(limits).withAdaptiveCapacity(adaptive)
                .withSplitForHeat(false));
    }

    static String itemId(int cycle) {
        return "item-" + cycle;
    }

    /** Cycle {@code cycle}'s partition key: the strategy's, at the cycle's intended time on the manual clock. */
    String writeKey(KeyStrategy strategy, int cycle) {
        long intendedMillis = clock.epochMillis() - TimeUnit.NANOSECONDS.toMillis(clock.nanoTime())
                + cycle * 1_000L / WRITES_PER_SECOND;
        return strategy.writeKey(LOGICAL_KEY, itemId(cycle), cycle, intendedMillis);
    }

    /** An item of exactly {@link #ITEM_BYTES}: its keys and a padding attribute. */
    static Item item(String pk, String sk) {
        Map<String, AttributeValue> keys = Map.of(BenchKey.PARTITION_KEY, AttributeValue.s(pk),
                BenchKey.SORT_KEY, AttributeValue.s(sk));
        int padding = ITEM_BYTES - ItemSize.bytes(Item.of(keys)) - "data".length();
        return Item.of(Map.of(BenchKey.PARTITION_KEY, AttributeValue.s(pk), BenchKey.SORT_KEY, AttributeValue.s(sk),
                "data", AttributeValue.s("x".repeat(padding))));
    }
}
