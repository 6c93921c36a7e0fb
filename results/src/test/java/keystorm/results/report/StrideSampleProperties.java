package keystorm.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class StrideSampleProperties {
    /** Bounded, at least half full once filled, and an even stride over everything offered. */
    @Property(tries = 200)
    void keepsAnEvenBoundedSample(@ForAll @IntRange(min = 1, max = 64) int capacity,
                                  @ForAll @IntRange(min = 0, max = 5_000) int offered) {
        StrideSample sample = new StrideSample(capacity, HistorySeries.Outcome.OK);
        for (int i = 0; i < offered; i++) {
            sample.add(i, 1);
        }
        List<HistorySeries.Point> points = new ArrayList<>();
        sample.drainTo(points);
        assertThat(points.size()).isLessThanOrEqualTo(capacity).isEqualTo(sample.size());
        if (offered >= capacity) {
            assertThat(points.size()).isGreaterThanOrEqualTo((capacity + 1) / 2);
        } else {
            assertThat(points).hasSize(offered);
        }
        if (points.size() >= 2) {
            double stride = points.get(1).seconds() - points.get(0).seconds();
            assertThat(Long.bitCount((long) stride)).isEqualTo(1); // a power of two
            for (int i = 0; i < points.size(); i++) {
                assertThat(points.get(i).seconds()).isEqualTo(i * stride);
            }
            // the last kept point is within one stride of the end
            assertThat(offered - 1 - points.getLast().seconds()).isLessThan(stride);
        }
    }
}
