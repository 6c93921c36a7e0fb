package keystorm.results.runs;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One past run as {@code keystorm store} lists it.
 *
 * @param verdict valid, invalid, unknown for checked runs; for a benchmark "measured", or "p99 met" /
 *     "p99 missed" against its --p99-target; "unreadable" when its results cannot be read
 * @param operations null when its results do not say
 * @param throughput operations a second, or null
 * @param p99Millis the p99 of ok operations (a benchmark: its worst operation's), or null
 * @param anomalies the anomalies' kinds ("G1c x2, lost"), or what stands for them (a suite's invalid cells)
 */
public record RunEntry(String name, String kind, Path dir, Instant started, String verdict, Long operations,
                       Double throughput, Double p99Millis, String anomalies, boolean hasReport) {
}
