package keystorm.workloads.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Parsing, descriptions, the shared contract (range, no allocation), uniform and hotspot. */
class KeyDistributionTest {
    static final List<String> SPECS = List.of("uniform", "zipf:0.99", "zipf:1.5:ordered", "zipf:1.0", "latest",
            "latest:2.0", "sequential", "exponential", "exponential:50.0:0.1", "hotspot:0.2:0.8");

    @Test
    void eachNameParsesToItsDistribution() {
        assertThat(KeyDistribution.parse("uniform", 10)).isEqualTo(new KeyDistribution.Uniform(10));
        assertThat(KeyDistribution.parse("zipf:0.99", 10)).isEqualTo(new KeyDistribution.Zipf(10, 0.99));
        assertThat(KeyDistribution.parse("zipf:0.99:scrambled", 10)).isEqualTo(new KeyDistribution.Zipf(10, 0.99));
        assertThat(KeyDistribution.parse("zipf:3:ordered", 10)).isEqualTo(KeyDistribution.Zipf.ordered(10, 3));
        assertThat(KeyDistribution.parse("latest", 10)).isEqualTo(new KeyDistribution.Latest(10, 0.99));
        assertThat(KeyDistribution.parse("latest:0.5", 10)).isEqualTo(new KeyDistribution.Latest(10, 0.5));
        assertThat(KeyDistribution.parse("sequential", 10)).isEqualTo(new KeyDistribution.Sequential(10));
        assertThat(KeyDistribution.parse("exponential", 10)).isEqualTo(new KeyDistribution.Exponential(10, 95, 0.8571428571));
        assertThat(KeyDistribution.parse("exponential:90:0.5", 10)).isEqualTo(new KeyDistribution.Exponential(10, 90, 0.5));
        assertThat(KeyDistribution.parse("hotspot:0.2:0.8", 10)).isEqualTo(new KeyDistribution.Hotspot(10, 0.2, 0.8));
    }

    @Test
    void theSpecParsesBackToTheSameDistribution() {
        for (String spec : SPECS) {
            KeyDistribution distribution = KeyDistribution.parse(spec, 1_000);
            assertThat(KeyDistribution.parse(distribution.spec(), 1_000)).as(spec).isEqualTo(distribution);
        }
    }

    @Test
    void describeIsALineForReports() {
        assertThat(KeyDistribution.parse("zipf:0.99", 1_000_000).describe()).isEqualTo("zipf:0.99 (scrambled) over 1,000,000 keys");
        assertThat(KeyDistribution.parse("zipf:2:ordered", 10).describe()).isEqualTo("zipf:2.0 (rank order) over 10 keys");
        assertThat(KeyDistribution.Zipf.scrambled(10, 1, 5).describe()).isEqualTo("zipf:1.0 (scrambled, seed 5) over 10 keys");
        assertThat(KeyDistribution.parse("uniform", 1_000).toString()).isEqualTo("uniform over 1,000 keys");
        assertThat(KeyDistribution.parse("latest", 1_000, () -> 1_000).describe())
                .isEqualTo("latest:0.99 over 1,000 keys and the records inserted since");
        assertThat(KeyDistribution.parse("hotspot:0.2:0.8", 5).describe()).isEqualTo("hotspot:0.2:0.8 over 5 keys");
    }

    @Test
    void badTextIsOneLineNamingTheBadPart() {
        assertBad("zipf:abc", "'zipf:abc': theta 'abc' is not a number");
        assertBad("zipf:", "'zipf:': theta '' is not a number");
        assertBad("zipf:11", "'zipf:11': zipf's theta must be in (0, 10], not 11.0");
        assertBad("zipf:0", "'zipf:0': zipf's theta must be in (0, 10], not 0.0");
        assertBad("zipf:NaN", "'zipf:NaN': zipf's theta must be in (0, 10], not NaN");
        assertBad("zipf", "'zipf': zipf is written zipf:THETA[:ordered]");
        assertBad("zipf:1:sorted", "'zipf:1:sorted': zipf's order is 'ordered' or 'scrambled', not 'sorted'");
        assertBad("latest:x", "'latest:x': theta 'x' is not a number");
        assertBad("latest:0.5:1", "'latest:0.5:1': latest is written latest[:THETA]");
        assertBad("uniform:3", "'uniform:3': uniform takes no parameters");
        assertBad("sequential:1", "'sequential:1': sequential takes no parameters");
        assertBad("exponential:95", "'exponential:95': exponential takes both or neither of PERCENTILE and FRACTION, "
                + "exponential[:PERCENTILE:FRACTION]");
        assertBad("exponential:100:0.5", "'exponential:100:0.5': exponential's percentile must be in (0, 100), not 100.0");
        assertBad("exponential:95:0", "'exponential:95:0': exponential's fraction of keys must be in (0, 1], not 0.0");
        assertBad("hotspot:2:0.5", "'hotspot:2:0.5': hotspot's fraction of keys must be in (0, 1), not 2.0");
        assertBad("hotspot:0.5:p", "'hotspot:0.5:p': probability 'p' is not a number");
        assertBad("zipfian", "unknown key distribution 'zipfian'; the names are " + KeyDistributionParser.NAMES);
        assertBad("", "no key distribution given; the names are " + KeyDistributionParser.NAMES);
        assertThatThrownBy(() -> KeyDistribution.parse("uniform", 0)).hasMessage("'uniform': there must be at least one key, not 0");
    }

