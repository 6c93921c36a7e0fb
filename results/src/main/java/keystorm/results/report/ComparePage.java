package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A page comparing runs, in the style of report.html and as self-contained: the {@link Comparison}
 * table, each run's p99 over time overlaid (x: seconds since that run's start; a test run's from
 * its history.jsonl, a bench strategy's from its per-second intervals, busiest operation), and each
 * row's percentile spectrum from the quantiles it has.
 */
public final class ComparePage {
    private static final List<String> SPECTRUM = List.of("p50", "p90", "p99", "p99.9", "max");

    private ComparePage() {
    }

    public static Path write(List<Path> runDirs, Path out) throws IOException {
        if (runDirs.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare: no run directory given");
        }
        List<Comparison.Row> rows = Comparison.rows(runDirs);
        ObjectNode blob = JsonNodeFactory.instance.objectNode();
        blob.put("format", 1).put("page", "compare").put("kind", "compare").put("name", "comparison");
        blob.putObject("charts");
        blob.putObject("omitted");
        blob.putObject("tables");
        blob.putArray("missing");
        blob.putArray("faults");
        long invalid = rows.stream().filter(r -> r.verdict().equals("invalid")).count();
        long unknown = rows.stream().filter(r -> r.verdict().equals("unknown")).count();
        String text = String.format(Locale.ROOT, "Comparison of %d run%s (%d row%s)%s", runDirs.size(),
                runDirs.size() == 1 ? "" : "s", rows.size(), rows.size() == 1 ? "" : "s",
                invalid > 0 ? ": " + invalid + " invalid" : unknown > 0 ? ": " + unknown + " unknown" : "");
        blob.putObject("verdict").put("validity", invalid > 0 ? "invalid" : unknown > 0 ? "unknown" : "none").put("text", text);
        blob.put("subtitle", "keystorm compare");
        List<String[]> facts = new ArrayList<>();
        for (Path dir : runDirs) {
            facts.add(new String[] {"run", dir.toString()});
        }
        PageWriter.facts(blob, facts);
        Page page = new Page("keystorm compare: " + text, blob);
        Table table = new Table(Comparison.COLUMNS);
        Path base = out.toAbsolutePath().getParent();
        for (Comparison.Row r : rows) {
            List<Table.Cell> cells = new ArrayList<>();
            List<String> texts = Comparison.cells(r);
            for (int i = 0; i < texts.size(); i++) {
                String cls = i == 2 ? r.verdict() : null;
                String href = null;
                if (i == texts.size() - 1 && Files.isRegularFile(r.dir().resolve("report.html"))) {
                    href = base.relativize(r.dir().toAbsolutePath().resolve("report.html")).toString().replace('\\', '/');
                }
                cells.add(new Table.Cell(texts.get(i), href, cls));
            }
            table.row(cells);
        }
        page.table("Runs", "comparison", table, "a bench strategy's latency is its busiest operation's");
        ObjectNode p99 = Charts.spec("lines", "seconds since each run's start", "p99 latency (ms)").put("yLog", true);
        ArrayNode series = p99.putArray("series");
        for (Path dir : runDirs) {
            p99Curves(dir, series);
        }
        if (series.isEmpty()) {
            page.omit("p99 over time", "compare-p99", "no latency over time: no run has a history.jsonl or bench intervals");
        } else {
            page.chart("p99 over time", "compare-p99", p99, "each run from its own start");
        }
        ObjectNode spectrum = Charts.spec("lines", "percentile", "latency (ms)").put("yLog", true);
        ArrayNode cats = spectrum.putArray("xCategories");
        SPECTRUM.forEach(cats::add);
        ArrayNode ss = spectrum.putArray("series");
        for (Comparison.Row r : rows) {
            OptionalDouble[] q = {r.p50Millis(), r.p90Millis(), r.p99Millis(), r.p999Millis(), r.maxMillis()};
            ArrayNode points = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < q.length; i++) {
                if (q[i].isPresent()) {
                    points.addArray().add(SPECTRUM.get(i)).add(Charts.positive(q[i].getAsDouble()));
                }
            }
            if (!points.isEmpty()) {
                ss.addObject().put("name", r.name()).set("points", points);
            }
        }
        if (ss.isEmpty()) {
            page.omit("Percentile spectrum", "compare-spectrum", "no run reports latency quantiles");
        } else {
            page.chart("Percentile spectrum", "compare-spectrum", spectrum, "the quantiles each run reports");
        }
        page.text("As text", Comparison.text(rows));
        return PageWriter.write(page, out);
    }

    private static void p99Curves(Path dir, ArrayNode series) throws IOException {
        JsonNode test = RunReader.json(dir, "test.json");
        JsonNode results = RunReader.json(dir, "results.json");
        String name = test != null && test.hasNonNull("name") ? test.get("name").asText()
                : dir.toAbsolutePath().normalize().getFileName().toString();
        if (results != null && results.has("strategies")) {
            for (JsonNode s : results.get("strategies")) {
                JsonNode busiest = Comparison.busiest(s);
                int op = busiest == null ? -1 : BenchCharts.opNames(s).indexOf(busiest.path("op").asText());
                if (op < 0) {
                    continue;
                }
                ArrayNode points = JsonNodeFactory.instance.arrayNode();
                for (JsonNode in : s.path("intervals")) {
                    JsonNode o = in.path("ops").path(op);
                    if (o.path("ok").asLong() > 0) {
                        points.addArray().add(Charts.seconds(in.path("startOffsetNanos").asLong() / 1e9))
                                .add(Charts.positive(o.path("okP99Nanos").asLong() / 1e6));
                    }
                }
                if (!points.isEmpty()) {
                    series.addObject().put("name", name + " " + s.path("strategy").asText()).set("points", points);
                }
            }
            return;
        }
        Path history = dir.resolve("history.jsonl");
        if (Files.isRegularFile(history)) {
            HistorySeries h = HistoryScan.scan(history, List.of(),
                    RunReader.expectedSeconds(results), HistoryScan.Limits.DEFAULT);
            ArrayNode points = JsonNodeFactory.instance.arrayNode();
            for (HistorySeries.Bucket b : h.buckets()) {
                if (b.ok() > 0) {
                    points.addArray().add(Charts.seconds(b.startSeconds())).add(Charts.positive(b.p99Millis()));
                }
            }
            if (!points.isEmpty()) {
                series.addObject().put("name", name).set("points", points);
            }
        }
    }
}
