package keystorm.workloads.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The scramble is a bijection of [0, n), whatever n and the seed. */
class FeistelBijectionTest {
    @Property(tries = 300)
    void everySmallDomainIsPermuted(@ForAll @IntRange(min = 1, max = 5_000) int n, @ForAll long seed) {
        FeistelBijection bijection = new FeistelBijection(n, seed);
        BitSet images = new BitSet(n);
        for (int x = 0; x < n; x++) {
            int y = bijection.apply(x);
            assertThat(y).isBetween(0, n - 1);
            assertThat(images.get(y)).as("%d is the image of two values", y).isFalse();
            images.set(y);
            assertThat(bijection.inverse(y)).isEqualTo(x);
        }
        assertThat(images.cardinality()).isEqualTo(n);
    }

    @Property(tries = 100)
    void largeDomainsAreInjectiveAndInvertedOnASample(@ForAll @IntRange(min = 1 << 20, max = Integer.MAX_VALUE) int n,
            @ForAll long seed, @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = 0, max = 1, maxIncluded = false) Double> where) {
        FeistelBijection bijection = new FeistelBijection(n, seed);
        Set<Integer> xs = new HashSet<>();
        Set<Integer> ys = new HashSet<>();
        for (double fraction : where) {
            int x = (int) (fraction * n);
            int y = bijection.apply(x);
            assertThat(y).isBetween(0, n - 1);
            assertThat(bijection.inverse(y)).isEqualTo(x);
            xs.add(x);
            ys.add(y);
        }
        assertThat(ys).hasSameSizeAs(xs);
        assertThat(bijection.apply(n - 1)).isBetween(0, n - 1);
        assertThat(bijection.inverse(bijection.apply(n - 1))).isEqualTo(n - 1);
    }

    @Test
    void theSeedChoosesThePermutation() {
        FeistelBijection one = new FeistelBijection(1_000, 1);
        FeistelBijection two = new FeistelBijection(1_000, 2);
        int same = 0;
        for (int x = 0; x < 1_000; x++) {
            same += one.apply(x) == two.apply(x) ? 1 : 0;
        }
        assertThat(same).isLessThan(20); // two random permutations agree on one point on average
        assertThat(new FeistelBijection(1_000, 1).apply(123)).isEqualTo(one.apply(123));
    }

    @Test
    void outsideTheDomainIsRefused() {
        FeistelBijection bijection = new FeistelBijection(10, 0);
        assertThatThrownBy(() -> bijection.apply(10)).hasMessage("10 is outside [0, 10)");
        assertThatThrownBy(() -> bijection.inverse(-1)).hasMessage("-1 is outside [0, 10)");
        assertThatThrownBy(() -> new FeistelBijection(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
