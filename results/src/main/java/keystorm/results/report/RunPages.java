package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds the page of one run directory from its {@link RunData}, by kind. */
final class RunPages {
    private RunPages() {
    }

    static Page build(RunData run) {
        ObjectNode blob = JsonNodeFactory.instance.objectNode();
        blob.put("format", 1).put("page", "run").put("kind", run.kind()).put("name", run.name());
        blob.putObject("charts");
        blob.putObject("omitted");
        blob.putObject("tables");
        ArrayNode missing = blob.putArray("missing");
        run.missing().forEach(missing::add);
        String[] verdict = switch (run.kind()) {
            case "test" -> Verdicts.test(run);
            case "bench" -> Verdicts.bench(run);
            case "suite" -> Verdicts.collection(run);
            case "hunt" -> Verdicts.hunt(run);
            case "insights" -> Verdicts.insights(run);
            default -> throw new IllegalArgumentException("kind " + run.kind());
        };
        blob.putObject("verdict").put("validity", verdict[0]).put("text", verdict[1]);
        // "test register", "bench", "insights": the name once when it is the kind's own
        String title = run.name().equals(run.kind()) ? run.kind() : run.kind() + " " + run.name();
        if (run.test() != null && run.test().hasNonNull("started")) {
            blob.put("subtitle", title + " · started " + run.test().get("started").asText());
        } else {
            blob.put("subtitle", title);
        }
        Page page = new Page("keystorm " + title + ": " + verdict[1], blob);
        PageWriter.facts(blob, facts(run));
        ArrayNode faults = faults(run);
        blob.set("faults", faults);
        switch (run.kind()) {
            case "test" -> test(page, run, faults);
            case "bench" -> bench(page, run, faults);
            case "suite", "hunt" -> collection(page, run);
            case "insights" -> insights(page, run);
            default -> throw new IllegalArgumentException("kind " + run.kind());
        }
        return page;
    }

    // ---- facts

    static List<String[]> facts(RunData run) {
        List<String[]> facts = new ArrayList<>();
        JsonNode t = run.test();
        JsonNode r = run.results();
        JsonNode options = t == null ? null : t.path("options");
        if (t != null && t.hasNonNull("command")) {
            facts.add(new String[] {"command", t.get("command").asText()});
        }
        JsonNode seed = t != null && t.has("seed") ? t.get("seed") : r != null && r.has("seed") ? r.get("seed") : null;
        if (seed != null) {
            facts.add(new String[] {"seed", seed.asText()});
        }
        String workload = options != null && options.has("workload") ? options.get("workload").asText()
                : r != null && r.has("workload") ? r.get("workload").asText() : null;
        if (workload != null) {
            facts.add(new String[] {"workload", workload});
        }
        if (options != null && options.has("target")) {
            facts.add(new String[] {"target", options.get("target").asText()});
        }
        if (run.kind().equals("test")) {
            List<String> nemeses = Verdicts.nemeses(run);
            facts.add(new String[] {"nemeses", nemeses.isEmpty() ? "none" : String.join(", ", nemeses)});
        }
        if (r != null && simulated(r)) {
            // the history's times and the throughput are in virtual time: so is the duration beside them
            facts.add(new String[] {"duration", duration(r.get("virtualSeconds").asDouble()) + " of virtual time (simulated"
                    + (r.has("wallSeconds") ? " in " + duration(r.get("wallSeconds").asDouble()) + " wall" : "") + ")"});
        } else {
            double seconds = r != null && r.has("wallSeconds") ? r.get("wallSeconds").asDouble()
                    : run.history() != null ? run.history().endSeconds() : Double.NaN;
            if (!Double.isNaN(seconds)) {
                facts.add(new String[] {"duration", duration(seconds)});
            }
        }
        if (r != null && r.has("seedsRun")) {
            facts.add(new String[] {"seeds", String.format(Locale.ROOT, "%,d simulated%s", r.get("seedsRun").asLong(),
                    r.path("seedsUnknown").asLong(0) > 0
                            ? String.format(Locale.ROOT, ", %,d undecided", r.get("seedsUnknown").asLong()) : "")});
        }
        if (r != null && r.has("operations")) {
            // only the counts results.json has: a hunt's operations have no ok/fail/info split
            List<String> counts = new ArrayList<>();
            for (String field : List.of("ok", "fail", "info", "abandoned")) {
                if (r.hasNonNull(field)) {
                    counts.add(String.format(Locale.ROOT, "%s %,d", field, r.get(field).asLong()));
                }
            }
            facts.add(new String[] {"operations", String.format(Locale.ROOT, "%,d", r.path("operations").asLong())
                    + (counts.isEmpty() ? "" : " (" + String.join(", ", counts) + ")")
                    + (run.kind().equals("hunt") ? " across all seeds" : "")});
        } else if (run.history() != null) {
            HistorySeries h = run.history();
            facts.add(new String[] {"operations", String.format(Locale.ROOT, "%,d (ok %,d, fail %,d, info %,d), from history.jsonl",
                    h.operations(), h.ok(), h.fail(), h.info())});
        }
        if (r != null && r.has("throughput")) {
            facts.add(new String[] {"throughput", String.format(Locale.ROOT, "%.1f ops/s", r.get("throughput").asDouble())});
        }
        if (r != null && r.has("latencyMillis")) {
            JsonNode l = r.get("latencyMillis");
            facts.add(new String[] {"ok latency", String.format(Locale.ROOT, "p50 %s ms, p90 %s, p99 %s, p99.9 %s, max %s",
                    ms(l, "p50"), ms(l, "p90"), ms(l, "p99"), ms(l, "p999"), ms(l, "max"))});
        }
        if (r != null && r.has("throttledShare")) {
            facts.add(new String[] {"throttled", String.format(Locale.ROOT, "%.2f%% of operations", 100 * r.get("throttledShare").asDouble())});
        }
        if (r != null && r.has("cost") && r.get("cost").has("onDemand")) {
            JsonNode c = r.get("cost");
            facts.add(new String[] {"cost", String.format(Locale.ROOT, "$%.6f on demand (prices of %s, %s)",
                    c.get("onDemand").asDouble(), c.path("pricesDate").asText("?"), c.path("region").asText("?"))});
        }
        return facts;
    }

