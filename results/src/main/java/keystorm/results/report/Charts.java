package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
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

    /**
     * (d) a heat map of a partitions array (results.json's or a bench strategy's): one row per
     * table and partition, one column per second (binned wider past {@link #HEAT_COLUMNS}), the mean
     * of the samples' rates in each cell. Null when no sample has a partition.
     *
     * @param throttled the throttled units a second, else the consumed ones
     */
    static ObjectNode heatmap(JsonNode samples, String defaultTable, boolean throttled) {
        TreeMap<String, Integer> rowOrder = new TreeMap<>();
        Map<String, String> rowLabel = new HashMap<>();
        double last = 0;
        for (JsonNode s : samples) {
            last = Math.max(last, s.path("second").asDouble());
            String table = s.path("table").asText(defaultTable == null ? "" : defaultTable);
            for (JsonNode p : s.path("partitions")) {
                String key = String.format(Locale.ROOT, "%s\u0000%08d", table, p.path("index").asInt(p.path("id").asInt()));
                String label = (table.isEmpty() ? "" : table + " ") + "#" + p.path("id").asText("?");
                rowLabel.putIfAbsent(key + "\u0000" + p.path("id").asText(), label);
                rowOrder.putIfAbsent(key + "\u0000" + p.path("id").asText(), 0);
            }
        }
        if (rowOrder.isEmpty()) {
            return null;
        }
        List<String> rows = new ArrayList<>(rowOrder.keySet());
        if (rows.size() > HEAT_ROWS) {
            rows = rows.subList(0, HEAT_ROWS);
        }
        Map<String, Integer> rowIndex = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            rowIndex.put(rows.get(i), i);
        }
        int bin = Math.max(1, (int) Math.ceil((Math.floor(last) + 1) / HEAT_COLUMNS));
        int columns = (int) (Math.floor(last) / bin) + 1;
        double[][] sum = new double[rows.size()][columns];
        int[][] count = new int[rows.size()][columns];
        for (JsonNode s : samples) {
            int col = (int) (Math.max(0, s.path("second").asDouble()) / bin);
            String table = s.path("table").asText(defaultTable == null ? "" : defaultTable);
            for (JsonNode p : s.path("partitions")) {
                String key = String.format(Locale.ROOT, "%s\u0000%08d", table, p.path("index").asInt(p.path("id").asInt()))
                        + "\u0000" + p.path("id").asText();
                Integer r = rowIndex.get(key);
                if (r == null) {
                    continue;
                }
                double v = throttled
                        ? p.path("throttledReadUnits").asDouble() + p.path("throttledWriteUnits").asDouble()
                        : p.path("consumedReadUnits").asDouble() + p.path("consumedWriteUnits").asDouble();
                sum[r][col] += v;
                count[r][col]++;
            }
        }
        ObjectNode spec = spec("heatmap", "seconds since start", "table #partition");
        spec.put("unit", throttled ? "throttled units/s" : "consumed units/s").put("binSeconds", bin);
        ArrayNode rowLabels = spec.putArray("rows");
        rows.forEach(r -> rowLabels.add(rowLabel.get(r)));
        ArrayNode cols = spec.putArray("columns");
        for (int c = 0; c < columns; c++) {
            cols.add(c * bin);
        }
        ArrayNode cells = spec.putArray("cells");
        double max = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                if (count[r][c] > 0) {
                    double v = round(sum[r][c] / count[r][c]);
                    max = Math.max(max, v);
                    cells.addArray().add(c).add(r).add(v);
                }
            }
        }
        spec.put("max", max);
        return spec;
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
