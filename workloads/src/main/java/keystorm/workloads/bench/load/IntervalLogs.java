package keystorm.workloads.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.workloads.bench.BenchOutcome;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads the interval logs that {@link OpenLoop#run(LoadConfig, CycleSource, Path)} writes (format:
 * {@link IntervalLogWriter}) back into a {@link LoadResult}: one log, or the logs of several load
 * machines' shards ({@code --shard i/N}) of one load, merged. The merge is exact: each total is
 * the sum of the shards' interval histograms, the counters add, and each interval's p50 / p99 is
 * computed from the shards' histograms of that interval added together (unlike
 * {@link LoadResult#merge}, which has only the shards' percentiles). Intervals are aligned by
 * their start time, at the log's millisecond resolution. The logs are read side by side, one
 * interval at a time, so memory does not grow with the run's length.
 */
public final class IntervalLogs {
    private static final int KINDS = LoadResult.KINDS.length;

    private IntervalLogs() {
    }

    /**
     * @throws IllegalArgumentException if a log is not a finished keystorm load log (no header or
     *                                  summary line: the run did not end), the logs are of
     *                                  different loads (operations, interval), or two are of one
     *                                  shard (the same log given twice would count twice)
     * @throws UncheckedIOException     if a log cannot be read
     */
    public static LoadResult read(List<Path> logs) {
        if (logs.isEmpty()) {
            throw new IllegalArgumentException("no interval logs to read");
        }
        List<Shard> shards = new ArrayList<>();
        for (Path log : logs) {
            shards.add(Shard.open(log));
        }
        Shard first = shards.getFirst();
        Map<String, Path> byShard = new HashMap<>();
        for (Shard shard : shards) {
            Path twin = byShard.putIfAbsent(shard.shard, shard.path);
            if (twin != null) {
                throw new IllegalArgumentException("shard " + shard.shard + " twice: " + twin + " and " + shard.path);
            }
        }
        long windowStart = Long.MAX_VALUE;
        long windowEnd = Long.MIN_VALUE;
        long due = 0, started = 0, completed = 0, never = 0, warmup = 0;
        for (Shard shard : shards) {
            if (!shard.operations.equals(first.operations) || shard.intervalNanos != first.intervalNanos) {
                throw new IllegalArgumentException(shard.path + " is of another load: operations " + shard.operations
                        + " every " + shard.intervalNanos + " ns, not " + first.operations + " every "
                        + first.intervalNanos + " ns");
            }
            windowStart = Math.min(windowStart, shard.windowStartEpochNanos);
            windowEnd = Math.max(windowEnd, shard.summary("windowEndEpochNanos"));
            due += shard.summary("cyclesDue");
            started += shard.summary("cyclesStarted");
            completed += shard.summary("cyclesCompleted");
            never += shard.summary("cyclesNeverCompleted");
            warmup += shard.summary("warmupCycles");
        }
        List<String> operations = first.operations;
        long intervalNanos = first.intervalNanos;
        Map<String, Integer> slotOfTag = new HashMap<>();
        for (int op = 0; op < operations.size(); op++) {
            for (BenchOutcome.Kind kind : LoadResult.KINDS) {
                slotOfTag.put(IntervalLogWriter.tag(operations.get(op), kind), op * KINDS + kind.ordinal());
            }
        }
        int slots = operations.size() * KINDS;
        Histogram[] totals = new Histogram[slots];
        Histogram[] interval = new Histogram[slots];
        for (int i = 0; i < slots; i++) {
            totals[i] = LoadResult.newHistogram();
            interval[i] = LoadResult.newHistogram();
        }
        Histogram scheduleError = LoadResult.newHistogram();
        List<LoadResult.Interval> intervals = new ArrayList<>();
        try {
            for (Shard shard : shards) {
                shard.shift = Math.round((double) (shard.windowStartEpochNanos - windowStart) / intervalNanos);
                shard.advance();
            }
            while (true) {
                long index = Long.MAX_VALUE;
                for (Shard shard : shards) {
                    index = Math.min(index, shard.nextIndex());
                }
                if (index == Long.MAX_VALUE) {
                    break;
                }
                for (Histogram histogram : interval) {
                    histogram.reset();
                }
                long lengthNanos = 0;
                for (Shard shard : shards) {
                    while (shard.nextIndex() == index) {
                        Histogram histogram = shard.next;
                        lengthNanos = Math.max(lengthNanos, shard.nextLengthNanos());
                        String tag = histogram.getTag();
                        if (IntervalLogWriter.SCHEDULE_ERROR_TAG.equals(tag)) {
                            scheduleError.add(histogram);
                        } else {
                            Integer slot = slotOfTag.get(tag);
                            if (slot == null) {
                                throw new IllegalArgumentException(shard.path + ": a histogram tagged '" + tag
                                        + "', not an operation and outcome of " + operations);
                            }
                            interval[slot].add(histogram);
                            totals[slot].add(histogram);
                        }
                        shard.advance();
                    }
                }
                while (intervals.size() < index) {
                    intervals.add(LoadResult.Interval.empty(intervals.size() * intervalNanos, operations.size()));
                }
                List<LoadResult.OpInterval> ops = new ArrayList<>(operations.size());
                for (int op = 0; op < operations.size(); op++) {
                    ops.add(LoadResult.OpInterval.of(Arrays.copyOfRange(interval, op * KINDS, op * KINDS + KINDS)));
                }
                intervals.add(new LoadResult.Interval(index * intervalNanos, lengthNanos, ops));
            }
        } finally {
            shards.forEach(Shard::close);
        }
        return new LoadResult(operations, LoadResult.opLatencies(operations, Arrays.asList(totals)), scheduleError,
                windowStart, windowEnd, due, started, completed, never, warmup, intervalNanos, intervals);
    }

    /** One log being read: its header and summary, and the next histogram with its interval index. */
    private static final class Shard {
        final Path path;
        final String shard;
        final List<String> operations;
        final long intervalNanos;
        final long windowStartEpochNanos;
        final Map<String, Long> summary;
        final HistogramLogReader reader;
        long shift;
        Histogram next;

        private Shard(Path path, Map<String, String> header, Map<String, Long> summary, HistogramLogReader reader) {
            this.path = path;
            this.shard = header.get("shard");
            this.operations = List.of(header.get("operations").split(","));
            this.intervalNanos = Long.parseLong(header.get("intervalNanos"));
            this.windowStartEpochNanos = Long.parseLong(header.get("windowStartEpochNanos"));
            this.summary = summary;
            this.reader = reader;
        }

        static Shard open(Path path) {
            Map<String, String> header = null;
            Map<String, String> summary = null;
            try (BufferedReader lines = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("#" + IntervalLogWriter.HEADER)) {
                        header = fields(line, IntervalLogWriter.HEADER);
                    } else if (line.startsWith("#" + IntervalLogWriter.SUMMARY)) {
                        summary = fields(line, IntervalLogWriter.SUMMARY);
                    }
                }
                if (header == null || summary == null) {
                    throw new IllegalArgumentException(path + " is not a finished keystorm load log (no "
                            + (header == null ? "header" : "summary") + " line)");
                }
                Map<String, Long> counters = new HashMap<>();
                summary.forEach((key, value) -> counters.put(key, Long.parseLong(value)));
                InputStream in = Files.newInputStream(path);
                return new Shard(path, header, counters, new HistogramLogReader(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the interval log " + path, e);
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException(path + ": a malformed keystorm load line (" + e.getMessage() + ")");
            }
        }

        /** The {@code key=value} fields of a {@code #[prefix k=v k=v]} line. */
        private static Map<String, String> fields(String line, String prefix) {
            Map<String, String> fields = new HashMap<>();
            String body = line.substring(1 + prefix.length(), line.endsWith("]") ? line.length() - 1 : line.length());
            for (String field : body.trim().split(" +")) {
                int equals = field.indexOf('=');
                if (equals > 0) {
                    fields.put(field.substring(0, equals), field.substring(equals + 1));
                }
            }
            return fields;
        }

        long summary(String key) {
            Long value = summary.get(key);
            if (value == null) {
                throw new IllegalArgumentException(path + ": the summary line has no " + key);
            }
            return value;
        }

        void advance() {
            EncodableHistogram histogram = reader.nextIntervalHistogram();
            if (histogram != null && !(histogram instanceof Histogram)) {
                throw new IllegalArgumentException(path + ": a histogram of doubles, not of nanoseconds");
            }
            next = (Histogram) histogram;
        }

        /** The merged interval index of the next histogram; Long.MAX_VALUE at the end. */
        long nextIndex() {
            if (next == null) {
                return Long.MAX_VALUE;
            }
            long offsetNanos = next.getStartTimeStamp() * 1_000_000 - windowStartEpochNanos;
            return shift + Math.max(0, Math.round((double) offsetNanos / intervalNanos));
        }

        long nextLengthNanos() {
            return (next.getEndTimeStamp() - next.getStartTimeStamp()) * 1_000_000;
        }

        void close() {
            reader.close();
        }
    }
}