    /** A simulated run (results.json "simulated": true with its "virtualSeconds"): its times are virtual. */
    static boolean simulated(JsonNode results) {
        return results != null && results.path("simulated").asBoolean(false) && results.path("virtualSeconds").isNumber();
    }

    private static String ms(JsonNode l, String field) {
        return l.has(field) ? String.format(Locale.ROOT, "%.3f", l.get(field).asDouble()) : "?";
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return String.format(Locale.ROOT, "%d min %02d s (%.0f s)", (long) seconds / 60, (long) seconds % 60, seconds);
    }

    /** The fault windows: the history's (the contract's rule), else results.json's nemesis operations. */
    static ArrayNode faults(RunData run) {
        if (run.history() != null) {
            return Charts.faults(run.history().faults());
        }
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        if (run.results() != null) {
            for (JsonNode f : run.results().path("faults")) {
                a.addObject().put("start", f.path("start").asDouble()).put("end", f.path("end").asDouble())
                        .put("fault", f.path("fault").asText("fault"));
            }
        }
        return a;
    }

    // ---- kind test

    static void test(Page page, RunData run, ArrayNode faults) {
        historyCharts(page, run, faults, false);
        JsonNode r = run.results();
        insightCharts(page, r, null, "", "this target does not report it", Charts.PartitionUnits.PER_INTERVAL);
        anomalies(page, run);
        if (r != null && r.hasNonNull("checker")) {
            page.text("The checker's text", r.get("checker").asText());
        } else if (run.summary() != null) {
            page.text("summary.txt", run.summary());
        } else {
            page.omit("The checker's text", "checker", "no checker text: results.json is missing or has none");
        }
    }

