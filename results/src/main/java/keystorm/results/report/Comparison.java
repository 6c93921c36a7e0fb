package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Runs side by side, from their results.json: one row per test run, one per strategy of a bench
 * run, one for a suite, hunt or insights directory (its verdict only).
 *
 * <p>A bench strategy's quantiles are those of its operation with the most completions (the
 * operations' own histograms cannot be merged from results.json, and a count-weighted mean of
 * quantiles is not a quantile); {@link Row#note} names that operation.
 */
public final class Comparison {
    /**
     * @param name         test.json's name (with the strategy for bench), else the directory's name
     * @param verdict      valid, invalid, unknown, or none (a benchmark or insights has no verdict)
     * @param throughputOpsPerSecond absent when the run does not say
     * @param throttledShare operations throttled, 0..1
     * @param costDollars  on-demand dollars for the run's units, absent when not priced
     * @param anomalies    a one-line summary ("2: G1c, lost"), empty when none
     * @param note         where the figures come from, when not from the whole run
     */
    public record Row(String name, String kind, Path dir, String verdict, OptionalDouble throughputOpsPerSecond,
                      OptionalDouble p50Millis, OptionalDouble p90Millis, OptionalDouble p99Millis,
                      OptionalDouble p999Millis, OptionalDouble maxMillis, OptionalDouble throttledShare,
                      OptionalDouble costDollars, String anomalies, String note) {
    }

    private Comparison() {
    }

    public static List<Row> rows(List<Path> runDirs) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path dir : runDirs) {
            rows.addAll(rows(dir));
        }
        return rows;
    }

    static List<Row> rows(Path dir) throws IOException {
        JsonNode test = RunReader.json(dir, "test.json");
        JsonNode results = RunReader.json(dir, "results.json");
        String name = test != null && test.hasNonNull("name") ? test.get("name").asText()
                : dir.toAbsolutePath().normalize().getFileName().toString();
        OptionalDouble none = OptionalDouble.empty();
        if (results == null) {
            return List.of(new Row(name, test == null ? "?" : test.path("kind").asText("?"), dir, "unknown", none, none, none,
                    none, none, none, none, none, "", "no results.json"));
        }
        String kind = results.path("kind").asText(results.has("strategies") ? "bench" : "test");
        if (kind.equals("bench")) {
            List<Row> rows = new ArrayList<>();
            for (JsonNode s : results.path("strategies")) {
                JsonNode busiest = busiest(s);
                rows.add(new Row(name + " " + s.path("strategy").asText(), kind, dir, "none",
                        number(s, "throughputOpsPerSecond"), number(busiest, "p50Millis"), number(busiest, "p90Millis"),
                        number(busiest, "p99Millis"), number(busiest, "p999Millis"), number(busiest, "maxMillis"),
                        number(s, "throttledShare"), number(s.path("cost"), "onDemandRun"), "",
                        busiest == null ? "no operations" : "latency of " + busiest.path("op").asText() + ", its busiest operation"));
            }
            return rows;
        }
        String verdict = results.path("validity").asText(kind.equals("insights") ? "none" : "unknown");
        JsonNode latency = results.path("latencyMillis");
        return List.of(new Row(name, kind, dir, verdict, number(results, "throughput"), number(latency, "p50"),
                number(latency, "p90"), number(latency, "p99"), number(latency, "p999"), number(latency, "max"),
                number(results, "throttledShare"), number(results.path("cost"), "onDemand"), anomalies(results), ""));
    }

    /** A strategy's operation with the most completions, or null. */
    static JsonNode busiest(JsonNode strategy) {
        JsonNode best = null;
        for (JsonNode o : strategy.path("operations")) {
            if (best == null || o.path("count").asLong() > best.path("count").asLong()) {
                best = o;
            }
        }
        return best;
    }

    private static OptionalDouble number(JsonNode node, String field) {
        return node != null && node.path(field).isNumber() ? OptionalDouble.of(node.get(field).asDouble()) : OptionalDouble.empty();
    }

    static String anomalies(JsonNode results) {
        JsonNode anomalies = results.path("anomalies");
        if (anomalies.isEmpty()) {
            return "";
        }
        Set<String> kinds = new LinkedHashSet<>();
        anomalies.forEach(a -> kinds.add(a.path("kind").asText()));
        return anomalies.size() + ": " + String.join(", ", kinds);
    }

    static final List<String> COLUMNS = List.of("name", "kind", "verdict", "ops/s", "p50 ms", "p99 ms", "p99.9 ms",
            "throttled", "cost $", "anomalies", "note", "dir");

    /** The rows as table cells, in {@link #COLUMNS}' order. */
    static List<String> cells(Row r) {
        return List.of(r.name(), r.kind(), r.verdict(), f(r.throughputOpsPerSecond(), "%.1f"), f(r.p50Millis(), "%.3f"),
                f(r.p99Millis(), "%.3f"), f(r.p999Millis(), "%.3f"),
                r.throttledShare().isPresent() ? String.format(Locale.ROOT, "%.2f%%", 100 * r.throttledShare().getAsDouble()) : "-",
                f(r.costDollars(), "%.6f"), r.anomalies().isEmpty() ? "-" : r.anomalies(), r.note().isEmpty() ? "-" : r.note(),
                r.dir().toString());
    }

    private static String f(OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "-";
    }

    /** A fixed-width table for the terminal: one header line, one line per row, columns padded to fit. */
    public static String text(List<Row> rows) {
        List<List<String>> table = new ArrayList<>();
        table.add(COLUMNS);
        rows.forEach(r -> table.add(cells(r)));
        int[] width = new int[COLUMNS.size()];
        for (List<String> line : table) {
            for (int i = 0; i < line.size(); i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : table) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                boolean numeric = i >= 3 && i <= 8;
                String cell = line.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                l.append(numeric ? pad + cell : cell + (i == line.size() - 1 ? "" : pad));
                if (i < line.size() - 1) {
                    l.append("  ");
                }
            }
            out.append(l.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
