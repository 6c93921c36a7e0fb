package keystorm.results.report;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads a run directory into a {@link RunData}: files -> model, nothing drawn. */
public final class RunReader {
    public static final Set<String> KINDS = Set.of("test", "bench", "suite", "hunt", "insights");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** insights.jsonl lines kept of each type (a server runs for days: the newest are kept). */
    static final int INSIGHTS_LINES = 20_000;

    private RunReader() {
    }

    public static RunData read(Path dir) throws IOException {
        return read(dir, HistoryScan.Limits.DEFAULT);
    }

    public static RunData read(Path dir, HistoryScan.Limits limits) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ReportException(dir.toString(), "not a run directory");
        }
        if (Stream.of("test.json", "results.json", "history.jsonl", "insights.jsonl")
                .noneMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            throw new ReportException(dir.toString(), "no test.json, results.json, history.jsonl or insights.jsonl: not a run directory");
        }
        List<String> missing = new ArrayList<>();
        JsonNode test = json(dir, "test.json");
        JsonNode results = json(dir, "results.json");
        String kind = kind(test, results);
        if (test == null) {
            missing.add("test.json is missing: the command, seed and options of this run are not known.");
        }
        if (results == null && !kind.equals("insights")) {
            missing.add("results.json is missing: the run's verdict is not known (an older run, or one that did not finish).");
        }
        if (kind.equals("test") && results != null) {
            checkAnomalies(results);
        }
        if (kind.equals("insights")) {
            results = insights(dir, results, missing);
        }
        Path history = dir.resolve("history.jsonl");
        HistorySeries series = null;
        if (Files.isRegularFile(history)) {
            List<List<Long>> indices = new ArrayList<>();
            if (results != null) {
                for (JsonNode a : results.path("anomalies")) {
                    List<Long> is = new ArrayList<>();
                    a.path("indices").forEach(i -> is.add(i.asLong()));
                    indices.add(is);
                }
            }
            series = HistoryScan.scan(history, indices, expectedSeconds(results), limits);
        } else if (kind.equals("test")) {
            missing.add("history.jsonl is missing: no per-operation plots.");
        }
        Path summaryFile = dir.resolve("summary.txt");
        String summary = Files.isRegularFile(summaryFile) ? Files.readString(summaryFile, StandardCharsets.UTF_8) : null;
        return new RunData(dir, kind, test, results, series, summary, missing);
    }

    /** A run's length as its history counts it: virtualSeconds for a simulated run (its history is in virtual time), else wallSeconds, else 0. */
    static double expectedSeconds(JsonNode results) {
        return results == null ? 0 : RunPages.simulated(results) ? results.get("virtualSeconds").asDouble()
                : results.path("wallSeconds").asDouble(0);
    }

    /** A JSON file of the run, or null when absent. */
    static JsonNode json(Path dir, String name) throws ReportException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ReportException(name, (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr()
                    + ": ") + "not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ReportException(name, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (node == null || node.isMissingNode()) {
            throw new ReportException(name, "empty");
        }
        if (!node.isObject()) {
            throw new ReportException(name, "not a JSON object");
        }
        return node;
    }

    private static String kind(JsonNode test, JsonNode results) throws ReportException {
        String kind = null;
        String from = null;
        for (var pair : List.of(new Object[] {"results.json", results}, new Object[] {"test.json", test})) {
            JsonNode node = (JsonNode) pair[1];
            if (node != null && node.has("kind")) {
                if (!node.get("kind").isTextual() || !KINDS.contains(node.get("kind").asText())) {
                    throw new ReportException((String) pair[0], "field \"kind\" is " + node.get("kind")
                            + ", not one of test, bench, suite, hunt, insights");
                }
                if (kind == null) {
                    kind = node.get("kind").asText();
                    from = (String) pair[0];
                } else if (!kind.equals(node.get("kind").asText())) {
                    throw new ReportException((String) pair[0], "field \"kind\" is \"" + node.get("kind").asText()
                            + "\" but " + from + " says \"" + kind + "\"");
                }
            }
        }
        if (kind == null && results != null && results.has("strategies")) {
            return "bench"; // written by keystorm bench before the format had a kind
        }
        return kind == null ? "test" : kind;
    }

    /** The anomalies' fields that the report relies on, each named when wrong. */
    private static void checkAnomalies(JsonNode results) throws ReportException {
        JsonNode anomalies = results.path("anomalies");
        if (anomalies.isMissingNode()) {
            return;
        }
        if (!anomalies.isArray()) {
            throw new ReportException("results.json", "field \"anomalies\" is not an array");
        }
        for (int i = 0; i < anomalies.size(); i++) {
            JsonNode a = anomalies.get(i);
            String at = "field \"anomalies[" + i + "]";
            if (!a.path("kind").isTextual()) {
                throw new ReportException("results.json", at + ".kind\" is missing or not a string");
            }
            if (!a.path("explanation").isTextual()) {
                throw new ReportException("results.json", at + ".explanation\" is missing or not a string");
            }
            JsonNode indices = a.path("indices");
            if (!indices.isMissingNode()) {
                if (!indices.isArray()) {
                    throw new ReportException("results.json", at + ".indices\" is not an array");
                }
                for (int j = 0; j < indices.size(); j++) {
                    if (!indices.get(j).canConvertToLong() || !indices.get(j).isIntegralNumber()) {
                        throw new ReportException("results.json", at + ".indices[" + j + "]\" is not an integer");
                    }
                }
            }
            JsonNode figure = a.path("figure");
            if (!figure.isMissingNode() && !(figure.path("nodes").isArray() && figure.path("edges").isArray())) {
                throw new ReportException("results.json", at + ".figure\" has no nodes and edges arrays");
            }
        }
    }

    /**
     * An insights directory: its results.json with the insights.jsonl lines gathered by type (the
     * newest {@link #INSIGHTS_LINES} of each), their seconds and minutes re-based on the lines'
     * epochMillis so that the lines of a restarted server line up.
     */
    private static JsonNode insights(Path dir, JsonNode results, List<String> missing) throws IOException {
        ObjectNode out = results == null ? JSON.createObjectNode() : ((ObjectNode) results).deepCopy();
        if (results == null) {
            missing.add("results.json is missing: no totals, tables or cost (the server writes it each minute).");
        }
        Path file = dir.resolve("insights.jsonl");
        if (!Files.isRegularFile(file)) {
            missing.add("insights.jsonl is missing: no partitions, top keys or access per minute.");
            return out;
        }
        java.util.ArrayDeque<JsonNode> partitions = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<JsonNode> keys = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<JsonNode> access = new java.util.ArrayDeque<>();
        long base = results == null ? -1 : results.path("startedEpochMillis").asLong(-1);
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonParseException e) {
                    throw new ReportException("insights.jsonl", "line " + lineNo + ": not JSON (" + e.getOriginalMessage() + ")");
                }
                if (!node.isObject()) {
                    throw new ReportException("insights.jsonl", "line " + lineNo + ": not a JSON object");
                }
                ObjectNode o = (ObjectNode) node;
                long epoch = o.path("epochMillis").asLong(-1);
                if (base < 0 && epoch >= 0) {
                    base = epoch;
                }
                String type = o.path("type").asText("");
                switch (type) {
                    case "partitions" -> {
                        if (epoch >= 0) {
                            o.put("second", (epoch - base) / 1000.0);
                        }
                        bounded(partitions, o);
                    }
                    case "keys" -> {
                        if (epoch >= 0) {
                            o.put("minute", Math.floorDiv(epoch - base, 60_000L));
                        }
                        bounded(keys, o);
                    }
                    case "access" -> {
                        if (epoch >= 0) {
                            o.put("minute", Math.floorDiv(epoch - base, 60_000L));
                        }
                        bounded(access, o);
                    }
                    default -> throw new ReportException("insights.jsonl", "line " + lineNo + ": field \"type\" is \""
                            + type + "\", not partitions, keys or access");
                }
            }
        }
        out.set("partitions", array(partitions));
        out.set("topKeysPerMinute", array(keys));
        out.set("access", array(access));
        return out;
    }

    private static void bounded(java.util.ArrayDeque<JsonNode> deque, JsonNode node) {
        deque.addLast(node);
        if (deque.size() > INSIGHTS_LINES) {
            deque.removeFirst();
        }
    }

    private static ArrayNode array(java.util.Collection<JsonNode> nodes) {
        ArrayNode a = JSON.createArrayNode();
        nodes.forEach(a::add);
        return a;
    }
}