    /**
     * @param sampleOnly the history is a sample (bench's): only the scatter, labelled so; its
     *                   throughput and quantiles would be the sample's, not the run's
     */
    static void historyCharts(Page page, RunData run, ArrayNode faults, boolean sampleOnly) {
        HistorySeries h = run.history();
        if (h == null) {
            String why = "no history.jsonl: no per-operation data";
            page.omit("Latency of every operation", "latency", why);
            page.omit("Latency quantiles over time", "quantiles", why);
            page.omit("Throughput by outcome", "throughput", why);
            return;
        }
        if (h.operations() == 0) {
            String why = "the history has no completed client operation";
            page.omit(sampleOnly ? "Latency of sampled operations" : "Latency of every operation", "latency", why);
            if (!sampleOnly) {
                page.omit("Latency quantiles over time", "quantiles", why);
                page.omit("Throughput by outcome", "throughput", why);
            }
            return;
        }
        ObjectNode sample = page.blob.putObject("sample").put("shown", h.shown()).put("total", h.operations());
        long[] shown = new long[3];
        h.sample().forEach(p -> shown[p.outcome().ordinal()]++);
        long[] total = {h.ok(), h.fail(), h.info()};
        List<String> parts = new ArrayList<>();
        for (HistorySeries.Outcome o : List.of(HistorySeries.Outcome.OK, HistorySeries.Outcome.FAIL, HistorySeries.Outcome.INFO)) {
            int i = o.ordinal();
            sample.putObject(o.json()).put("shown", shown[i]).put("total", total[i]);
            if (total[i] > 0) {
                parts.add(shown[i] == total[i] ? String.format(Locale.ROOT, "all %,d %s", total[i], o.json())
                        : String.format(Locale.ROOT, "%,d of %,d %s%s", shown[i], total[i], o.json(),
                                o == HistorySeries.Outcome.OK ? " sampled evenly" : " (capped, evenly)"));
            }
        }
        if (sampleOnly) {
            page.chart("Latency of sampled operations", "latency", Charts.scatter(h, faults),
                    String.format(Locale.ROOT, "a SAMPLE of the run's operations (history.jsonl): showing %,d of the %,d sampled%s;"
                                    + " their rate is the sample's, not the run's (see each strategy's throughput below)",
                            h.shown(), h.operations(), h.shown() < h.operations() ? " (" + String.join(", ", parts) + ")" : ""),
                    true);
            return;
        }
        page.chart("Latency of every operation", "latency", Charts.scatter(h, faults),
                String.format(Locale.ROOT, "showing %,d of %,d operations%s; shaded: fault windows%s", h.shown(), h.operations(),
                        h.shown() < h.operations() ? " (" + String.join(", ", parts) + ")" : "",
                        h.anomalyPoints().isEmpty() ? "" : "; diamonds: the anomalies' operations"), true);
        page.chart("Latency quantiles over time", "quantiles", Charts.quantiles(h, faults),
                String.format(Locale.ROOT, "ok operations, per %s bucket", duration(h.bucketSeconds())));
        page.chart("Throughput by outcome", "throughput", Charts.throughput(h, faults),
                String.format(Locale.ROOT, "completions per second, per %s bucket, stacked", duration(h.bucketSeconds())));
    }

    /**
     * (d), (e), (f) from a results.json-shaped node (or a bench strategy).
     *
     * @param units how its partitions' numbers are meant: the recorder's units per interval (test
     *              runs, insights) or bench's rates (bench strategies)
     */
    static void insightCharts(Page page, JsonNode r, String defaultTable, String suffix, String absentWhy,
                              Charts.PartitionUnits units) {
        JsonNode partitions = r == null ? null : r.get("partitions");
        ObjectNode consumed = partitions == null ? null : Charts.heatmap(partitions, defaultTable, false, units);
        if (consumed == null) {
            String why = r != null && r.hasNonNull("partitionsNote") ? r.get("partitionsNote").asText()
                    : "no partition data: " + absentWhy;
            page.omit("Consumed capacity per partition", "partitions-consumed" + suffix, why);
            page.omit("Throttled capacity per partition", "partitions-throttled" + suffix, why);
        } else {
            page.chart("Consumed capacity per partition", "partitions-consumed" + suffix, consumed,
                    "consumed units a second (each interval's units over its length), one row per table and partition"
                            + " (by id, in hash order; a split's parent until the split)" + binNote(consumed));
            ObjectNode throttled = Charts.heatmap(partitions, defaultTable, true, units);
            page.chart("Throttled capacity per partition", "partitions-throttled" + suffix, throttled,
                    "throttled units a second" + (throttled.path("max").asDouble() == 0 ? " (none throttled)" : "")
                            + binNote(throttled));
        }
        JsonNode keys = r == null ? null : r.get("topKeysPerMinute");
        if (keys == null || keys.isEmpty()) {
            page.omit("Hot and throttled keys per minute", "top-keys" + suffix, "no key data: " + absentWhy);
        } else {
            page.table("Hot and throttled keys per minute", "top-keys" + suffix, Charts.topKeys(keys, 5),
                    "the five most used and the five most throttled keys of each minute");
        }
        JsonNode access = r == null ? null : r.get("access");
        if (access == null || access.isEmpty()) {
            if (suffix.isEmpty()) {
                page.omit("How operations reached their items", "access" + suffix, "no access data: " + absentWhy);
            }
        } else {
            Charts.AccessTotals totals = Charts.access(access);
            boolean scans = totals.byTableKind().values().stream().anyMatch(m -> m.containsKey("scan"));
            page.chart("How operations reached their items", "access" + suffix, Charts.accessBars(totals),
                    scans ? "Scans read every item of a table: a scan where a key lookup would do is the usual cause of a DynamoDB bill."
                            : "key lookups, queries and writes; no scans");
            page.table("Access per table and operation", "access-table" + suffix, Charts.accessTable(totals), null);
        }
    }

