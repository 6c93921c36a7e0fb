package keystorm.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class WindowsProperties {
    /** The binary search of merged windows answers as a scan of every index's window does. */
    @Property(tries = 300)
    void aSearchOfTheMergedWindowsAgreesWithAScanOfEveryOne(
            @ForAll @Size(max = 40) List<@LongRange(min = 0, max = 2_000) Long> indices,
            @ForAll @IntRange(min = 0, max = 30) int margin,
            @ForAll @LongRange(min = -50, max = 2_100) long from, @ForAll @IntRange(min = 0, max = 200) int length) {
        List<Long> sorted = indices.stream().sorted().toList();
        HistoryScan.Windows windows = HistoryScan.Windows.around(sorted, margin);
        long to = from + length;
        boolean expected = sorted.stream().anyMatch(i -> from <= i + margin && to >= i - margin);
        assertThat(windows.intersects(from, to)).isEqualTo(expected);
        assertThat(windows.intersects(from, from)).isEqualTo(sorted.stream().anyMatch(i -> Math.abs(i - from) <= margin));
    }
}
