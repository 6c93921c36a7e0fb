package keystorm.workloads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import keystorm.workloads.bench.load.LoadResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report says of results built by hand. */
class BenchReportTest {
    /** A measured result of reads: {@code ok} and {@code throttled} of them at {@code latencyMillis}. */
    static LoadResult reads(long ok, long throttled, long latencyMillis, long scheduleErrorMillis) {
        List<LoadResult.OpLatency> latencies = new ArrayList<>();
        for (BenchOutcome.Kind kind : BenchOutcome.Kind.values()) {
            Histogram histogram = LoadResult.newHistogram();
            long count = kind == BenchOutcome.Kind.OK ? ok : kind == BenchOutcome.Kind.THROTTLED ? throttled : 0;
            if (count > 0) {
                histogram.recordValueWithCount(latencyMillis * 1_000_000, count);
            }
            latencies.add(new LoadResult.OpLatency("read", kind, histogram));
        }
        Histogram schedule = LoadResult.newHistogram();
        schedule.recordValueWithCount(scheduleErrorMillis * 1_000_000 + 1, ok + throttled);
        long n = ok + throttled;
        return new LoadResult(List.of("read"), latencies, schedule, 0, 10_000_000_000L, n, n, n, 0, 0,
                1_000_000_000L, List.of());
    }

    static LoadResult loaded(long records) {
        List<LoadResult.OpLatency> latencies = new ArrayList<>();
        for (BenchOutcome.Kind kind : BenchOutcome.Kind.values()) {
            Histogram histogram = LoadResult.newHistogram();
            if (kind == BenchOutcome.Kind.OK) {
                histogram.recordValueWithCount(1_000_000, records);
            }
            latencies.add(new LoadResult.OpLatency("load", kind, histogram));
        }
        return new LoadResult(List.of("load"), latencies, LoadResult.newHistogram(), 0, 1_000_000_000L, records, records,
                records, 0, 0, 1_000_000_000L, List.of());
    }

    static BenchRun.StrategyResult result(String spec, LoadResult measured, RequestTally.Snapshot requests) {
        Cost cost = Cost.of(10, requests.requests(), measured.cyclesCompleted(), requests.readUnits(), requests.writeUnits(),
                new TableMode.OnDemand(), Prices.US_EAST_1);
        return new BenchRun.StrategyResult(KeyStrategy.parse(spec), "t", loaded(100), measured, requests, List.of(),
                List.of(), null, cost, Path.of("intervals.hlog"));
    }

    /** The reviewer's case: 105 of 300 reads throttled under natural and under suffix:4 (four requests a read). */
    static List<BenchRun.StrategyResult> equallyThrottled() {
        LoadResult measured = reads(195, 105, 5, 0);
        return List.of(
                result("natural", measured, new RequestTally.Snapshot(300, 105, 0, 0, 97.5, 0, 300, 300, 97.5)),
                result("suffix:4", measured, new RequestTally.Snapshot(726, 105, 0, 0, 310.5, 0, 300, 726, 310.5)));
    }

