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

    /**
     * The faults of a run: test.json's nemeses, else (a swarm run names none) the faults that
     * acted, distinct and in order: the history's fault windows, else results.json's faults, else
     * its nemesis operations; never a closer (heal-all, net-heal...), which ends faults.
     */
    static List<String> nemeses(RunData run) {
        List<String> out = new ArrayList<>();
        if (run.test() != null) {
            run.test().path("options").path("nemeses").forEach(n -> out.add(n.asText()));
        }
        if (!out.isEmpty()) {
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        if (run.history() != null) {
            run.history().faults().forEach(f -> seen.add(f.fault()));
        }
        if (seen.isEmpty() && run.results() != null) {
            run.results().path("faults").forEach(f -> seen.add(f.path("fault").asText()));
        }
        seen.removeAll(HistoryScan.CLOSERS);
        seen.remove("");
        out.addAll(seen);
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

    /**
     * A hunt's verdict from its counts (seedsRun, seedsUnknown, foundSeed): its runs list holds
     * only the failing run, so counting it says nothing of the seeds that passed. A hunt without
     * the counts (an older one) is worded from its runs.
     */
    static String[] hunt(RunData run) {
        JsonNode r = run.results();
        if (r == null) {
            return new String[] {"unknown", "Unknown: this hunt has no results.json"};
        }
        if (!r.has("seedsRun")) {
            return collection(run);
        }
        long seeds = r.path("seedsRun").asLong();
        long unknown = r.path("seedsUnknown").asLong(0);
        String validity = r.path("validity").asText(r.has("foundSeed") ? "invalid" : unknown > 0 ? "unknown" : "valid");
        return switch (validity) {
            case "invalid" -> new String[] {"invalid", r.has("foundSeed")
                    ? String.format(Locale.ROOT, "Invalid: seed %s failed after %,d %s", r.get("foundSeed").asText(), seeds,
                            seeds == 1 ? "seed" : "seeds")
                    : String.format(Locale.ROOT, "Invalid: a seed failed after %,d %s", seeds, seeds == 1 ? "seed" : "seeds")};
            case "valid" -> seeds == 0 ? new String[] {"unknown", "Unknown: no seed was simulated, nothing was checked"}
                    : new String[] {"valid", String.format(Locale.ROOT, "Valid: %,d %s simulated, none failed", seeds, seeds == 1 ? "seed" : "seeds")};
            default -> new String[] {"unknown", String.format(Locale.ROOT, "Unknown: %,d of %,d seeds could not be decided",
                    unknown, seeds)};
        };
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