    private static void assertBad(String text, String message) {
        assertThatThrownBy(() -> KeyDistribution.parse(text, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(message).doesNotContain("\n");
    }

    @Test
    void theRecordCountReachesTheDistributionsThatFollowIt() {
        AtomicInteger records = new AtomicInteger(10);
        IntSupplier count = records::get;
        records.set(1_000);
        SplittableRandom random = new SplittableRandom(1);
        for (String spec : List.of("latest", "exponential", "sequential")) {
            KeyDistribution distribution = KeyDistribution.parse(spec, 10, count);
            int highest = 0;
            for (int i = 0; i < 2_000; i++) {
                highest = Math.max(highest, distribution.next(random));
            }
            assertThat(highest).as(spec).isGreaterThanOrEqualTo(10).isLessThan(1_000);
        }
        for (String spec : List.of("uniform", "zipf:0.5", "hotspot:0.5:0.5")) {
            KeyDistribution distribution = KeyDistribution.parse(spec, 10, count);
            for (int i = 0; i < 2_000; i++) {
                assertThat(distribution.next(random)).as(spec).isBetween(0, 9);
            }
        }
    }

    @Property(tries = 30)
    void everyDistributionDrawsInRange(@ForAll @IntRange(min = 1, max = 100_000) int keys, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (String spec : SPECS) {
            KeyDistribution distribution = KeyDistribution.parse(spec, keys);
            for (int i = 0; i < 500; i++) {
                assertThat(distribution.next(random)).as(spec).isBetween(0, keys - 1);
            }
        }
    }

    @Test
    void drawingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicInteger records = new AtomicInteger(1_000_000);
        SplittableRandom random = new SplittableRandom(1);
        for (String spec : SPECS) {
            KeyDistribution distribution = KeyDistribution.parse(spec, 1_000_000, records::get);
            long sum = 0;
            for (int i = 0; i < 20_000; i++) { // warm up: class loading and the first compilations allocate
                sum += distribution.next(random);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                if (i == 100_000) {
                    records.incrementAndGet(); // a count that moved: its setup is on the stack
                }
                sum += distribution.next(random);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("%s allocated %d bytes in 200,000 draws (sum %d)", spec, allocated, sum)
                    .isLessThan(200_000);
            records.set(1_000_000);
        }
    }

    @Property(tries = 20)
    void hotspotGivesTheHotSetItsProbability(@ForAll @IntRange(min = 10, max = 100_000) int keys,
            @ForAll @DoubleRange(min = 0.01, max = 0.9) double fraction,
            @ForAll @DoubleRange(min = 0, max = 1) double probability, @ForAll long seed) {
        KeyDistribution.Hotspot hotspot = new KeyDistribution.Hotspot(keys, fraction, probability);
        int hot = Math.max(1, (int) Math.round(keys * fraction));
        int draws = 50_000;
        long inHot = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < draws; i++) {
            inHot += hotspot.next(random) < hot ? 1 : 0;
        }
        Pmf.assertCount(inHot, draws, hot >= keys ? 1 : probability, "draws in the hot set of " + hot);
    }

    @Property(tries = 10)
    void uniformGivesEveryKeyItsShare(@ForAll @IntRange(min = 1, max = 50) int keys, @ForAll long seed) {
        KeyDistribution.Uniform uniform = new KeyDistribution.Uniform(keys);
        int draws = 100_000;
        long[] counts = new long[keys];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < draws; i++) {
            counts[uniform.next(random)]++;
        }
        for (int key = 0; key < keys; key++) {
            Pmf.assertCount(counts[key], draws, 1.0 / keys, "key " + key);
        }
    }
}
