package keystorm.workloads.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import keystorm.workloads.bench.BenchOutcome;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes one run's interval log in HdrHistogram's interval log format (what
 * {@code HistogramLogProcessor} and HdrHistogram's plotters read): a version, a comment naming the
 * run, the start and base times (the measured window's start), the legend, then for each interval
 * one histogram tagged {@code op.kind} ({@code read.ok}, {@code update.throttled}) per operation and
 * kind that completed any, and one tagged {@code schedule-error} always (so every interval is in the
 * log, even an empty one). Values are nanoseconds; the log's max column is in milliseconds.
 *
 * <p>Two comment lines carry what a histogram cannot, for {@link IntervalLogs#read}: a header
 * {@code #[keystorm-load ...]} (operations, shard, interval, the window's start in epoch
 * nanoseconds) and a closing {@code #[keystorm-load-summary ...]} (cycle counters, window end).
 */
final class IntervalLogWriter implements AutoCloseable {
    static final String HEADER = "[keystorm-load ";
    static final String SUMMARY = "[keystorm-load-summary ";
    static final String SCHEDULE_ERROR_TAG = "schedule-error";
    /** Log timestamps have millisecond resolution: shorter intervals would not be told apart. */
    static final long INTERVAL_NANOS_MIN = 10_000_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final double NANOS_PER_MILLI = 1e6;

    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final List<String> operations;
    private final long windowStartEpochNanos;
    private final long baseMillis;

    IntervalLogWriter(Path path, String runName, LoadConfig config, List<String> operations,
                      long windowStartEpochNanos) {
        if (config.intervalNanos() < INTERVAL_NANOS_MIN) {
            throw new IllegalArgumentException("an interval log needs intervals of at least 10 ms: "
                    + config.intervalNanos() + " ns");
        }
        for (String op : operations) {
            if (!NAME.matcher(op).matches()) {
                throw new IllegalArgumentException("'" + op + "': an operation name in an interval log is letters, "
                        + "digits, '_' and '-'");
            }
        }
        try {
            OutputStream stream = Files.newOutputStream(path);
            this.out = new PrintStream(stream, false, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the interval log " + path, e);
        }
        this.writer = new HistogramLogWriter(out);
        this.operations = List.copyOf(operations);
        this.windowStartEpochNanos = windowStartEpochNanos;
        this.baseMillis = Math.floorDiv(windowStartEpochNanos, 1_000_000);
        writer.outputLogFormatVersion();
        writer.outputComment(String.format(Locale.ROOT, "keystorm bench: %s, shard %d/%d, operations %s, rate %s/s "
                        + "(0: closed loop), values in nanoseconds", runName.replace('\n', ' '), config.shardIndex(),
                config.shardCount(), String.join(",", operations), config.rate()));
        writer.outputComment(HEADER + "operations=" + String.join(",", operations) + " shard=" + config.shardIndex()
                + "/" + config.shardCount() + " intervalNanos=" + config.intervalNanos() + " windowStartEpochNanos="
                + windowStartEpochNanos + "]");
        writer.outputStartTime(baseMillis);
        writer.outputBaseTime(baseMillis);
        writer.setBaseTime(baseMillis);
        writer.outputLegend();
    }

    /** The interval at {@code offsetNanos} from the window's start: histograms by operation and kind (null: none). */
    void interval(long offsetNanos, long lengthNanos, Histogram[][] byOp, Histogram scheduleError) {
        double startSeconds = secondsFromBase(offsetNanos);
        double endSeconds = secondsFromBase(offsetNanos + lengthNanos);
        for (int op = 0; op < byOp.length; op++) {
            for (BenchOutcome.Kind kind : LoadResult.KINDS) {
                Histogram histogram = byOp[op][kind.ordinal()];
                if (histogram != null && histogram.getTotalCount() > 0) {
                    write(tag(operations.get(op), kind), startSeconds, endSeconds, histogram);
                }
            }
        }
        write(SCHEDULE_ERROR_TAG, startSeconds, endSeconds, scheduleError);
        out.flush();
    }

    private void write(String tag, double startSeconds, double endSeconds, Histogram histogram) {
        histogram.setTag(tag);
        writer.outputIntervalHistogram(startSeconds, endSeconds, histogram, NANOS_PER_MILLI);
        histogram.setTag(null);
    }

    /** Seconds from the base time (whole milliseconds) to {@code offsetNanos} after the window's start. */
    private double secondsFromBase(long offsetNanos) {
        return (windowStartEpochNanos - baseMillis * 1_000_000 + offsetNanos) / 1e9;
    }

    static String tag(String op, BenchOutcome.Kind kind) {
        return op + "." + kind.name().toLowerCase(Locale.ROOT);
    }

    /** The closing line: the counters no histogram holds. */
    void summary(LoadResult result) {
        writer.outputComment(SUMMARY + "cyclesDue=" + result.cyclesDue() + " cyclesStarted=" + result.cyclesStarted()
                + " cyclesCompleted=" + result.cyclesCompleted() + " cyclesNeverCompleted="
                + result.cyclesNeverCompleted() + " warmupCycles=" + result.warmupCycles() + " windowEndEpochNanos="
                + result.windowEndEpochNanos() + "]");
        out.flush();
    }

    @Override
    public void close() {
        writer.close();
        if (out.checkError()) {
            throw new UncheckedIOException(new IOException("writing the interval log failed"));
        }
    }
}
