package keystorm.workloads.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Zipf's draws against the exact pmf, computed here independently of the sampler. */
class ZipfTest {
    @Provide
    Arbitrary<Double> thetas() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(0.01, 10).ofScale(3),
                Arbitraries.of(1.0, 0.99, 0.5, 1.5, 5.0, 10.0, 1 - 1e-9, 1 + 1e-9, 0.01));
    }

    @Property(tries = 25)
    void everyRankOfFewKeysHasItsExactProbability(@ForAll @IntRange(min = 1, max = 60) int keys,
            @ForAll("thetas") double theta, @ForAll long seed) {
        KeyDistribution.Zipf zipf = KeyDistribution.Zipf.ordered(keys, theta);
        int draws = 300_000;
        long[] counts = new long[keys];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < draws; i++) {
            counts[zipf.next(random)]++;
        }
        double harmonic = Pmf.directSum(1, keys, theta);
        for (int rank = 0; rank < keys; rank++) {
            Pmf.assertCount(counts[rank], draws, Pmf.probability(rank, keys, harmonic, theta), "rank " + rank);
        }
    }

    @Property(tries = 15)
    void theTopRanksOfManyKeysHaveTheirExactProbability(@ForAll @IntRange(min = 100_000, max = Integer.MAX_VALUE) int keys,
            @ForAll("thetas") double theta, @ForAll long seed) {
        KeyDistribution.Zipf zipf = KeyDistribution.Zipf.ordered(keys, theta);
        int draws = 200_000;
        int top = 10;
        long[] counts = new long[top + 1]; // the last: every other rank
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < draws; i++) {
            int rank = zipf.next(random);
            assertThat(rank).isBetween(0, keys - 1);
            counts[Math.min(rank, top)]++;
        }
        double harmonic = Pmf.harmonic(keys, theta);
        double rest = 1;
        for (int rank = 0; rank < top; rank++) {
            double p = Pmf.probability(rank, keys, harmonic, theta);
            Pmf.assertCount(counts[rank], draws, p, "rank " + rank + " of " + keys);
            rest -= p;
        }
        Pmf.assertCount(counts[top], draws, Math.max(0, rest), "ranks " + top + " and beyond");
    }

    @Test
    void theTestsHarmonicNumberIsTheSum() {
        for (double theta : new double[] {0.01, 0.5, 0.99, 1, 1 + 1e-9, 1.5, 5, 10}) {
            double sum = Pmf.directSum(1, 1_000_000, theta);
            assertThat(Pmf.harmonic(1_000_000, theta)).as("theta %s", theta).isCloseTo(sum,
                    org.assertj.core.data.Percentage.withPercentage(1e-10));
        }
    }

    @Property(tries = 50)
    void scrambledIsTheOrderedDrawMappedByTheBijection(@ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int keys,
            @ForAll("thetas") double theta, @ForAll long seed, @ForAll long scrambleSeed) {
        KeyDistribution.Zipf scrambled = KeyDistribution.Zipf.scrambled(keys, theta, scrambleSeed);
        KeyDistribution.Zipf ordered = KeyDistribution.Zipf.ordered(keys, theta);
        SplittableRandom a = new SplittableRandom(seed);
        SplittableRandom b = new SplittableRandom(seed);
        for (int i = 0; i < 1_000; i++) {
            int rank = ordered.next(b);
            int key = scrambled.next(a);
            assertThat(key).isEqualTo(scrambled.keyOfRank(rank));
            assertThat(scrambled.rankOfKey(key)).isEqualTo(rank);
        }
    }

    @Test
    void theScrambleSpreadsTheHotKeys() {
        KeyDistribution.Zipf zipf = new KeyDistribution.Zipf(1_000_000, 0.99);
        int low = Integer.MAX_VALUE;
        int high = 0;
        int inFirstTenth = 0;
        for (int rank = 0; rank < 1_000; rank++) {
            int key = zipf.keyOfRank(rank);
            low = Math.min(low, key);
            high = Math.max(high, key);
            inFirstTenth += key < 100_000 ? 1 : 0;
        }
        assertThat(high - low).isGreaterThan(900_000);
        assertThat(inFirstTenth).isBetween(50, 150); // about a tenth of the 1,000 hottest
        assertThat(KeyDistribution.Zipf.ordered(1_000_000, 0.99).keyOfRank(7)).isEqualTo(7);
    }

    @Test
    void aBillionKeysAndTheLargestIntAreDrawnInRange() {
        for (int keys : new int[] {1_000_000_000, Integer.MAX_VALUE}) {
            for (double theta : new double[] {0.01, 0.99, 1.5, 10}) {
                KeyDistribution.Zipf zipf = new KeyDistribution.Zipf(keys, theta);
                SplittableRandom random = new SplittableRandom(keys);
                for (int i = 0; i < 10_000; i++) {
                    assertThat(zipf.next(random)).isBetween(0, keys - 1);
                }
            }
        }
    }

    @Test
    void oneKeyIsAlwaysKeyZero() {
        SplittableRandom random = new SplittableRandom(1);
        for (double theta : new double[] {0.01, 1, 10}) {
            assertThat(new KeyDistribution.Zipf(1, theta).next(random)).isZero();
            assertThat(KeyDistribution.Zipf.ordered(1, theta).next(random)).isZero();
        }
    }

    @Test
    void thetaOutsideItsRangeIsRefused() {
        for (double theta : new double[] {0, -1, 10.001, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new KeyDistribution.Zipf(10, theta)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("zipf's theta must be in (0, 10], not " + theta);
        }
        assertThatThrownBy(() -> new KeyDistribution.Zipf(0, 1)).hasMessage("there must be at least one key, not 0");
    }

    @Test
    void equalWhenTheirParametersAre() {
        assertThat(new KeyDistribution.Zipf(10, 0.5)).isEqualTo(KeyDistribution.Zipf.scrambled(10, 0.5,
                KeyDistribution.Zipf.DEFAULT_SCRAMBLE_SEED)).hasSameHashCodeAs(new KeyDistribution.Zipf(10, 0.5));
        assertThat(new KeyDistribution.Zipf(10, 0.5)).isNotEqualTo(KeyDistribution.Zipf.ordered(10, 0.5))
                .isNotEqualTo(KeyDistribution.Zipf.scrambled(10, 0.5, 1)).isNotEqualTo(new KeyDistribution.Zipf(11, 0.5));
    }
}