    private static String binNote(ObjectNode heat) {
        int bin = heat.path("binSeconds").asInt(1);
        return bin > 1 ? " (" + bin + " s per column)" : "";
    }

    static void anomalies(Page page, RunData run) {
        JsonNode r = run.results();
        JsonNode anomalies = r == null ? null : r.get("anomalies");
        ArrayNode out = page.blob.putArray("anomalies");
        if (anomalies == null || anomalies.isEmpty()) {
            if (r != null && "invalid".equals(r.path("validity").asText())) {
                page.omit("Anomalies", "anomalies", "the checker listed no anomaly's evidence: see its text below");
            }
            return;
        }
        int shown = Math.min(anomalies.size(), HistoryScan.Limits.DEFAULT.anomalies());
        page.heading("Anomalies", anomalies.size() > shown
                ? "the first " + shown + " of " + anomalies.size() + " anomalies" : null, "anomalies");
        for (int i = 0; i < shown; i++) {
            JsonNode a = anomalies.get(i);
            String kind = a.path("kind").asText();
            String key = a.hasNonNull("key") ? a.get("key").asText() : null;
            ObjectNode entry = out.addObject().put("number", i + 1).put("kind", kind);
            if (key != null) {
                entry.put("key", key);
            }
            entry.put("explanation", a.path("explanation").asText());
            entry.set("indices", a.path("indices").deepCopy());
            page.heading((i + 1) + ". " + kind + (key == null ? "" : " on key " + key), null, "anomaly");
            page.text(null, a.path("explanation").asText());
            if (a.hasNonNull("figure") && !a.get("figure").path("nodes").isEmpty()) {
                String name = "anomaly-" + (i + 1) + "-figure";
                entry.put("figure", name);
                page.chart("Figure", name, Charts.graph(a.get("figure")), "nodes are operations; edges their dependencies");
            }
            String timeline = "anomaly-" + (i + 1) + "-timeline";
            HistorySeries h = run.history();
            if (h == null) {
                page.omit("Timeline", timeline, "no timeline: history.jsonl is missing");
            } else if (i >= h.timelines().size() || h.timelines().get(i).ops().isEmpty()) {
                page.omit("Timeline", timeline, "no timeline: the anomaly names no operation of the history");
            } else {
                HistorySeries.Timeline tl = h.timelines().get(i);
                entry.put("timeline", timeline);
                page.chart("Timeline", timeline, Charts.timeline(tl),
                        "every process's operations around the anomaly's, invocation to completion; outlined: the anomaly's own"
                                + (tl.dropped() > 0 ? String.format(Locale.ROOT, " (%,d more left out)", tl.dropped()) : ""),
                        true);
            }
        }
    }

    // ---- kind bench

