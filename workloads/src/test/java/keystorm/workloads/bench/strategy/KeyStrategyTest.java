package keystorm.workloads.bench.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import keystorm.workloads.bench.KeyStrategy;
import keystorm.workloads.bench.KeyStrategy.ReadCost;
import org.junit.jupiter.api.Test;

/** The strategies on worked examples: their keys, their read costs and their messages. */
class KeyStrategyTest {
    static final long HOUR_MILLIS = 3_600_000;

    @Test
    void anHourBucketThenACalculatedSuffix() {
        KeyStrategy strategy = KeyStrategy.parse("time:3600+calculated:10");
        long written = 491_000 * HOUR_MILLIS + 1_234;
        int shard = new CalculatedSuffix(10).shardOf("order-7");
        assertThat(strategy.writeKey("user", "order-7", 42, written)).isEqualTo("user#491000#" + shard);
        assertThat(strategy.pointReadKeys("user", "order-7", written)).containsExactly("user#491000#" + shard);
        // An hour and a half from the middle of one bucket reaches into the next: 2 buckets x 10 shards.
        List<String> group = strategy.groupReadKeys("user", written, written + HOUR_MILLIS + HOUR_MILLIS / 2);
        assertThat(group).hasSize(20).startsWith("user#491000#0").endsWith("user#491001#9");
        assertThat(strategy.readCost(HOUR_MILLIS)).isEqualTo(new ReadCost(1, 20));
        assertThat(strategy.readCost(0)).isEqualTo(new ReadCost(1, 10));
    }

    @Test
    void theCostsOfTheStrategies() {
        assertThat(KeyStrategy.NATURAL.readCost(HOUR_MILLIS)).isEqualTo(new ReadCost(1, 1));
        assertThat(KeyStrategy.parse("suffix:10").readCost(HOUR_MILLIS)).isEqualTo(new ReadCost(10, 10));
        assertThat(KeyStrategy.parse("calculated:10").readCost(HOUR_MILLIS)).isEqualTo(new ReadCost(1, 10));
        assertThat(KeyStrategy.parse("composite:4").readCost(HOUR_MILLIS)).isEqualTo(new ReadCost(1, 4));
        assertThat(KeyStrategy.parse("time:60").readCost(HOUR_MILLIS)).isEqualTo(new ReadCost(1, 61));
        assertThat(KeyStrategy.parse("suffix:4+time:60").readCost(60_000)).isEqualTo(new ReadCost(4, 8));
    }

    @Test
    void aRandomSuffixSpreadsCyclesEvenlyInTheLongRun() {
        RandomSuffix suffix = new RandomSuffix(10);
        int[] counts = new int[10];
        for (long cycle = 0; cycle < 100_000; cycle++) {
            counts[suffix.shardOf(cycle)]++;
        }
        // Binomial(100,000, 0.1): sd 95, so 5% (500) is 5 sd.
        for (int count : counts) {
            assertThat((double) count).isCloseTo(10_000, within(500.0));
        }
    }

    @Test
    void compositeAndCalculatedDrawIndependentValuesFromOneItemId() {
        int same = 0;
        for (int i = 0; i < 10_000; i++) {
            String item = "item-" + i;
            if (CompositeKey.category(item, 10) == new CalculatedSuffix(10).shardOf(item)) {
                same++;
            }
        }
        assertThat((double) same).isCloseTo(1_000, within(150.0));
    }

    @Test
    void theNaturalKeyIsAValue() {
        assertThat(KeyStrategy.parse("natural")).isEqualTo(KeyStrategy.NATURAL).isEqualTo(new Natural());
        assertThat(KeyStrategy.NATURAL.writeKey("k", "i", 1, 2)).isEqualTo("k");
    }

    @Test
    void badSpecsAreNamed() {
        assertThatThrownBy(() -> KeyStrategy.parse("suffix:0")).hasMessage(
                "'suffix:0': the shard count must be 1 to 1000, not 0");
        assertThatThrownBy(() -> KeyStrategy.parse("time:3600+calculated:x")).hasMessage(
                "'calculated:x' in 'time:3600+calculated:x': 'x' is not a whole number (expected calculated:N, the number of shards)");
        assertThatThrownBy(() -> KeyStrategy.parse("shuffle:3")).hasMessage(
                "'shuffle': not a key strategy; the strategies are " + StrategySpec.SYNTAX);
        assertThatThrownBy(() -> KeyStrategy.parse("suffix:10+suffix:3")).hasMessage(
                "'suffix:3' in 'suffix:10+suffix:3': repeats a kind; compose different kinds");
        assertThatThrownBy(() -> KeyStrategy.parse("time:1").groupReadKeys("k", 0, 86_400_000L))
                .hasMessageContaining("86401 buckets of time:1");
        assertThatThrownBy(() -> KeyStrategy.NATURAL.groupReadKeys("k", 2, 1)).hasMessageContaining("[2, 1]");
    }
}
