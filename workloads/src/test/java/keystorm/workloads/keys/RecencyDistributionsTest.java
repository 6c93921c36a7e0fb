package keystorm.workloads.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Latest, exponential and sequential, over a record count that stays or grows. */
class RecencyDistributionsTest {
    @Property(tries = 20)
    void latestsOffsetFromTheNewestIsZipf(@ForAll @IntRange(min = 1, max = 40) int keys,
            @ForAll @DoubleRange(min = 0.05, max = 6) double theta, @ForAll long seed) {
        KeyDistribution.Latest latest = new KeyDistribution.Latest(keys, theta);
        int draws = 200_000;
        long[] counts = new long[keys];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < draws; i++) {
            counts[keys - 1 - latest.next(random)]++;
        }
        double harmonic = Pmf.directSum(1, keys, theta);
        for (int offset = 0; offset < keys; offset++) {
            Pmf.assertCount(counts[offset], draws, Pmf.probability(offset, keys, harmonic, theta), "offset " + offset);
        }
    }

    @Property(tries = 20)
    void latestFavoursTheNewestAsTheRecordsGrow(@ForAll @IntRange(min = 1, max = 10_000) int keys,
            @ForAll @DoubleRange(min = 0.3, max = 3) double theta, @ForAll long seed,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 100_000) Integer> inserts) {
        AtomicInteger records = new AtomicInteger(keys);
        KeyDistribution.Latest latest = new KeyDistribution.Latest(keys, theta, records::get);
        SplittableRandom random = new SplittableRandom(seed);
        for (int batch : inserts) {
            int count = records.addAndGet(batch);
            int draws = 20_000;
            long newest = 0;
            long secondNewest = 0;
            for (int i = 0; i < draws; i++) {
                int key = latest.next(random);
                assertThat(key).isBetween(0, count - 1);
                newest += key == count - 1 ? 1 : 0;
                secondNewest += key == count - 2 ? 1 : 0;
            }
            double harmonic = Pmf.harmonic(count, theta);
            Pmf.assertCount(newest, draws, Pmf.probability(0, count, harmonic, theta), "the newest of " + count);
            Pmf.assertCount(secondNewest, draws, Pmf.probability(1, count, harmonic, theta), "the second newest of " + count);
        }
    }

    @Property(tries = 25)
    void exponentialsPercentileFallsInItsWindow(@ForAll @IntRange(min = 100, max = 1_000_000) int keys,
            @ForAll @DoubleRange(min = 1, max = 99.9) double percentile,
            @ForAll @DoubleRange(min = 0.001, max = 1) @net.jqwik.api.constraints.Scale(4) double fraction, @ForAll long seed) {
        KeyDistribution.Exponential exponential = new KeyDistribution.Exponential(keys, percentile, fraction);
        int window = (int) Math.floor(fraction * keys); // the newest keys that percentile% of the draws go to
        int draws = 100_000;
        long inWindow = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < draws; i++) {
            int key = exponential.next(random);
            assertThat(key).isBetween(0, keys - 1);
            inWindow += key >= keys - window ? 1 : 0;
        }
        // P(X < window | X < keys) for X exponential of the rate that puts percentile% below fraction * keys
        double rate = -Math.log(1 - percentile / 100) / (fraction * keys);
        double p = (1 - Math.exp(-rate * window)) / (1 - Math.exp(-rate * keys));
        Pmf.assertCount(inWindow, draws, p, "draws in the newest " + window + " of " + keys);
    }

    @Test
    void exponentialWithYcsbsDefaults() {
        int keys = 1_000_000;
        KeyDistribution.Exponential defaults = (KeyDistribution.Exponential) KeyDistribution.parse("exponential", keys);
        KeyDistribution.Exponential narrow = new KeyDistribution.Exponential(keys, 95, 0.1); // truncation negligible
        int draws = 200_000;
        long defaultsIn = 0;
        long narrowIn = 0;
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < draws; i++) {
            defaultsIn += defaults.next(random) >= keys - 857_142 ? 1 : 0;
            narrowIn += narrow.next(random) >= keys - 100_000 ? 1 : 0;
        }
        Pmf.assertCount(narrowIn, draws, 0.95, "95% in the newest tenth");
        Pmf.assertCount(defaultsIn, draws, 0.95 / (1 - Math.pow(0.05, 1 / 0.8571428571)), "truncated to the keys");
        assertThat(0.95 / (1 - Math.pow(0.05, 1 / 0.8571428571))).isBetween(0.9796, 0.9798);
    }

    @Test
    void exponentialFollowsAGrowingCount() {
        AtomicInteger records = new AtomicInteger(1_000);
        KeyDistribution.Exponential exponential = new KeyDistribution.Exponential(1_000, 90, 0.1, records::get);
        SplittableRandom random = new SplittableRandom(3);
        records.set(50_000);
        long inWindow = 0;
        for (int i = 0; i < 50_000; i++) {
            int key = exponential.next(random);
            assertThat(key).isBetween(0, 49_999);
            inWindow += key >= 50_000 - 100 ? 1 : 0; // the window keeps its size: 10% of the first 1,000
        }
        Pmf.assertCount(inWindow, 50_000, 0.9, "the newest 100 of 50,000");
    }

    @Property(tries = 50)
    void sequentialCountsThroughTheKeysAndWraps(@ForAll @IntRange(min = 1, max = 1_000) int keys,
            @ForAll @IntRange(min = 0, max = 5_000) int draws) {
        KeyDistribution.Sequential sequential = new KeyDistribution.Sequential(keys);
        SplittableRandom random = new SplittableRandom(0);
        for (int i = 0; i < draws; i++) {
            assertThat(sequential.next(random)).isEqualTo(i % keys);
        }
    }

    @Test
    void sequentialSharedByThreadsGivesEveryKeyItsLaps() throws InterruptedException {
        int keys = 1_000;
        int threads = 4;
        int perThread = 25_000; // 100 laps in all
        KeyDistribution.Sequential sequential = new KeyDistribution.Sequential(keys);
        AtomicIntegerArray counts = new AtomicIntegerArray(keys);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(t);
            running.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counts.incrementAndGet(sequential.next(random));
                }
            }));
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        for (int key = 0; key < keys; key++) {
            assertThat(counts.get(key)).as("key %d", key).isEqualTo(threads * perThread / keys);
        }
    }

    @Test
    void sequentialFollowsAGrowingCount() {
        AtomicInteger records = new AtomicInteger(3);
        KeyDistribution.Sequential sequential = new KeyDistribution.Sequential(3, records::get);
        SplittableRandom random = new SplittableRandom(0);
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(sequential.next(random));
        }
        records.set(6);
        for (int i = 0; i < 4; i++) {
            keys.add(sequential.next(random));
        }
        assertThat(keys).containsExactly(0, 1, 2, 0, 4, 5, 0, 1);
    }

    @Test
    void aRecordCountBelowTheKeysIsABrokenInvariant() {
        KeyDistribution latest = new KeyDistribution.Latest(10, 0.99, () -> 9);
        assertThatThrownBy(() -> latest.next(new SplittableRandom(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("the record count 9 is below the 10 keys loaded");
    }
}
