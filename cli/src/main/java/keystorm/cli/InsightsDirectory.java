package keystorm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.insights.InsightsRecorder;
import keystorm.engine.insights.Totals;
import keystorm.workloads.bench.Cost;
import keystorm.workloads.bench.Prices;

/**
 * The directory of {@code keystorm serve --insights DIR} (FILE CONTRACT, insights directory):
 * test.json written once at the start, insights.jsonl appended by the engine's recorder as each
 * interval closes, and results.json rewritten atomically (a temporary file moved over it) every
 * minute and at {@link #close()}. A restarted server rewrites test.json, appends to
 * insights.jsonl, and its results.json counts from its own start.
 */
final class InsightsDirectory implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The prices the cost block uses: the bench's defaults, us-east-1. */
    private static final Prices PRICES = Prices.US_EAST_1;
    private static final String REGION = "us-east-1";

    private final Path dir;
    private final InsightsRecorder recorder;
    private final ScheduledExecutorService timer;

    private InsightsDirectory(Path dir, InsightsRecorder recorder) {
        this.dir = dir;
        this.recorder = recorder;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "keystorm-insights-results");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::writeResultsQuietly, 60, 60, TimeUnit.SECONDS);
    }

    /**
     * Creates {@code dir} if need be, writes its test.json and attaches a recorder to {@code engine}.
     *
     * @throws IOException when the directory or a file in it cannot be written
     */
    static InsightsDirectory open(Path dir, Engine engine, Duration partitionInterval, String command,
                                  ObjectNode options) throws IOException {
        Files.createDirectories(dir);
        ObjectNode test = JSON.createObjectNode();
        test.put("format", 1);
        test.put("kind", "insights");
        test.put("name", "insights");
        test.put("started", Instant.ofEpochMilli(engine.clock().epochMillis()).toString());
        test.put("command", command);
        test.set("options", options);
        keystorm.workloads.runner.AtomicFiles.write(dir.resolve("test.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(test));
        InsightsRecorder recorder = InsightsRecorder.attach(engine, dir.resolve("insights.jsonl"), partitionInterval);
        InsightsDirectory directory = new InsightsDirectory(dir, recorder);
        directory.writeResults();
        return directory;
    }

    Path dir() {
        return dir;
    }

    /** results.json of kind insights: the recorder's totals and their cost at the bench's prices. */
    static ObjectNode results(Totals totals, Prices prices, String region) {
        ObjectNode root = totals.toJson();
        double onDemand = totals.readUnits() / 1e6 * prices.onDemandReadPerMillion()
                + totals.writeUnits() / 1e6 * prices.onDemandWritePerMillion();
        double provisionedHour = 0;
        boolean provisioned = false;
        for (Totals.Table table : totals.tables().values()) {
            if ("PROVISIONED".equals(table.billingMode())) {
                provisioned = true;
                provisionedHour += table.provisionedReadCapacityUnits() * prices.provisionedRcuHour()
                        + table.provisionedWriteCapacityUnits() * prices.provisionedWcuHour();
            }
        }
        ObjectNode cost = root.putObject("cost");
        cost.put("onDemand", onDemand);
        if (provisioned) {
            cost.put("provisionedMonth", provisionedHour * Cost.HOURS_PER_MONTH);
        }
        cost.put("pricesDate", prices.date());
        cost.put("region", region);
        return root;
    }

    void writeResults() throws IOException {
        keystorm.workloads.runner.AtomicFiles.write(dir.resolve("results.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results(recorder.totals(), PRICES, REGION)));
    }

    private void writeResultsQuietly() {
        try {
            writeResults();
        } catch (IOException | RuntimeException e) {
            System.err.println("keystorm serve: cannot write " + dir.resolve("results.json") + ": " + e.getMessage());
        }
    }

    /** Why the recorder stopped writing insights.jsonl, or null. */
    String error() {
        return recorder.error();
    }

    /** Writes the last intervals and results.json; call it before the engine is closed. */
    @Override
    public void close() throws IOException {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.close();
        writeResults();
    }

    /** An I/O failure in a few words a user can act on ("permission denied"), not an exception's class. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return switch (root) {
            case java.nio.file.AccessDeniedException denied -> denied.getFile() + ": permission denied";
            case java.nio.file.FileAlreadyExistsException exists -> exists.getFile() + ": a file is in the way";
            case java.nio.file.NoSuchFileException missing -> missing.getFile() + ": no such file or directory";
            case java.nio.file.FileSystemException other -> other.getFile()
                    + (other.getReason() != null ? ": " + other.getReason() : ": " + other.getClass().getSimpleName());
            default -> root.getMessage() != null ? root.getMessage() : root.toString();
        };
    }
}
