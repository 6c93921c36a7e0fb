package keystorm.results.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The run store on disk: {@code STORE/<name>/<timestamp>/}, one directory per run (test.json,
 * results.json, history.jsonl, report.html), and a {@code latest} link per name pointing at the
 * newest. Lists past runs newest first with their verdicts, as Jepsen's {@code serve} index does,
 * from the files alone: a run written by an older keystorm (only history.jsonl and summary.txt)
 * is listed too, its verdict read from its summary or said unknown.
 */
public final class RunStore {
    /** The run directories' names: local time to the millisecond, sortable as text. */
    public static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS", Locale.ROOT);
    public static final String LATEST = "latest";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunStore() {
    }

    /**
     * A new, empty run directory {@code store/name/<now>}; a second run in the same millisecond
     * gets a suffix rather than the first one's directory.
     */
    public static Path create(Path store, String name) throws IOException {
        Path parent = store.resolve(name);
        Files.createDirectories(parent);
        String stamp = LocalDateTime.now().format(STAMP);
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve(attempt == 0 ? stamp : stamp + "-" + attempt);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken by a run started in the same millisecond: try the next suffix
            }
        }
    }

    /**
     * Points {@code <run's parent>/latest} at the run, replacing the link that was there: a
     * relative symbolic link, so the store can be moved or copied whole. Returns false, having
     * changed nothing, where the file system has no symbolic links.
     */
    public static boolean linkLatest(Path runDir) throws IOException {
        Path parent = runDir.toAbsolutePath().getParent();
        Path link = parent.resolve(LATEST);
        Path staging = parent.resolve("." + LATEST + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createSymbolicLink(staging, runDir.getFileName());
        } catch (UnsupportedOperationException e) {
            return false;
        }
        try {
            Files.move(staging, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, link, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staging);
        }
        return true;
    }

    /**
     * Every run under {@code store} (two levels: name, then timestamp; links and hidden entries
     * skipped), newest first. A store that does not exist has no runs.
     */
    public static List<RunEntry> list(Path store) throws IOException {
        List<RunEntry> runs = new ArrayList<>();
        if (!Files.isDirectory(store)) {
            return runs;
        }
        try (DirectoryStream<Path> names = Files.newDirectoryStream(store)) {
            for (Path name : names) {
                if (!Files.isDirectory(name, java.nio.file.LinkOption.NOFOLLOW_LINKS) || hidden(name)) {
                    continue;
                }
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(name)) {
                    for (Path dir : dirs) {
                        if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !hidden(dir) && isRun(dir)) {
                            runs.add(read(dir));
                        }
                    }
                }
            }
        }
        runs.sort(Comparator.comparing(RunEntry::started).reversed().thenComparing(e -> e.dir().toString()));
        return runs;
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    /** Whether the directory holds a run: any of the files a run writes. */
    public static boolean isRun(Path dir) {
        for (String file : List.of("test.json", "results.json", "history.jsonl", "summary.txt")) {
            if (Files.isRegularFile(dir.resolve(file))) {
                return true;
            }
        }
        return false;
    }

    /** One run as the listing shows it, read from its files; unreadable files make it say so. */
    public static RunEntry read(Path dir) {
        JsonNode test = readJson(dir.resolve("test.json"));
        JsonNode results = readJson(dir.resolve("results.json"));
        String name = dir.getParent() == null ? dir.getFileName().toString() : dir.getParent().getFileName().toString();
        String kind = text(results, "kind", text(test, "kind", results != null && results.has("strategies") ? "bench" : "test"));
        if (test != null && test.hasNonNull("name")) {
            name = test.get("name").asText();
        }
        Instant started = started(test, dir);
        String verdict = verdict(kind, results, dir);
        Long operations = null;
        Double throughput = null;
        Double p99 = null;
        String anomalies = "";
        if (results != null) {
            if (kind.equals("bench")) {
                long count = 0;
                double rate = 0;
                double worst = 0;
                for (JsonNode strategy : results.path("strategies")) {
                    rate += strategy.path("throughputOpsPerSecond").asDouble();
                    for (JsonNode op : strategy.path("operations")) {
                        count += op.path("count").asLong();
                        worst = Math.max(worst, op.path("p99Millis").asDouble());
                    }
                }
                operations = count;
                // strategies run one after another: the rate of a strategy, on average, not their sum
                throughput = results.path("strategies").isEmpty() ? null : rate / results.path("strategies").size();
                p99 = worst;
                anomalies = results.path("strategies").size() + " strateg" + (results.path("strategies").size() == 1 ? "y" : "ies");
            } else if (kind.equals("suite")) {
                operations = sum(results.path("cells"), "operations");
                anomalies = count(results.path("cells"), "invalid") + " of " + results.path("cells").size() + " cells invalid";
            } else if (kind.equals("hunt")) {
                operations = results.has("operations") ? results.get("operations").asLong() : sum(results.path("runs"), "operations");
                anomalies = results.path("seedsRun").isNumber() ? results.get("seedsRun").asLong() + " seeds" : "";
            } else {
                operations = results.has("operations") ? results.get("operations").asLong() : null;
                throughput = results.has("throughput") ? results.get("throughput").asDouble() : null;
                p99 = results.path("latencyMillis").has("p99") ? results.path("latencyMillis").get("p99").asDouble() : null;
                anomalies = anomalies(results.path("anomalies"));
            }
        }
        return new RunEntry(name, kind, dir, started, verdict, operations, throughput, p99, anomalies,
                Files.isRegularFile(dir.resolve("report.html")));
    }

    /** "G1c x2, lost" from the anomalies' kinds, in the order first seen. */
    private static String anomalies(JsonNode anomalies) {
        java.util.Map<String, Integer> kinds = new java.util.LinkedHashMap<>();
        for (JsonNode anomaly : anomalies) {
            kinds.merge(anomaly.path("kind").asText("?"), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        kinds.forEach((kind, n) -> out.append(out.isEmpty() ? "" : ", ").append(kind).append(n > 1 ? " x" + n : ""));
        return out.toString();
    }

    private static long sum(JsonNode rows, String field) {
        long total = 0;
        for (JsonNode row : rows) {
            total += row.path(field).asLong();
        }
        return total;
    }

    private static long count(JsonNode rows, String validity) {
        long n = 0;
        for (JsonNode row : rows) {
            if (validity.equals(row.path("validity").asText())) {
                n++;
            }
        }
        return n;
    }

    private static String verdict(String kind, JsonNode results, Path dir) {
        if (results != null && results.hasNonNull("validity")) {
            return results.get("validity").asText();
        }
        if (kind.equals("bench") && results != null) {
            JsonNode met = results.get("p99TargetMet");
            return met == null || !met.isBoolean() ? "measured" : met.asBoolean() ? "p99 met" : "p99 missed";
        }
        if (kind.equals("insights")) {
            return "recorded";
        }
        // A run of an older keystorm: its summary's last verdict line ("...: valid").
        Path summary = dir.resolve("summary.txt");
        if (Files.isRegularFile(summary)) {
            try {
                List<String> lines = Files.readAllLines(summary);
                for (int i = lines.size() - 1; i >= 0; i--) {
                    String line = lines.get(i).strip();
                    for (String word : List.of("valid", "invalid", "unknown")) {
                        if (line.endsWith(": " + word)) {
                            return word;
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                return "unreadable";
            }
        }
        return results == null && Files.isRegularFile(dir.resolve("results.json")) ? "unreadable" : "unknown";
    }

    private static Instant started(JsonNode test, Path dir) {
        if (test != null && test.hasNonNull("started")) {
            try {
                return Instant.parse(test.get("started").asText());
            } catch (DateTimeParseException e) {
                // fall back to the directory's name
            }
        }
        String stamp = dir.getFileName().toString();
        int dash = stamp.indexOf('-');
        try {
            return LocalDateTime.parse(dash < 0 ? stamp : stamp.substring(0, dash), STAMP).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Files.getLastModifiedTime(dir).toInstant();
            } catch (IOException io) {
                return Instant.EPOCH;
            }
        }
    }

    private static String text(JsonNode node, String field, String otherwise) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : otherwise;
    }

    /** The file's JSON, or null when it is absent or not JSON (the listing says unreadable). */
    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
