package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A page's first line, in words: {validity, text}, the validity one of valid, invalid, unknown or
 * none (a benchmark or insights has no verdict). A run that was not checked is unknown, never valid.
 */
final class Verdicts {
    private Verdicts() {
    }

    static String[] test(RunData run) {
        JsonNode r = run.results();
        if (r == null) {
            return new String[] {"unknown", "Unknown: this run has no results.json, so it was not checked"};
        }
        String validity = r.path("validity").asText("unknown");
        JsonNode anomalies = r.path("anomalies");
        return switch (validity) {
            case "valid" -> {
                List<String> nemeses = nemeses(run);
                yield new String[] {"valid", "Valid: the store kept its promises "
                        + (nemeses.isEmpty() ? "with no faults injected" : "under " + String.join(", ", nemeses))};
            }
            case "invalid" -> {
                Set<String> kinds = new LinkedHashSet<>();
                anomalies.forEach(a -> kinds.add(a.path("kind").asText()));
                int n = anomalies.size();
                yield new String[] {"invalid", n == 0 ? "Invalid: the checker found the history invalid"
                        : "Invalid: " + n + (n == 1 ? " anomaly (" : " anomalies (") + String.join(", ", kinds) + ")"};
            }
            default -> new String[] {"unknown", "Unknown: the checker could not decide: " + reason(r)};
        };
    }

    private static String reason(JsonNode r) {
        if (r.hasNonNull("reason")) {
            return r.get("reason").asText();
        }
        for (String line : r.path("checker").asText("").split("\n")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "it gave no reason";
    }

    static List<String> nemeses(RunData run) {
        List<String> out = new ArrayList<>();
        if (run.test() != null) {
            run.test().path("options").path("nemeses").forEach(n -> out.add(n.asText()));
        }
        if (out.isEmpty() && run.results() != null) {
            Set<String> seen = new LinkedHashSet<>();
            run.results().path("faults").forEach(f -> seen.add(f.path("fault").asText()));
            out.addAll(seen);
        }
        if (out.isEmpty() && run.history() != null) {
            Set<String> seen = new LinkedHashSet<>();
            run.history().faults().forEach(f -> seen.add(f.fault()));
            out.addAll(seen);
        }
        return out;
    }

    static String[] bench(RunData run) {
        JsonNode strategies = run.results() == null ? null : run.results().path("strategies");
        if (strategies == null || strategies.isEmpty()) {
            return new String[] {"none", "Benchmark: no results.json with strategies, nothing measured to show"};
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode s : strategies) {
            parts.add(String.format(Locale.ROOT, "%s %.0f ops/s", s.path("strategy").asText(),
                    s.path("throughputOpsPerSecond").asDouble()));
        }
        String workload = run.results().path("options").path("workload").asText("");
        return new String[] {"none", "Benchmark" + (workload.isEmpty() ? "" : " " + workload) + ": " + String.join(", ", parts)};
    }

    static String[] collection(RunData run) {
        String what = run.kind().equals("suite") ? "cells" : "runs";
        if (run.results() == null) {
            return new String[] {"unknown", "Unknown: this " + run.kind() + " has no results.json"};
        }
        JsonNode items = run.results().path(what);
        int invalid = 0, unknown = 0;
        for (JsonNode c : items) {
            switch (c.path("validity").asText("unknown")) {
                case "invalid" -> invalid++;
                case "valid" -> { }
                default -> unknown++;
            }
        }
        String validity = run.results().path("validity").asText(invalid > 0 ? "invalid" : unknown > 0 ? "unknown" : "valid");
        String text = switch (validity) {
            case "valid" -> "Valid: all " + items.size() + " " + what + " kept their promises";
            case "invalid" -> "Invalid: " + invalid + " of " + items.size() + " " + what + " found anomalies";
            default -> "Unknown: " + unknown + " of " + items.size() + " " + what + " could not be decided";
        };
        return new String[] {validity.equals("valid") || validity.equals("invalid") ? validity : "unknown", text};
    }

    static String[] insights(RunData run) {
        JsonNode r = run.results();
        if (r == null || !r.has("requests")) {
            return new String[] {"none", "Insights: no totals yet"};
        }
        long scans = r.path("byKind").path("scan").path("requests").asLong();
        return new String[] {"none", String.format(Locale.ROOT, "Insights: %,d requests over %s%s",
                r.path("requests").asLong(), RunPages.duration(r.path("seconds").asDouble()),
                scans > 0 ? String.format(Locale.ROOT, ", %,d of them scans", scans) : ", no scans")};
    }
}