    @Test
    void theComparisonsThrottledShareIsOfLogicalOperationsAndTheRequestsShareIsBesideIt() {
        String table = BenchReport.renderComparison(equallyThrottled());
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).contains("throttled").contains("req thr");
        assertThat(lines.get(1)).startsWith("natural").contains("35.00%");
        assertThat(lines.get(2)).startsWith("suffix:4").contains("35.00%").contains("14.46%");
    }

    @Test
    void resultsJsonHasTheOperationsShareAndTheRequestsShare(@TempDir Path dir) throws Exception {
        List<BenchRun.StrategyResult> results = equallyThrottled();
        BenchReport.write(dir, BenchReport.json().createObjectNode(), results, Prices.US_EAST_1, "summary");
        JsonNode strategies = BenchReport.json().readTree(Files.readString(dir.resolve("results.json"))).path("strategies");
        assertThat(strategies.get(0).path("throttledShare").asDouble()).isEqualTo(0.35);
        assertThat(strategies.get(1).path("throttledShare").asDouble()).isEqualTo(0.35);
        assertThat(strategies.get(1).path("requestsThrottledShare").asDouble()).isEqualTo(105.0 / 726);
    }

    @Test
    void aThrottledRunsOnDemandCostSaysItIsOfTheUnitsConsumed() {
        String text = BenchReport.render(equallyThrottled(), Prices.US_EAST_1);
        assertThat(text).contains("on demand (of the units consumed; throttled requests are not billed):");
        assertThat(text).contains("operations throttled 105 (35.00%) of 300; requests 300, requests throttled 105 (35.00%)");
        String unthrottled = BenchReport.render(List.of(result("natural", reads(300, 0, 5, 0),
                new RequestTally.Snapshot(300, 0, 0, 0, 150, 0, 300, 300, 150))), Prices.US_EAST_1);
        assertThat(unthrottled).contains("on demand:").doesNotContain("not billed");
    }

    @Test
    void aScheduleErrorOverHalfAnOperationsP99IsWarnedOfOnce() {
        String behind = BenchReport.renderOps(reads(100, 0, 10, 6));
        assertThat(behind.lines().filter(line -> line.contains("warning: the load generator fell behind")).count())
                .isEqualTo(1);
        assertThat(BenchReport.renderOps(reads(100, 0, 10, 4))).doesNotContain("warning");
        assertThat(BenchReport.renderOps(reads(100, 0, 10, 0))).doesNotContain("warning");
    }

    @Test
    void theSamplesTakenBeforeSamplingStoppedAreRenderedBesideTheNote() {
        BenchRun.StrategyResult full = equallyThrottled().getFirst();
        var rates = new PartitionSampler.Rates(0, 0, -1, "0", 5, 7, 0, 0, 0, false);
        var stopped = new BenchRun.StrategyResult(full.strategy(), full.table(), full.load(), full.measured(),
                full.requests(), List.of(), List.of(new PartitionSampler.Sample(1, 1, List.of(rates))),
                "sampling stopped: connection refused", full.cost(), full.intervalLog());
        String text = BenchReport.render(List.of(stopped), Prices.US_EAST_1);
        assertThat(text).contains("partitions: sampling stopped: connection refused")
                .contains("partitions: 1 samples; busiest second (1 s) consumed units/s by partition: 12");
    }

    @Test
    void readsThatFoundNothingAreCountedPerOperation(@TempDir Path dir) throws Exception {
        var requests = new RequestTally.Snapshot(300, 0, 0, 0, 150, 0, 300, 300, 150, java.util.Map.of("read", 12L));
        List<BenchRun.StrategyResult> results = List.of(result("natural", reads(300, 0, 5, 0), requests));
        assertThat(BenchReport.render(results, Prices.US_EAST_1))
                .contains("not found (logical reads answered OK that found no item): read 12");
        BenchReport.write(dir, BenchReport.json().createObjectNode(), results, Prices.US_EAST_1, "summary");
        JsonNode strategy = BenchReport.json().readTree(Files.readString(dir.resolve("results.json"))).path("strategies").get(0);
        assertThat(strategy.path("notFound").path("read").asLong()).isEqualTo(12);
    }

    @Test
    void theRunStoresFilesSayFormatKindAndWhatRan(@TempDir Path dir) throws Exception {
        var options = BenchReport.json().createObjectNode().put("seed", 9).put("rerun", "keystorm bench --seed 9");
        java.time.Instant started = java.time.Instant.parse("2026-12-02T04:30:00.123Z");
        BenchReport.write(dir, options, equallyThrottled(), Prices.US_EAST_1, "summary", started);
        JsonNode results = BenchReport.json().readTree(Files.readString(dir.resolve("results.json")));
        assertThat(results.path("format").asInt()).isEqualTo(1);
        assertThat(results.path("kind").asText()).isEqualTo("bench");
        assertThat(results.path("strategies")).hasSize(2);
        JsonNode test = BenchReport.json().readTree(Files.readString(dir.resolve("test.json")));
        assertThat(test.path("format").asInt()).isEqualTo(1);
        assertThat(test.path("kind").asText()).isEqualTo("bench");
        assertThat(test.path("name").asText()).isEqualTo("bench");
        assertThat(test.path("started").asText()).isEqualTo("2026-12-02T04:30:00.123Z");
        assertThat(test.path("command").asText()).isEqualTo("keystorm bench --seed 9");
        assertThat(test.path("seed").asLong()).isEqualTo(9);
        assertThat(test.path("options")).isEqualTo(options);
        // a test.json written when the run began keeps its start; its options become the finished run's
        // (they now say how the history was sampled)
        java.time.Instant began = java.time.Instant.parse("2026-12-02T04:29:00Z");
        BenchReport.writeTestJson(dir, options.deepCopy().put("seed", 10), began);
        BenchReport.write(dir, options, equallyThrottled(), Prices.US_EAST_1, "summary");
        JsonNode rewritten = BenchReport.json().readTree(Files.readString(dir.resolve("test.json")));
        assertThat(rewritten.path("started").asText()).isEqualTo("2026-12-02T04:29:00Z");
        assertThat(rewritten.path("seed").asLong()).isEqualTo(9);
        assertThat(rewritten.path("options")).isEqualTo(options);
    }
}
