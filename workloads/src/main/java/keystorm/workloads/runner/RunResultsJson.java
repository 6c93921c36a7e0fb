package keystorm.workloads.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.workloads.bench.Prices;

/**
 * A test run's {@code results.json} (the file contract, format 1, kind test): the verdict, the
 * counts and latency quantiles, the errors, the throttled share, the fault windows, the checker's
 * text and its anomalies as {@link Evidence}, and for a run on keystorm's engine what its insights
 * recorder saw (partitions per second, top keys and access kinds per minute, the units consumed
 * and their on-demand cost). Real runs and simulations write it through the same methods, so the
 * two files agree field for field.
 */
public final class RunResultsJson {
    public static final int FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    /** Latency quantiles written, by name, as percentiles. */
    private static final Map<String, Double> QUANTILES = new java.util.LinkedHashMap<>();

    static {
        QUANTILES.put("p50", 50.0);
        QUANTILES.put("p90", 90.0);
        QUANTILES.put("p99", 99.0);
        QUANTILES.put("p999", 99.9);
        QUANTILES.put("max", 100.0);
    }

    private RunResultsJson() {
    }

    /** Every field of a real run's results.json but the insights (see {@link #foldInsights}). */
    public static ObjectNode of(RunResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", "test");
        root.put("workload", result.workload());
        root.put("seed", result.seed());
        root.put("validity", word(result.validity()));
        RunStatistics s = result.statistics();
        root.put("operations", s.operations());
        root.put("ok", s.count(OpType.OK));
        root.put("fail", s.count(OpType.FAIL));
        root.put("info", s.count(OpType.INFO));
        root.put("abandoned", result.abandoned());
        root.put("wallSeconds", result.wallNanos() / 1e9);
        root.put("throughput", s.throughput());
        statistics(root, s);
        check(root, result.check());
        if (result.durability() != null) {
            root.set("durability", result.durability().json());
        }
        return root;
    }

    /**
     * The fields a run's statistics give, beside those its caller puts: latency quantiles of the ok
     * operations in milliseconds, errors by outcome and text, the throttled share, and the nemesis
     * operations as windows in seconds from the start.
     */
    public static void statistics(ObjectNode root, RunStatistics s) {
        ObjectNode latency = root.putObject("latencyMillis");
        QUANTILES.forEach((name, percentile) -> latency.put(name, s.latencyNanos(OpType.OK, percentile) / 1e6));
        ObjectNode errors = root.putObject("errors");
        for (OpType type : List.of(OpType.FAIL, OpType.INFO)) {
            ObjectNode byText = errors.putObject(type.word());
            for (Map.Entry<String, Long> e : s.errors(type)) {
                byText.put(e.getKey(), e.getValue());
            }
        }
        root.put("throttledShare", s.operations() == 0 ? 0.0 : (double) s.throttled() / s.operations());
        ArrayNode faults = root.putArray("faults");
        for (RunStatistics.FaultWindow w : s.faults()) {
            faults.addObject().put("start", w.startNanos() / 1e9).put("end", w.endNanos() / 1e9).put("fault", w.fault());
        }
    }

    /** The checker's text and its anomalies; a run not checked has neither. */
    public static void check(ObjectNode root, Result check) {
        if (check == null) {
            return;
        }
        root.put("checker", check.render());
        root.set("anomalies", anomalies(check.evidence()));
    }

    /** Evidence as the contract's anomalies: key and figure absent where they do not apply. */
    public static ArrayNode anomalies(List<Evidence> evidence) {
        ArrayNode out = JSON.createArrayNode();
        for (Evidence e : evidence) {
            out.add(JSON.valueToTree(e));
        }
        return out;
    }

    /**
     * The minute of the run a per-minute line began in: the recorder starts a few milliseconds
     * before the run, so its first minute begins at -0.001 s and is minute 0, not -1; a restarted
     * server's minutes, off the run's grid, are named by the run's minute they began in.
     */
    static long minute(double seconds) {
        return Math.max(0, (long) Math.floor((seconds + 1) / 60));
    }

