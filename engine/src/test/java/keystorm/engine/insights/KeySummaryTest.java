package keystorm.engine.insights;

import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The bounded key summary: never more counters than its capacity, and the heavy keys kept. */
class KeySummaryTest {
    /** Space-saving keeps a key heavier than about the total over the counters: here 600 units against 26,000 / 256. */
    @Test
    void tenHeavyKeysAmongTwentyThousandLightOnesAreKeptWithinTheirError() {
        KeySummary summary = new KeySummary(256);
        int sizeMax = 0;
        for (int i = 0; i < 20_000; i++) {
            summary.add(s("light" + i), 1000, true, true);
            if (i % 10 == 0) {
                summary.add(s("heavy" + (i / 10) % 10), 3000, true, true);
            }
            sizeMax = Math.max(sizeMax, summary.size());
        }
        assertThat(sizeMax).isLessThanOrEqualTo(256);
        List<KeySummary.Ranked> top = summary.accessed(10);
        assertThat(top).extracting(KeySummary.Ranked::key).allMatch(k -> k.startsWith("heavy")).hasSize(10);
        double floor = summary.floorMilli() / 1000.0;
        for (KeySummary.Ranked r : top) {
            assertThat(r.units()).isBetween(600.0 - floor, 600.0); // each heavy key: 200 requests of 3 units
        }
        // 26,000 units in all over 128 counters after a prune: the floor stays near 26,000 / 128
        assertThat(floor).isLessThan(300.0);
    }

    @Provide
    Arbitrary<List<Integer>> streams() {
        // skewed streams over 200 keys: low key numbers far more often
        return Arbitraries.integers().between(0, 199).edgeCases(e -> e.includeOnly(0))
                .map(k -> k * k / 200).list().ofMinSize(1).ofMaxSize(3_000);
    }

    /** Space-saving's guarantees, for any stream: bounded, any key heavier than the floor present, counts within the error. */
    @Property(tries = 60)
    void boundedAndEveryKeyHeavierThanTheFloorIsPresent(@ForAll("streams") List<Integer> stream) {
        KeySummary summary = new KeySummary(16);
        Map<String, Long> truth = new HashMap<>();
        for (int key : stream) {
            summary.add(s("k" + key), 1000, true, true);
            truth.merge("k" + key, 1000L, Long::sum);
            assertThat(summary.size()).isLessThanOrEqualTo(16);
        }
        Map<String, KeySummary.Ranked> kept = new HashMap<>();
        summary.accessed(Integer.MAX_VALUE).forEach(r -> kept.put(r.key(), r));
        long floor = summary.floorMilli();
        truth.forEach((key, milli) -> {
            if (milli > floor) {
                assertThat(kept).containsKey(key);
            }
            KeySummary.Ranked r = kept.get(key);
            if (r != null) {
                assertThat(Math.round(r.units() * 1000)).isBetween(milli - floor, milli);
            }
        });
    }
}
