package keystorm.results.report;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a history.jsonl in one pass and bounded memory (a 10-minute run has ~2.4 million lines):
 * Jackson's streaming parser, one pending invocation per process, and only bounded summaries kept
 * (see {@link HistorySeries}). Values are skipped unparsed except on the lines an anomaly's
 * timeline may show.
 *
 * <p>Buckets: the width starts at the run's expected length over {@link Limits#buckets()} (at least
 * {@link Limits#minBucketSeconds()}) and doubles, merging neighbours, whenever the history runs past
 * twice that many, and once more at the end past 1.5 times: a run of any length ends with at most
 * 1.5 times the buckets aimed at, without knowing its length first. Each bucket's ok latencies go to a histogram of 2
 * significant digits in microseconds (about 27 KB), enough for a plot's quantiles.
 */
public final class HistoryScan {
    /** Fault windows close (all of them) at the completion of one of these; any other nemesis op opens one. */
    public static final Set<String> CLOSERS = Set.of("heal-all", "rejoin-replica", "restart", "resume", "net-heal",
            "restart-replica");

    /**
     * The bounds of a scan.
     *
     * @param okPoints     ok operations on the scatter, sampled evenly
     * @param otherPoints  fail and info operations on the scatter, each (all of them up to this many)
     * @param buckets      the number of time buckets aimed at
     * @param timelineOps  operations in one anomaly's timeline
     * @param anomalies    anomalies given a timeline
     * @param margin       history lines either side of an anomaly's operation that its timeline covers
     */
    public record Limits(int okPoints, int otherPoints, int buckets, double minBucketSeconds, int timelineOps,
                         int anomalies, int margin) {
        public static final Limits DEFAULT = new Limits(80_000, 10_000, 300, 0.1, 400, 20, 24);

        public Limits {
            if (okPoints < 1 || otherPoints < 1 || buckets < 2 || !(minBucketSeconds > 0) || timelineOps < 1
                    || anomalies < 0 || margin < 0) {
                throw new IllegalArgumentException("limits must be positive: " + this);
            }
        }

        /** The most points the scatter can get. */
        public int samplePoints() {
            return okPoints + 2 * otherPoints;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VALUE_CHARS = 48;
    private static final int ANOMALY_POINTS = 2_000;
    private static final int INDICES_PER_ANOMALY = 500;

    private HistoryScan() {
    }

    /**
     * Scans {@code file}.
     *
     * @param anomalyIndices each anomaly's history line indices, in the order of results.json
     * @param expectedSeconds the run's length if known (results.json wallSeconds), else 0
     * @throws ReportException naming the line when a line is not a history operation
     */
    public static HistorySeries scan(Path file, List<List<Long>> anomalyIndices, double expectedSeconds, Limits limits)
            throws IOException {
        String name = file.getFileName().toString();
        Scan scan = new Scan(name, anomalyIndices, expectedSeconds, limits);
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.getFactory().createParser(in)) {
            JsonToken token;
            while ((token = nextRoot(parser, name)) != null) {
                long line = parser.currentLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    throw new ReportException(name, "line " + line + ": not a JSON object");
                }
                scan.line(parser, line);
            }
        }
        return scan.finish();
    }

    private static JsonToken nextRoot(JsonParser parser, String name) throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonParseException e) {
            throw new ReportException(name, "line " + e.getLocation().getLineNr() + ": not JSON ("
                    + e.getOriginalMessage() + ")");
        }
    }

    /** One invocation waiting for its completion. */
    private record Pending(long index, long timeNanos, String f, String value) {
    }

    /** A history line index range [lo, hi] of one anomaly's timeline. */
    private record Window(long lo, long hi) {
    }

    /**
     * Sorted, disjoint line windows (as {@link Scan#merge} makes them): their ends rise with their
     * starts, so whether a range meets one is a binary search for the first that ends at or after
     * the range's start.
     */
    static final class Windows {
        private final long[] lo;
        private final long[] hi;

        Windows(List<Window> merged) {
            lo = new long[merged.size()];
            hi = new long[merged.size()];
            for (int i = 0; i < merged.size(); i++) {
                lo[i] = merged.get(i).lo();
                hi[i] = merged.get(i).hi();
                if (i > 0 && lo[i] <= hi[i - 1]) {
                    throw new IllegalArgumentException("windows overlap or are unsorted at " + i);
                }
            }
        }

        /** The windows of {@code margin} lines around each of the sorted {@code indices}, merged. */
        static Windows around(List<Long> indices, int margin) {
            return new Windows(Scan.merge(indices, margin));
        }

        /** Whether some window meets the lines [from, to]. */
        boolean intersects(long from, long to) {
            int a = 0, b = hi.length; // the first window with hi >= from is in [a, b]
            while (a < b) {
                int m = (a + b) >>> 1;
                if (hi[m] < from) {
                    a = m + 1;
                } else {
                    b = m;
                }
            }
            return a < hi.length && lo[a] <= to;
        }
    }

    private static final class Scan {
        final String name;
        final Limits limits;
        final List<Windows> windows = new ArrayList<>();
        /** Every anomaly's windows merged into one sorted, disjoint set. */
        final Windows union;
        final List<Set<Long>> involved = new ArrayList<>();
        final Map<Long, Integer> anomalyOf = new HashMap<>();
        final List<TimelineBuilder> timelines = new ArrayList<>();
        final Map<Integer, Pending> pending = new HashMap<>();
        final ArrayDeque<Pending> nemesis = new ArrayDeque<>();
        final List<HistorySeries.FaultWindow> faults = new ArrayList<>();
        final List<Pending> open = new ArrayList<>();
        final Buckets buckets;
        final StrideSample ok;
        final StrideSample fail;
        final StrideSample info;
        final List<HistorySeries.Point> anomalyPoints = new ArrayList<>();
        long okCount, failCount, infoCount, superseded;
        long lastNanos;

        // the fields of the line being read
        long index;
        long timeNanos;
        String type;
        String f;
        Integer process;
        boolean nemesisProcess;
        String value;

        Scan(String name, List<List<Long>> anomalyIndices, double expectedSeconds, Limits limits) {
            this.name = name;
            this.limits = limits;
            this.buckets = new Buckets(expectedSeconds, limits);
            this.ok = new StrideSample(limits.okPoints(), HistorySeries.Outcome.OK);
            this.fail = new StrideSample(limits.otherPoints(), HistorySeries.Outcome.FAIL);
            this.info = new StrideSample(limits.otherPoints(), HistorySeries.Outcome.INFO);
            List<Long> everyIndex = new ArrayList<>();
            for (int a = 0; a < Math.min(anomalyIndices.size(), limits.anomalies()); a++) {
                List<Long> indices = anomalyIndices.get(a).stream().sorted().limit(INDICES_PER_ANOMALY).toList();
                windows.add(new Windows(merge(indices, limits.margin())));
                everyIndex.addAll(indices);
                involved.add(Set.copyOf(indices));
                for (long i : indices) {
                    anomalyOf.putIfAbsent(i, a);
                }
                timelines.add(new TimelineBuilder(indices, limits.timelineOps()));
            }
            everyIndex.sort(null);
            union = new Windows(merge(everyIndex, limits.margin()));
        }

        static List<Window> merge(List<Long> sorted, int margin) {
            List<Window> merged = new ArrayList<>();
            for (long i : sorted) {
                long lo = i - margin, hi = i + margin;
                if (!merged.isEmpty() && merged.getLast().hi() >= lo - 1) {
                    merged.set(merged.size() - 1, new Window(merged.getLast().lo(), hi));
                } else {
                    merged.add(new Window(lo, hi));
                }
            }
            return merged;
        }

        /** Whether {@code line} is in any anomaly's window: one binary search of their union. */
        boolean near(long line) {
            return union.intersects(line, line);
        }

        void line(JsonParser parser, long line) throws IOException {
            index = -1;
            timeNanos = Long.MIN_VALUE;
            type = null;
            f = null;
            process = null;
            nemesisProcess = false;
            value = null;
            try {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
                    if (token != JsonToken.FIELD_NAME) {
                        throw fail(line, "expected a field name");
                    }
                    String field = parser.currentName();
                    JsonToken v = parser.nextToken();
                    switch (field) {
                        case "index" -> index = longField(parser, v, line, field);
                        case "time" -> timeNanos = longField(parser, v, line, field);
                        case "type" -> type = textField(parser, v, line, field);
                        case "f" -> f = v == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                        case "process" -> {
                            if (v == JsonToken.VALUE_NUMBER_INT) {
                                process = parser.getIntValue();
                            } else if (v == JsonToken.VALUE_STRING && "nemesis".equals(parser.getText())) {
                                nemesisProcess = true;
                            } else {
                                throw fail(line, "field \"process\" is neither a number nor \"nemesis\"");
                            }
                        }
                        case "value" -> {
                            if (index < 0 || near(index)) {
                                value = shortValue(parser.readValueAsTree());
                            } else {
                                parser.skipChildren();
                            }
                        }
                        default -> parser.skipChildren();
                    }
                }
            } catch (JsonParseException e) {
                throw fail(e.getLocation().getLineNr(), "not JSON (" + e.getOriginalMessage() + ")");
            }
            if (index < 0) {
                throw fail(line, "field \"index\" missing");
            }
            if (timeNanos == Long.MIN_VALUE) {
                throw fail(line, "field \"time\" missing");
            }
            if (type == null) {
                throw fail(line, "field \"type\" missing");
            }
            if (process == null && !nemesisProcess) {
                throw fail(line, "field \"process\" missing");
            }
            if (value != null && !near(index)) {
                value = null;
            }
            lastNanos = Math.max(lastNanos, timeNanos);
            switch (type) {
                case "invoke" -> invoke(line);
                case "ok" -> complete(HistorySeries.Outcome.OK, line);
                case "fail" -> complete(HistorySeries.Outcome.FAIL, line);
                case "info" -> complete(HistorySeries.Outcome.INFO, line);
                default -> throw fail(line, "field \"type\" is \"" + type + "\", not invoke, ok, fail or info");
            }
        }

        private ReportException fail(long line, String detail) {
            return new ReportException(name, "line " + line + ": " + detail);
        }

        private long longField(JsonParser parser, JsonToken token, long line, String field) throws IOException {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw fail(line, "field \"" + field + "\" is not an integer");
            }
            return parser.getLongValue();
        }

        private String textField(JsonParser parser, JsonToken token, long line, String field) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                throw fail(line, "field \"" + field + "\" is not a string");
            }
            return parser.getText();
        }

        private static String shortValue(JsonNode value) {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return null;
            }
            String text = value.isTextual() ? value.asText() : value.toString();
            return text.length() <= VALUE_CHARS ? text : text.substring(0, VALUE_CHARS - 1) + "…";
        }

        void invoke(long line) {
            Pending p = new Pending(index, timeNanos, f, value);
            if (nemesisProcess) {
                nemesis.addLast(p);
                if (f == null || !CLOSERS.contains(f)) {
                    open.add(p);
                }
            } else if (pending.put(process, p) != null) {
                superseded++; // invoked again before a completion: the earlier one is abandoned, not an error
            }
        }

        void complete(HistorySeries.Outcome outcome, long line) throws ReportException {
            Pending p = nemesisProcess ? nemesis.pollFirst() : pending.remove(process);
            if (p == null) {
                throw fail(line, "a completion without an invocation for process "
                        + (nemesisProcess ? "nemesis" : process));
            }
            String completedF = f != null ? f : p.f();
            String shown = value != null ? value : p.value();
            long latencyNanos = Math.max(0, timeNanos - p.timeNanos());
            // most operations are near no anomaly: one search of all windows' union rules them out
            for (int a = 0; a < timelines.size() && union.intersects(p.index(), index); a++) {
                if (overlaps(a, p.index(), index)) {
                    boolean mine = involved.get(a).contains(p.index()) || involved.get(a).contains(index);
                    timelines.get(a).add(new HistorySeries.TimelineOp(nemesisProcess ? "nemesis" : process.toString(),
                            p.index(), seconds(p.timeNanos()), seconds(timeNanos), outcome, completedF, shown, mine));
                }
            }
            if (nemesisProcess) {
                if (completedF != null && CLOSERS.contains(completedF)) {
                    for (Pending opened : open) {
                        faults.add(new HistorySeries.FaultWindow(seconds(opened.timeNanos()), seconds(timeNanos),
                                opened.f() == null ? "fault" : opened.f()));
                    }
                    open.clear();
                }
                return;
            }
            double t = seconds(timeNanos);
            double millis = latencyNanos / 1e6;
            switch (outcome) {
                case OK -> {
                    okCount++;
                    ok.add(t, millis);
                }
                case FAIL -> {
                    failCount++;
                    fail.add(t, millis);
                }
                case INFO -> {
                    infoCount++;
                    info.add(t, millis);
                }
                case PENDING -> throw new IllegalStateException("a completion is never pending");
            }
            buckets.add(timeNanos, outcome, latencyNanos);
            Integer a = anomalyOf.get(p.index());
            if (a == null) {
                a = anomalyOf.get(index);
            }
            if (a != null && anomalyPoints.size() < ANOMALY_POINTS) {
                anomalyPoints.add(new HistorySeries.Point(t, millis, outcome, a));
            }
        }

        /** Whether an operation's lines [invoke, completion] meet one of anomaly {@code a}'s windows. */
        boolean overlaps(int a, long invoke, long completion) {
            return windows.get(a).intersects(invoke, completion);
        }

        HistorySeries finish() {
            double end = seconds(lastNanos);
            for (Pending opened : open) {
                faults.add(new HistorySeries.FaultWindow(seconds(opened.timeNanos()), end,
                        opened.f() == null ? "fault" : opened.f()));
            }
            faults.sort((x, y) -> Double.compare(x.startSeconds(), y.startSeconds()));
            List<Map.Entry<String, Pending>> unfinished = new ArrayList<>();
            pending.forEach((proc, p) -> unfinished.add(Map.entry(proc.toString(), p)));
            nemesis.forEach(p -> unfinished.add(Map.entry("nemesis", p)));
            for (int a = 0; a < timelines.size(); a++) {
                for (Map.Entry<String, Pending> e : unfinished) {
                    Pending p = e.getValue();
                    if (overlaps(a, p.index(), Long.MAX_VALUE)) {
                        timelines.get(a).add(new HistorySeries.TimelineOp(e.getKey(), p.index(), seconds(p.timeNanos()),
                                end, HistorySeries.Outcome.PENDING, p.f(), p.value(), involved.get(a).contains(p.index())));
                    }
                }
            }
            List<HistorySeries.Point> sample = new ArrayList<>(ok.size() + fail.size() + info.size());
            ok.drainTo(sample);
            fail.drainTo(sample);
            info.drainTo(sample);
            List<HistorySeries.Bucket> finished = buckets.finish(); // may widen the buckets: before their width
            return new HistorySeries(okCount + failCount + infoCount, okCount, failCount, infoCount, pending.size() + superseded, end,
                    buckets.widthSeconds(), finished, sample, anomalyPoints, faults,
                    timelines.stream().map(TimelineBuilder::build).toList());
        }

        static double seconds(long nanos) {
            return nanos / 1e9;
        }
    }
}