    public static String word(Validity validity) {
        return validity.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Folds the insights recorder's lines ({@code insights.jsonl}, the contract's insights lines)
     * into results.json: each partitions line into {@code partitions}, each keys line into
     * {@code topKeysPerMinute}, each access line into {@code access}, their times made seconds
     * (minutes for the per-minute lines) from the run's start by their {@code epochMillis}, so the
     * lines of a restarted server line up with the first's. {@code consumed} sums the access lines'
     * requests and the partitions lines' units (the access lines' when there are no partition
     * lines), priced on demand at {@link Prices#US_EAST_1} into {@code cost}. A
     * missing file adds nothing; a line that does not parse is skipped (the file is appended as a
     * server runs, and a killed one may leave half a line).
     *
     * @return how many lines were folded
     */
    public static int foldInsights(ObjectNode root, Path insights, long startEpochMillis) throws IOException {
        if (!Files.isRegularFile(insights)) {
            return 0;
        }
        ArrayNode partitions = JSON.createArrayNode();
        ArrayNode keys = JSON.createArrayNode();
        ArrayNode access = JSON.createArrayNode();
        long requests = 0;
        double readUnits = 0;
        double writeUnits = 0;
        double partitionReadUnits = 0;
        double partitionWriteUnits = 0;
        int folded = 0;
        try (BufferedReader reader = Files.newBufferedReader(insights, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    continue;
                }
                if (node == null || !node.isObject() || !node.hasNonNull("type")) {
                    continue;
                }
                ObjectNode out = ((ObjectNode) node).deepCopy();
                out.remove("type");
                double seconds = node.hasNonNull("epochMillis")
                        ? (node.get("epochMillis").asLong() - startEpochMillis) / 1000.0 : Double.NaN;
                switch (node.get("type").asText()) {
                    case "partitions" -> {
                        if (!Double.isNaN(seconds)) {
                            out.put("second", seconds);
                        }
                        partitions.add(out);
                        for (JsonNode partition : node.path("partitions")) {
                            partitionReadUnits += partition.path("consumedReadUnits").asDouble();
                            partitionWriteUnits += partition.path("consumedWriteUnits").asDouble();
                        }
                    }
                    case "keys" -> {
                        if (!Double.isNaN(seconds)) {
                            out.put("minute", minute(seconds));
                        }
                        keys.add(out);
                    }
                    case "access" -> {
                        if (!Double.isNaN(seconds)) {
                            out.put("minute", minute(seconds));
                        }
                        access.add(out);
                        requests += node.path("requests").asLong();
                        readUnits += node.path("readUnits").asDouble();
                        writeUnits += node.path("writeUnits").asDouble();
                    }
                    default -> {
                        continue;
                    }
                }
                folded++;
            }
        }
        if (folded == 0) {
            return 0;
        }
        if (!partitions.isEmpty()) {
            // A server killed by the nemesis loses its unwritten intervals: at most a second of
            // partition lines, up to a minute of access lines. So the units come from the
            // partitions when there are any (a split's parent is reported once, up to the split,
            // and its children from zero, so the sum counts each unit once).
            readUnits = partitionReadUnits;
            writeUnits = partitionWriteUnits;
        }
        ObjectNode consumed = root.putObject("consumed");
        consumed.put("requests", requests).put("readUnits", readUnits).put("writeUnits", writeUnits);
        Prices prices = Prices.US_EAST_1;
        root.putObject("cost")
                .put("onDemand", readUnits / 1e6 * prices.onDemandReadPerMillion()
                        + writeUnits / 1e6 * prices.onDemandWritePerMillion())
                .put("pricesDate", prices.date())
                .put("region", "us-east-1");
        root.set("partitions", partitions);
        root.set("topKeysPerMinute", keys);
        root.set("access", access);
        return folded;
    }

    /** Writes results.json into {@code directory}, whole or not at all. */
    public static void write(Path directory, ObjectNode root) throws IOException {
        AtomicFiles.write(directory.resolve("results.json"), JSON.writeValueAsString(root) + "\n");
    }
}
