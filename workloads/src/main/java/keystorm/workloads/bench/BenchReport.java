package keystorm.workloads.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import keystorm.workloads.bench.load.LoadResult;
import org.HdrHistogram.Histogram;

/**
 * The figures of a benchmark, as text and as {@code results.json}: per operation its count by
 * outcome and its latency percentiles (every outcome together, from the intended start:
 * coordinated omission corrected), the throughput, the throttled operations and their share (and
 * the throttled requests, an operation under {@code suffix:N} sending several), the
 * read cost of a logical read, the partitions' series, the top keys per minute and the cost; and
 * with several strategies, one line each, side by side.
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One operation's figures; latencies in milliseconds. */
    public record OpStats(String op, long count, long ok, long throttled, long failed, long indeterminate,
                          double p50Millis, double p90Millis, double p99Millis, double p999Millis, double maxMillis,
                          double meanMillis) {
    }

    /** A p99 target one operation missed. */
    public record Miss(String strategy, String op, double p99Millis, double targetMillis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s p99 %.3f ms > target %.3f ms (strategy %s)", op, p99Millis,
                    targetMillis, strategy);
        }
    }

    private BenchReport() {
    }

    /** Each operation's figures from a load result. */
    public static List<OpStats> opStats(LoadResult result) {
        List<OpStats> stats = new ArrayList<>();
        for (String op : result.operations()) {
            Histogram all = LoadResult.newHistogram();
            for (BenchOutcome.Kind kind : BenchOutcome.Kind.values()) {
                all.add(result.latency(op, kind));
            }
            long count = all.getTotalCount();
            stats.add(new OpStats(op, count, result.count(op, BenchOutcome.Kind.OK), result.count(op, BenchOutcome.Kind.THROTTLED),
                    result.count(op, BenchOutcome.Kind.FAILED), result.count(op, BenchOutcome.Kind.INDETERMINATE),
                    millis(all, 50), millis(all, 90), millis(all, 99), millis(all, 99.9),
                    count == 0 ? 0 : all.getMaxValue() / 1e6, count == 0 ? 0 : all.getMean() / 1e6));
        }
        return stats;
    }

    /**
     * Throttled logical operations over the operations completed, in [0, 1] (0 when none did): the
     * share the strategies compare on. (The requests' share, {@link RequestTally.Snapshot#throttledShare},
     * counts a read's fan-out under {@code suffix:N} N times, so it looks less throttled.)
     */
    public static double throttledOperationsShare(LoadResult result) {
        return result.cyclesCompleted() == 0 ? 0 : (double) result.count(BenchOutcome.Kind.THROTTLED) / result.cyclesCompleted();
    }

    /** Above this share of an operation's p99, the schedule error's p99 is the generator's lateness more than the store's. */
    static final double SCHEDULE_ERROR_SHARE_WARNED = 0.5;

    private static double scheduleErrorP99Millis(LoadResult result) {
        return result.scheduleErrorNanos().getTotalCount() == 0 ? 0 : result.scheduleErrorNanos().getValueAtPercentile(99) / 1e6;
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e6;
    }

    /** The operations whose p99 is above {@code targetMillis}, over every strategy. */
    public static List<Miss> misses(List<BenchRun.StrategyResult> results, double targetMillis) {
        List<Miss> misses = new ArrayList<>();
        for (BenchRun.StrategyResult result : results) {
            for (OpStats op : opStats(result.measured())) {
                if (op.count() > 0 && op.p99Millis() > targetMillis) {
                    misses.add(new Miss(result.strategy().spec(), op.op(), op.p99Millis(), targetMillis));
                }
            }
        }
        return misses;
    }

    /** The per-operation table of one load result. */
    public static String renderOps(LoadResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  %-18s %9s %9s %9s %9s %9s %9s %9s %9s %9s%n", "operation", "count",
                "throttled", "failed", "indeterm", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"));
        for (OpStats op : opStats(result)) {
            out.append(String.format(Locale.ROOT, "  %-18s %9d %9d %9d %9d %9.3f %9.3f %9.3f %9.3f %9.3f%n", op.op(),
                    op.count(), op.throttled(), op.failed(), op.indeterminate(), op.p50Millis(), op.p90Millis(),
                    op.p99Millis(), op.p999Millis(), op.maxMillis()));
        }
        double scheduleP99 = scheduleErrorP99Millis(result);
        out.append(String.format(Locale.ROOT, "  throughput %.1f ops/s over %.1f s (%d due, %d started, %d completed, "
                        + "%d never completed); schedule error p99 %.3f ms%n", result.achievedRate(), result.windowNanos() / 1e9,
                result.cyclesDue(), result.cyclesStarted(), result.cyclesCompleted(), result.cyclesNeverCompleted(),
                scheduleP99));
        OpStats worst = null;
        for (OpStats op : opStats(result)) {
            if (op.count() > 0 && scheduleP99 > SCHEDULE_ERROR_SHARE_WARNED * op.p99Millis()
                    && (worst == null || op.p99Millis() < worst.p99Millis())) {
                worst = op;
            }
        }
        if (worst != null && scheduleP99 > 0) {
            out.append(String.format(Locale.ROOT, "  warning: the load generator fell behind (schedule error p99 %.3f ms "
                            + "is over half of %s's p99 %.3f ms): the machine, not the store; latencies include its lateness%n",
                    scheduleP99, worst.op(), worst.p99Millis()));
        }
        return out.toString();
    }

    /** Everything of one run, for the terminal and summary.txt. */
    public static String render(List<BenchRun.StrategyResult> results, Prices prices) {
        StringBuilder out = new StringBuilder();
        for (BenchRun.StrategyResult result : results) {
            RequestTally.Snapshot requests = result.requests();
            out.append("strategy ").append(result.strategy().spec()).append(" (table ").append(result.table())
                    .append(", loaded ").append(result.load().count("load", BenchOutcome.Kind.OK)).append(" records");
            long unloaded = result.load().cyclesCompleted() - result.load().count("load", BenchOutcome.Kind.OK)
                    + result.load().cyclesNeverCompleted();
            if (unloaded > 0) {
                out.append("; ").append(unloaded).append(" not written after ").append(BenchCycles.LOAD_TRIES_MAX).append(" tries");
            }
            out.append(")\n");
            out.append(renderOps(result.measured()));
            out.append(String.format(Locale.ROOT, "  operations throttled %d (%.2f%%) of %d; requests %d, "
                            + "requests throttled %d (%.2f%%), failed %d, indeterminate %d%n",
                    result.measured().count(BenchOutcome.Kind.THROTTLED), 100 * throttledOperationsShare(result.measured()),
                    result.measured().cyclesCompleted(), requests.requests(), requests.throttled(), 100 * requests.throttledShare(), requests.failed(),
                    requests.indeterminate()));
            if (requests.logicalReads() > 0) {
                out.append(String.format(Locale.ROOT, "  read cost: %.2f requests (the strategy's %d) and %.2f read units "
                                + "per logical read%n", requests.requestsPerRead(),
                        result.strategy().readCost(0).pointReadRequests(), requests.readUnitsPerRead()));
            }
            if (!requests.notFound().isEmpty()) {
                List<String> parts = new ArrayList<>();
                requests.notFound().forEach((op, count) -> parts.add(op + " " + count));
                out.append("  not found (logical reads answered OK that found no item): ").append(String.join(", ", parts))
                        .append('\n');
            }
            Cost cost = result.cost();
            out.append(String.format(Locale.ROOT, "  consumed %.1f read and %.1f write units%n", cost.readUnits(),
                    cost.writeUnits()));
            out.append(String.format(Locale.ROOT, "  on demand%s: $%.4f per million requests, $%.4f per million operations, "
                            + "$%.2f a month of this load%n",
                    requests.throttled() > 0 ? " (of the units consumed; throttled requests are not billed)" : "",
                    cost.onDemandPerMillion(), cost.onDemandPerMillionOperations(), cost.onDemandMonth()));
            out.append(String.format(Locale.ROOT, "  provisioned (%.1f RCU, %.1f WCU: the table's, or an on-demand table's "
                            + "mean rate at full use): $%.4f per million requests, $%.4f per million operations, $%.2f a month%n",
                    cost.provisionedRcu(), cost.provisionedWcu(), cost.provisionedPerMillion(),
                    cost.provisionedPerMillionOperations(), cost.provisionedMonth()));
            if (result.partitionsNote() != null) {
                out.append("  partitions: ").append(result.partitionsNote()).append('\n');
            }
            if (result.partitionsNote() == null || !result.partitions().isEmpty()) {
                out.append(renderPartitions(result.partitions())); // what was sampled before sampling stopped
            }
            for (KeyContributors.Minute minute : result.topKeys()) {
                out.append("  minute ").append(minute.minute()).append(" most accessed: ").append(keys(minute.accessed()));
                if (!minute.throttled().isEmpty()) {
                    out.append("; most throttled: ").append(keys(minute.throttled()));
                }
                out.append('\n');
            }
            out.append('\n');
        }
        if (results.size() > 1) {
            out.append(renderComparison(results)).append('\n');
        }
        out.append("prices: ").append(prices.source()).append(", as of ").append(prices.date()).append(String.format(Locale.ROOT,
                " ($%.4g / $%.4g per million read / write request units; $%.5g / $%.5g per RCU / WCU hour)%n",
                prices.onDemandReadPerMillion(), prices.onDemandWritePerMillion(), prices.provisionedRcuHour(),
                prices.provisionedWcuHour()));
        return out.toString();
    }

    private static String keys(List<KeyContributors.Contributor> contributors) {
        List<String> parts = new ArrayList<>();
        for (KeyContributors.Contributor c : contributors.subList(0, Math.min(3, contributors.size()))) {
            parts.add(String.format(Locale.ROOT, "%s %.1f", c.key(), c.units()));
        }
        return String.join(", ", parts) + (contributors.size() > 3 ? " ..." : "");
    }

    private static String renderPartitions(List<PartitionSampler.Sample> samples) {
        if (samples.isEmpty()) {
            return "  partitions: no sample\n";
        }
        // the busiest second, partition by partition: a heat map's hottest row, in one line
        PartitionSampler.Sample peak = samples.getFirst();
        double peakUnits = -1;
        double throttled = 0;
        for (PartitionSampler.Sample sample : samples) {
            double units = 0;
            for (PartitionSampler.Rates r : sample.partitions()) {
                units += r.consumedReadUnits() + r.consumedWriteUnits();
                throttled += (r.throttledReadUnits() + r.throttledWriteUnits()) * sample.lengthSeconds();
            }
            if (units > peakUnits) {
                peakUnits = units;
                peak = sample;
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "  partitions: %d samples; busiest second (%.0f s) consumed units/s by partition:", samples.size(),
                peak.second()));
        for (PartitionSampler.Rates r : peak.partitions()) {
            out.append(String.format(Locale.ROOT, " %.0f", r.consumedReadUnits() + r.consumedWriteUnits()));
        }
        return out.append(String.format(Locale.ROOT, "; throttled units in all %.1f%n", throttled)).toString();
    }

    /** One line per strategy: the same offered load, side by side. */
    public static String renderComparison(List<BenchRun.StrategyResult> results) {
        // "throttled": of the logical operations; "req thr": of the requests (a suffix:N read sends N)
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s %10s %9s %9s %10s %10s %9s %9s %11s %11s%n",
                "strategy", "ops/s", "p50 ms", "p99 ms", "throttled", "req thr", "req/read", "RU/read", "OD $/M req",
                "OD $/M ops"));
        for (BenchRun.StrategyResult result : results) {
            Histogram all = LoadResult.newHistogram();
            for (LoadResult.OpLatency latency : result.measured().latencies()) {
                all.add(latency.latencyNanos());
            }
            RequestTally.Snapshot requests = result.requests();
            out.append(String.format(Locale.ROOT, "%-16s %10.1f %9.3f %9.3f %9.2f%% %9.2f%% %9.2f %9.2f %11.4f %11.4f%n",
                    result.strategy().spec(), result.measured().achievedRate(), millis(all, 50), millis(all, 99),
                    100 * throttledOperationsShare(result.measured()), 100 * requests.throttledShare(), requests.requestsPerRead(), requests.readUnitsPerRead(),
                    result.cost().onDemandPerMillion(), result.cost().onDemandPerMillionOperations()));
        }
        return out.toString();
    }

    /** The run store's format of the files written here (the file contract). */
    public static final int FORMAT = 1;

    /**
     * Writes results.json and summary.txt into {@code directory}, and test.json unless one is there
     * already (a caller that wrote it when the run began keeps its own), without a start time.
     */
    public static void write(Path directory, ObjectNode options, List<BenchRun.StrategyResult> results, Prices prices,
                             String summary) throws IOException {
        write(directory, options, results, prices, summary, null);
    }

    /**
     * Writes results.json ({@code "format":1,"kind":"bench"} and the figures) and summary.txt into
     * {@code directory}, and test.json unless one is there already.
     *
     * @param started when the run began, for test.json; null leaves it out
     */
    public static void write(Path directory, ObjectNode options, List<BenchRun.StrategyResult> results, Prices prices,
                             String summary, java.time.Instant started) throws IOException {
        writeHistorySample(directory, options, results);
        // test.json again, now that its options say how the history was sampled; its start kept.
        Path test = directory.resolve("test.json");
        if (Files.exists(test)) {
            com.fasterxml.jackson.databind.JsonNode written = JSON.readTree(test.toFile());
            if (written != null && written.hasNonNull("started")) {
                started = java.time.Instant.parse(written.get("started").asText());
            }
        }
        writeTestJson(directory, options, started);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", "bench");
        root.set("options", options);
        ObjectNode priced = root.putObject("prices");
        priced.put("onDemandReadPerMillion", prices.onDemandReadPerMillion());
        priced.put("onDemandWritePerMillion", prices.onDemandWritePerMillion());
        priced.put("provisionedRcuHour", prices.provisionedRcuHour());
        priced.put("provisionedWcuHour", prices.provisionedWcuHour());
        priced.put("source", prices.source());
        priced.put("date", prices.date());
        ArrayNode strategies = root.putArray("strategies");
        for (BenchRun.StrategyResult result : results) {
            strategies.add(strategyJson(result));
        }
        Files.writeString(directory.resolve("results.json"), JSON.writeValueAsString(root));
        Files.writeString(directory.resolve("summary.txt"), summary);
    }

    /**
     * The bench's test.json: {@code {"format":1,"kind":"bench","name":"bench","started","command","seed","options"}},
     * the command being the options' {@code rerun} line and the seed theirs (each left out when the
     * options have none). Written when a run begins, it says what ran even if the run dies.
     *
     * @param started when the run began; null leaves it out
     */
    public static void writeTestJson(Path directory, ObjectNode options, java.time.Instant started) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", "bench");
        root.put("name", "bench");
        if (started != null) {
            root.put("started", started.toString());
        }
        if (options.hasNonNull("rerun")) {
            root.put("command", options.get("rerun").asText());
        }
        if (options.hasNonNull("seed")) {
            root.set("seed", options.get("seed"));
        }
        root.set("options", options);
        Files.createDirectories(directory);
        keystorm.workloads.runner.AtomicFiles.write(directory.resolve("test.json"), JSON.writeValueAsString(root) + "\n");
    }

    /**
     * history.jsonl: the strategies' samples of their measured operations, one after the other
     * (the strategies run one after the other), times from the bench's start; and
     * {@code options.historySample} says how they were drawn. Nothing when no strategy kept one.
     */
    static void writeHistorySample(Path directory, ObjectNode options, List<BenchRun.StrategyResult> results)
            throws IOException {
        List<BenchRun.StrategyResult> sampled = results.stream().filter(r -> r.sample() != null).toList();
        if (sampled.isEmpty()) {
            return;
        }
        options.put("historySample", sampled.getFirst().sample().description());
        Files.createDirectories(directory);
        try (java.io.Writer out = Files.newBufferedWriter(directory.resolve("history.jsonl"))) {
            long index = 0;
            for (BenchRun.StrategyResult result : sampled) {
                index = keystorm.workloads.bench.load.HistorySample.write(out, result.sample().entries(),
                        result.measured().operations(), record -> record < 0 ? null : BenchCycles.logicalKey(record),
                        result.sample().originNanos(), index);
            }
        }
    }

    private static ObjectNode strategyJson(BenchRun.StrategyResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("strategy", result.strategy().spec());
        node.put("table", result.table());
        node.put("intervalLog", result.intervalLog().getFileName().toString());
        node.put("recordsLoaded", result.load().count("load", BenchOutcome.Kind.OK));
        LoadResult measured = result.measured();
        node.put("throughputOpsPerSecond", measured.achievedRate());
        node.put("windowSeconds", measured.windowNanos() / 1e9);
        node.put("cyclesDue", measured.cyclesDue());
        node.put("cyclesStarted", measured.cyclesStarted());
        node.put("cyclesCompleted", measured.cyclesCompleted());
        node.put("cyclesNeverCompleted", measured.cyclesNeverCompleted());
        node.set("operations", JSON.valueToTree(opStats(measured)));
        node.set("intervals", JSON.valueToTree(measured.intervals())); // per second, operations in LoadResult's order
        RequestTally.Snapshot requests = result.requests();
        node.set("requests", JSON.valueToTree(requests));
        node.put("throttledShare", throttledOperationsShare(measured)); // of the logical operations
        node.put("requestsThrottledShare", requests.throttledShare());
        node.set("notFound", JSON.valueToTree(requests.notFound())); // per read operation
        if (requests.logicalReads() > 0) {
            node.put("requestsPerLogicalRead", requests.requestsPerRead());
            node.put("readUnitsPerLogicalRead", requests.readUnitsPerRead());
        }
        node.set("cost", JSON.valueToTree(result.cost()));
        if (result.partitionsNote() != null) {
            node.put("partitionsNote", result.partitionsNote());
        }
        node.set("partitions", JSON.valueToTree(result.partitions()));
        node.set("topKeysPerMinute", JSON.valueToTree(result.topKeys()));
        return node;
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