    static void bench(Page page, RunData run, ArrayNode faults) {
        JsonNode r = run.results();
        if (run.history() != null) {
            JsonNode how = run.test() == null ? null : run.test().path("options").get("historySample");
            page.heading("Sampled operations", "a bench's history.jsonl is a bounded sample of its operations, never checked"
                    + (how == null ? "" : ": " + (how.isTextual() ? how.asText() : how.toString())), "strategy");
            historyCharts(page, run, faults, true);
        }
        if (r == null) {
            page.omit("Strategies", "strategies", "no results.json: nothing measured to show");
            if (run.summary() != null) {
                page.text("summary.txt", run.summary());
            }
            return;
        }
        JsonNode strategies = r.path("strategies");
        for (int i = 0; i < strategies.size(); i++) {
            JsonNode s = strategies.get(i);
            String suffix = "-" + (i + 1);
            page.heading("Strategy " + s.path("strategy").asText() + " on table " + s.path("table").asText(),
                    String.format(Locale.ROOT, "%.1f ops/s over %s; throttled %.2f%% of operations",
                            s.path("throughputOpsPerSecond").asDouble(), duration(s.path("windowSeconds").asDouble()),
                            100 * s.path("throttledShare").asDouble()), "strategy");
            BenchCharts.intervals(page, s, suffix);
            page.table("Operations", "operations" + suffix, BenchCharts.operations(s), null);
            if (s.has("cost")) {
                page.table("Cost", "cost" + suffix, BenchCharts.cost(s.get("cost")), null);
            }
            insightCharts(page, s, s.path("table").asText(null), suffix, "this target does not report it",
                    Charts.PartitionUnits.RATES_ENDING_AT);
        }
        if (run.summary() != null) {
            page.text("summary.txt", run.summary());
        }
    }

    // ---- kinds suite and hunt

    static void collection(Page page, RunData run) {
        JsonNode r = run.results();
        boolean suite = run.kind().equals("suite");
        if (r == null) {
            page.omit(suite ? "Cells" : "Runs", suite ? "cells" : "runs", "no results.json: nothing to list");
            return;
        }
        Table t = suite
                ? new Table(List.of("workload", "nemesis", "seed", "verdict", "operations", "p99 ms", "anomalies", "report"))
                : new Table(List.of("seed", "verdict", "operations", "anomalies", "report"));
        for (JsonNode c : r.path(suite ? "cells" : "runs")) {
            String validity = c.path("validity").asText("unknown");
            Table.Cell verdict = new Table.Cell(validity, null, validity);
            String dir = c.hasNonNull("dir") ? c.get("dir").asText() : null;
            Table.Cell link = dir == null ? Table.Cell.of("not kept")
                    : new Table.Cell(dir, (dir.endsWith("/") ? dir : dir + "/") + "report.html", null);
            if (suite) {
                t.row(List.of(Table.Cell.of(c.path("workload").asText()), Table.Cell.of(c.path("nemesis").asText()),
                        Table.Cell.of(c.path("seed").asText()), verdict, Table.Cell.of(c.path("operations").asText()),
                        Table.Cell.of(c.has("p99Millis") ? String.format(Locale.ROOT, "%.3f", c.get("p99Millis").asDouble()) : ""),
                        Table.Cell.of(c.path("anomalies").asText("")), link));
            } else {
                t.row(List.of(Table.Cell.of(c.path("seed").asText()), verdict, Table.Cell.of(c.path("operations").asText()),
                        Table.Cell.of(c.path("anomalies").asText("")), link));
            }
        }
        page.table(suite ? "Cells" : "Runs", suite ? "cells" : "runs", t, "each links to its run's own report");
        if (run.summary() != null) {
            page.text("summary.txt", run.summary());
        }
    }

    // ---- kind insights

    static void insights(Page page, RunData run) {
        JsonNode r = run.results();
        if (r != null && r.has("byKind")) {
            page.chart("Requests and units by kind", "by-kind", BenchCharts.byKind(r.get("byKind")),
                    "Scans read every item of a table: a scan where a key lookup would do is the usual cause of a DynamoDB bill.");
        } else {
            page.omit("Requests and units by kind", "by-kind", "no totals by kind: results.json is missing or has none");
        }
        if (r != null && r.has("tables")) {
            page.table("Tables", "tables", BenchCharts.tables(r.get("tables")), null);
        }
        if (r != null && r.has("cost")) {
            page.table("Cost", "cost", BenchCharts.cost(r.get("cost")), null);
        }
        insightCharts(page, r, null, "", "the server has not recorded it yet", Charts.PartitionUnits.PER_INTERVAL);
    }
}
