package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The charts' specs in the data blob (see {@link Report} for their shapes): plain data, drawn by
 * report.js. Numbers are rounded to what a plot shows, to keep the page small.
 */
final class Charts {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Heat map columns at most (seconds binned wider beyond). */
    static final int HEAT_COLUMNS = 600;
    static final int HEAT_ROWS = 256;

    private Charts() {
    }

    static ObjectNode spec(String type, String xName, String yName) {
        ObjectNode spec = F.objectNode().put("type", type);
        spec.put("xName", xName);
        spec.put("yName", yName);
        return spec;
    }

    /** Rounded to 4 significant digits (at least 3 decimals below 10). */
    static double round(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 3 - Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }

    static double seconds(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static ArrayNode faults(List<HistorySeries.FaultWindow> windows) {
        ArrayNode a = F.arrayNode();
        for (HistorySeries.FaultWindow w : windows) {
            a.addObject().put("start", seconds(w.startSeconds())).put("end", seconds(w.endSeconds())).put("fault", w.fault());
        }
        return a;
    }

    /** (a) every sampled operation's latency over time, by outcome, the anomalies' operations marked. */
    static ObjectNode scatter(HistorySeries h, ArrayNode faults) {
        ObjectNode spec = spec("scatter", "seconds since start", "latency (ms)").put("yLog", true);
        Map<HistorySeries.Outcome, ArrayNode> byOutcome = new LinkedHashMap<>();
        ArrayNode series = spec.putArray("series");
        for (HistorySeries.Outcome o : List.of(HistorySeries.Outcome.OK, HistorySeries.Outcome.FAIL,
                HistorySeries.Outcome.INFO)) {
            ObjectNode s = series.addObject().put("name", o.json());
            byOutcome.put(o, s.putArray("points"));
        }
        for (HistorySeries.Point p : h.sample()) {
            byOutcome.get(p.outcome()).addArray().add(seconds(p.seconds())).add(positive(p.millis()));
        }
        ArrayNode marks = spec.putArray("marks");
        for (HistorySeries.Point p : h.anomalyPoints()) {
            marks.addArray().add(seconds(p.seconds())).add(positive(p.millis())).add(p.anomaly() + 1);
        }
        spec.set("faults", faults);
        spec.put("shown", h.shown()).put("total", h.operations()).put("endSeconds", seconds(h.endSeconds()));
        return spec;
    }

    /** A log axis shows no zero: a latency under a microsecond is drawn at one. */
    static double positive(double millis) {
        return Math.max(0.001, round(millis));
    }

    /** (b) ok latency quantiles per bucket. */
    static ObjectNode quantiles(HistorySeries h, ArrayNode faults) {
        ObjectNode spec = spec("lines", "seconds since start", "ok latency (ms)").put("yLog", true);
        String[] names = {"p50", "p90", "p99", "p99.9", "max"};
        ArrayNode series = spec.putArray("series");
        List<ArrayNode> points = new ArrayList<>();
        for (String n : names) {
            points.add(series.addObject().put("name", n).putArray("points"));
        }
        for (HistorySeries.Bucket b : h.buckets()) {
            if (b.ok() == 0) {
                continue;
            }
            double[] v = {b.p50Millis(), b.p90Millis(), b.p99Millis(), b.p999Millis(), b.maxMillis()};
            for (int i = 0; i < v.length; i++) {
                points.get(i).addArray().add(seconds(b.startSeconds())).add(positive(v[i]));
            }
        }
        spec.set("faults", faults);
        spec.put("endSeconds", seconds(h.endSeconds()));
        return spec;
    }

    /** (c) completions per second by outcome, stacked. */
    static ObjectNode throughput(HistorySeries h, ArrayNode faults) {
        ObjectNode spec = spec("lines", "seconds since start", "operations per second").put("stack", true);
        ArrayNode series = spec.putArray("series");
        ArrayNode ok = series.addObject().put("name", "ok").putArray("points");
        ArrayNode fail = series.addObject().put("name", "fail").putArray("points");
        ArrayNode info = series.addObject().put("name", "info").putArray("points");
        double w = h.bucketSeconds();
        for (HistorySeries.Bucket b : h.buckets()) {
            double t = seconds(b.startSeconds());
            // the last bucket ends with the history: a full width would show a drop that did not happen
            double width = Math.min(w, Math.max(h.endSeconds() - b.startSeconds(), w / 100));
            ok.addArray().add(t).add(round(b.ok() / width));
            fail.addArray().add(t).add(round(b.fail() / width));
            info.addArray().add(t).add(round(b.info() / width));
        }
        spec.put("bucketSeconds", w).put("endSeconds", seconds(h.endSeconds()));
        spec.set("faults", faults);
        return spec;
    }

    /** How a partitions array's numbers are meant. */
    enum PartitionUnits {
        /**
         * The engine's insights recorder (a test run's results.json, insights.jsonl): units consumed
         * IN the interval {@code [second, second + lengthSeconds)}.
         */
        PER_INTERVAL,
        /**
         * keystorm bench's PartitionSampler: units a second already, over the sample
         * {@code [second - lengthSeconds, second)} ({@code second} is when it was taken).
         */
        RATES_ENDING_AT
    }

    /** One heat map row: a partition for life, (table, id). */
    private static final class HeatRow {
        final String table;
        final String id;
        int latestIndex = -1;
        String lowHash;
        boolean retired;

        HeatRow(String table, String id) {
            this.table = table;
            this.id = id;
        }

        long hash() {
            try {
                return lowHash == null ? -1 : Long.parseUnsignedLong(lowHash, 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /**
     * (d) a heat map of a partitions array (results.json's, insights.jsonl's, or a bench
     * strategy's): one row per table and partition for life (its id: a split moves the others'
     * indices, and a retired partition is written with index -1), ordered by hash range, then by
     * the latest index it had, then id; one column per second (binned wider past
     * {@link #HEAT_COLUMNS}). Each sample is a rate over its interval (units / lengthSeconds, or
     * as bench wrote it), spread over every one-second column the interval covers: columns are
     * seconds since the run's start, an interval in column round(start) to round(end) - 1 (at
     * least one), so a recorder 0.059 s early lands on whole seconds and a short last interval
     * is its own rate, not a fall. A cell is the time-weighted mean rate of what covers it. Null
     * when no sample has a partition.
     *
     * @param throttled the throttled units a second, else the consumed ones
     */
    static ObjectNode heatmap(JsonNode samples, String defaultTable, boolean throttled, PartitionUnits units) {
        Map<String, HeatRow> byKey = new LinkedHashMap<>();
        long firstSlot = Long.MAX_VALUE;
        long endSlot = Long.MIN_VALUE;
        for (JsonNode s : samples) {
            String table = s.path("table").asText(defaultTable == null ? "" : defaultTable);
            if (s.path("partitions").isEmpty()) {
                continue;
            }
            long[] slots = slots(s, units);
            firstSlot = Math.min(firstSlot, slots[0]);
            endSlot = Math.max(endSlot, slots[1]);
            for (JsonNode p : s.path("partitions")) {
                String id = p.path("id").asText(p.path("index").asText("?"));
                HeatRow row = byKey.computeIfAbsent(table + "\u0000" + id, k -> new HeatRow(table, id));
                int index = p.path("index").asInt(-1);
                if (index >= 0 && !p.path("retired").asBoolean(false)) {
                    row.latestIndex = index;
                }
                if (p.hasNonNull("lowHash")) {
                    row.lowHash = p.get("lowHash").asText();
                }
                row.retired |= p.path("retired").asBoolean(false);
            }
        }
        if (byKey.isEmpty()) {
            return null;
        }
        List<HeatRow> rows = new ArrayList<>(byKey.values());
        rows.sort(Comparator.comparing((HeatRow r) -> r.table)
                .thenComparing(r -> r.hash(), Long::compareUnsigned)
                .thenComparingInt(r -> r.latestIndex)
                .thenComparingInt(r -> parseOr(r.id)));
        if (rows.size() > HEAT_ROWS) {
            rows = rows.subList(0, HEAT_ROWS);
        }
        Map<String, Integer> rowIndex = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            rowIndex.put(rows.get(i).table + "\u0000" + rows.get(i).id, i);
        }
        long origin = Math.min(0, firstSlot);
        long span = Math.max(1, endSlot - origin);
        int bin = (int) Math.max(1, (span + HEAT_COLUMNS - 1) / HEAT_COLUMNS);
        int columns = (int) ((span + bin - 1) / bin);
        double[][] units2 = new double[rows.size()][columns];
        double[][] covered = new double[rows.size()][columns];
        for (JsonNode s : samples) {
            String table = s.path("table").asText(defaultTable == null ? "" : defaultTable);
            if (s.path("partitions").isEmpty()) {
                continue;
            }
            long[] slots = slots(s, units);
            double length = length(s);
            long k = slots[1] - slots[0];
            for (JsonNode p : s.path("partitions")) {
                Integer r = rowIndex.get(table + "\u0000" + p.path("id").asText(p.path("index").asText("?")));
                if (r == null) {
                    continue;
                }
                double v = throttled
                        ? p.path("throttledReadUnits").asDouble() + p.path("throttledWriteUnits").asDouble()
                        : p.path("consumedReadUnits").asDouble() + p.path("consumedWriteUnits").asDouble();
                double rate = units == PartitionUnits.RATES_ENDING_AT ? v : v / length;
                double perSlot = length / k; // the interval's seconds in each one-second column it covers
                // the coarse columns the slots [slots[0], slots[1]) fall in, each with how many of them
                for (long c = (slots[0] - origin) / bin; c <= (slots[1] - 1 - origin) / bin; c++) {
                    long lo = Math.max(slots[0], origin + c * bin);
                    long hi = Math.min(slots[1], origin + (c + 1) * bin);
                    double seconds = perSlot * (hi - lo);
                    units2[r][(int) c] += rate * seconds;
                    covered[r][(int) c] += seconds;
                }
            }
        }
        ObjectNode spec = spec("heatmap", "seconds since start", "table #partition");
        spec.put("unit", throttled ? "throttled units/s" : "consumed units/s").put("binSeconds", bin);
        ArrayNode rowLabels = spec.putArray("rows");
        for (HeatRow r : rows) {
            rowLabels.add((r.table.isEmpty() ? "" : r.table + " ") + "#" + r.id + (r.retired ? " (split)" : ""));
        }
        ArrayNode cols = spec.putArray("columns");
        for (int c = 0; c < columns; c++) {
            cols.add(origin + (long) c * bin);
        }
        ArrayNode cells = spec.putArray("cells");
        double max = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                if (covered[r][c] > 0) {
                    double v = round(units2[r][c] / covered[r][c]);
                    max = Math.max(max, v);
                    cells.addArray().add(c).add(r).add(v);
                }
            }
        }
        spec.put("max", max);
        return spec;
    }

    /** A sample's length in seconds (1 when it does not say: the contract's partitions are per second). */
    private static double length(JsonNode sample) {
        double length = sample.path("lengthSeconds").asDouble(1);
        return length > 0 ? length : 1;
    }

    /** The one-second columns [first, end) a sample covers, seconds since the run's start, its ends rounded. */
    private static long[] slots(JsonNode sample, PartitionUnits units) {
        double length = length(sample);
        double start = sample.path("second").asDouble() - (units == PartitionUnits.RATES_ENDING_AT ? length : 0);
        long first = Math.round(start);
        long end = Math.max(first + 1, Math.round(start + length));
        return new long[] {first, end};
    }

    private static int parseOr(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** (e) the top keys of each minute: hot (by units) and throttled, side by side. */
    static Table topKeys(JsonNode minutes, int perMinute) {
        Table t = new Table(List.of("minute", "table", "#", "hot key", "requests", "units", "throttled key",
                "throttled requests", "throttled units"));
        int rowsLeft = 2_000;
        for (JsonNode m : minutes) {
            JsonNode accessed = m.path("accessed");
            JsonNode throttled = m.path("throttled");
            int n = Math.min(perMinute, Math.max(accessed.size(), throttled.size()));
            for (int i = 0; i < n && rowsLeft-- > 0; i++) {
                JsonNode a = accessed.path(i);
                JsonNode th = throttled.path(i);
                t.row(List.of(Table.Cell.of(i == 0 ? m.path("minute").asText() : ""),
                        Table.Cell.of(i == 0 ? m.path("table").asText("") : ""), Table.Cell.of(Integer.toString(i + 1)),
                        Table.Cell.of(a.path("key").asText("")), Table.Cell.of(a.has("requests") ? a.get("requests").asText() : ""),
                        Table.Cell.of(a.has("units") ? fmt(a.get("units").asDouble()) : ""),
                        new Table.Cell(th.path("key").asText(""), null, th.has("key") ? "throttled" : null),
                        Table.Cell.of(th.has("requests") ? th.get("requests").asText() : ""),
                        Table.Cell.of(th.has("units") ? fmt(th.get("units").asDouble()) : "")));
            }
        }
        return t;
    }

    /** Access totals per table and kind, from the per-minute access lines. */
    record AccessTotals(Map<String, Map<String, double[]>> byTableKind, Map<String, double[]> byTableOperation) {
        // values: requests, readUnits, writeUnits, items, scannedItems
    }

    static AccessTotals access(JsonNode lines) {
        Map<String, Map<String, double[]>> byKind = new TreeMap<>();
        Map<String, double[]> byOp = new TreeMap<>();
        for (JsonNode l : lines) {
            String table = l.path("table").asText("?");
            String kind = l.path("kind").asText("?");
            double[] v = {l.path("requests").asDouble(), l.path("readUnits").asDouble(), l.path("writeUnits").asDouble(),
                    l.path("items").asDouble(), l.path("scannedItems").asDouble()};
            add(byKind.computeIfAbsent(table, k -> new TreeMap<>()).computeIfAbsent(kind, k -> new double[5]), v);
            add(byOp.computeIfAbsent(table + "\u0000" + l.path("operation").asText("?") + "\u0000" + kind,
                    k -> new double[5]), v);
        }
        return new AccessTotals(byKind, byOp);
    }

    private static void add(double[] into, double[] v) {
        for (int i = 0; i < v.length; i++) {
            into[i] += v[i];
        }
    }

    static final List<String> ACCESS_KINDS = List.of("key-lookup", "query", "scan", "write", "batch", "transaction");

    /** (f) requests per table, stacked by how they reached their items; scans highlighted. */
    static ObjectNode accessBars(AccessTotals totals) {
        ObjectNode spec = spec("bars", "requests", "table").put("stack", true).put("highlight", "scan")
                .put("horizontal", true);
        ArrayNode cats = spec.putArray("categories");
        totals.byTableKind().keySet().forEach(cats::add);
        TreeSet<String> kinds = new TreeSet<>((a, b) -> Integer.compare(kindOrder(a), kindOrder(b)) != 0
                ? Integer.compare(kindOrder(a), kindOrder(b)) : a.compareTo(b));
        totals.byTableKind().values().forEach(m -> kinds.addAll(m.keySet()));
        ArrayNode series = spec.putArray("series");
        for (String kind : kinds) {
            ArrayNode values = series.addObject().put("name", kind).putArray("values");
            for (Map<String, double[]> m : totals.byTableKind().values()) {
                double[] v = m.get(kind);
                values.add(v == null ? 0 : v[0]);
            }
        }
        return spec;
    }

    private static int kindOrder(String kind) {
        int i = ACCESS_KINDS.indexOf(kind);
        return i < 0 ? ACCESS_KINDS.size() : i;
    }

    static Table accessTable(AccessTotals totals) {
        Table t = new Table(List.of("table", "operation", "kind", "requests", "read units", "write units", "items",
                "scanned items", "note"));
        for (Map.Entry<String, double[]> e : totals.byTableOperation().entrySet()) {
            String[] k = e.getKey().split("\u0000", -1);
            double[] v = e.getValue();
            boolean scan = k[2].equals("scan");
            String note = scan ? String.format(Locale.ROOT, "scan: read %s items to return %s", fmt(v[4]), fmt(v[3])) : "";
            t.row(List.of(Table.Cell.of(k[0]), Table.Cell.of(k[1]), Table.Cell.of(k[2]), Table.Cell.of(fmt(v[0])),
                    Table.Cell.of(fmt(v[1])), Table.Cell.of(fmt(v[2])), Table.Cell.of(fmt(v[3])), Table.Cell.of(fmt(v[4])),
                    Table.Cell.of(note)), scan ? "scan" : null);
        }
        return t;
    }

    /** An anomaly's figure as a graph: its nodes and its labelled, directed edges. */
    static ObjectNode graph(JsonNode figure) {
        ObjectNode spec = F.objectNode().put("type", "graph");
        ArrayNode nodes = spec.putArray("nodes");
        for (JsonNode n : figure.path("nodes")) {
            nodes.addObject().put("id", n.path("id").asText()).put("label", n.path("label").asText(n.path("id").asText()));
        }
        ArrayNode edges = spec.putArray("edges");
        for (JsonNode e : figure.path("edges")) {
            edges.addObject().put("from", e.path("from").asText()).put("to", e.path("to").asText())
                    .put("label", e.path("label").asText("")).put("because", e.path("because").asText(""));
        }
        return spec;
    }

    /** An anomaly's timeline: one row per process, a bar per operation. */
    static ObjectNode timeline(HistorySeries.Timeline timeline) {
        ObjectNode spec = spec("timeline", "seconds since start", "process");
        TreeSet<String> processes = new TreeSet<>((a, b) -> {
            boolean na = a.equals("nemesis"), nb = b.equals("nemesis");
            if (na || nb) {
                return Boolean.compare(na, nb);
            }
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        });
        timeline.ops().forEach(o -> processes.add(o.process()));
        List<String> rows = new ArrayList<>(processes);
        ArrayNode r = spec.putArray("rows");
        rows.forEach(p -> r.add(p.equals("nemesis") ? "nemesis" : "process " + p));
        ArrayNode ops = spec.putArray("ops");
        for (HistorySeries.TimelineOp o : timeline.ops()) {
            String label = (o.f() == null ? "" : o.f()) + (o.value() == null ? "" : " " + o.value());
            ops.addObject().put("row", rows.indexOf(o.process())).put("start", o.startSeconds()).put("end", o.endSeconds())
                    .put("outcome", o.outcome().json()).put("label", label).put("index", o.invokeIndex())
                    .put("involved", o.involved());
        }
        spec.put("dropped", timeline.dropped());
        return spec;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.1f" : "%.3f", v);
    }
}
