package keystorm.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's partition heat maps, hunt and bench pages, swarm nemeses and simulated durations. */
class ReviewFixesTest {
    @TempDir
    Path dir;

    private static ObjectNode sample(ArrayNode into, double second, double length) {
        return into.addObject().put("second", second).put("lengthSeconds", length).put("table", "t");
    }

    private static void partition(ObjectNode sample, int id, int index, String lowHash, boolean retired, double units) {
        ArrayNode ps = sample.has("partitions") ? (ArrayNode) sample.get("partitions") : sample.putArray("partitions");
        ps.addObject().put("id", id).put("index", index).put("parentId", -1).put("lowHash", lowHash).put("retired", retired)
                .put("consumedReadUnits", units).put("consumedWriteUnits", 0.0).put("throttledReadUnits", 0.0)
                .put("throttledWriteUnits", 0.0).put("throttledRequests", 0);
    }

    /** column -> value of a heat map's row. */
    private static Map<Integer, Double> row(JsonNode heat, int row) {
        Map<Integer, Double> out = new TreeMap<>();
        heat.path("cells").forEach(c -> {
            if (c.get(1).asInt() == row) {
                out.put(c.get(0).asInt(), c.get(2).asDouble());
            }
        });
        return out;
    }

    @Test
    void theRecordersUnitsPerIntervalAreRatesSpreadOverTheSecondsTheyCover() {
        ArrayNode samples = Charts.F.arrayNode();
        // a recorder started 0.059 s before the run: its intervals start at -0.059, 0.941, ...
        partition(sample(samples, -0.059, 1.0), 0, 0, "0", false, 100);
        partition(sample(samples, 0.941, 1.0), 0, 0, "0", false, 200);
        // a late tick: three seconds written as one line, 300 units
        partition(sample(samples, 1.941, 3.0), 0, 0, "0", false, 300);
        // a 5 s interval of 500 units
        partition(sample(samples, 4.941, 5.0), 0, 0, "0", false, 500);
        // the partial last interval: 31 units in 0.34 s
        partition(sample(samples, 9.941, 0.34), 0, 0, "0", false, 31);
        JsonNode heat = Charts.heatmap(samples, null, false, Charts.PartitionUnits.PER_INTERVAL);

        assertThat(heat.path("columns").toString()).isEqualTo("[0,1,2,3,4,5,6,7,8,9,10]");
        Map<Integer, Double> cells = row(heat, 0);
        assertThat(cells).containsEntry(0, 100.0).containsEntry(1, 200.0);
        for (int c = 2; c <= 9; c++) {
            assertThat(cells).containsEntry(c, 100.0); // the late tick and the 5 s interval, spread: no spike, no gap
        }
        assertThat(cells.get(10)).isCloseTo(31 / 0.34, within(0.05)); // a rate, not a fall to 31
        assertThat(heat.path("unit").asText()).isEqualTo("consumed units/s");
    }

    @Test
    void benchsPartitionsAreRatesAlreadyOverTheSecondBeforeTheyWereTaken() {
        ArrayNode samples = Charts.F.arrayNode();
        for (int s = 1; s <= 3; s++) {
            partition(sample(samples, s + 0.002, 1.0), 0, 0, "0", false, 50); // 50 units a second, taken at 1.002, 2.002...
        }
        partition(sample(samples, 5.002, 2.0), 0, 0, "0", false, 70); // a tick late: two seconds at 70 a second
        JsonNode heat = Charts.heatmap(samples, "t", false, Charts.PartitionUnits.RATES_ENDING_AT);

        assertThat(heat.path("columns").toString()).isEqualTo("[0,1,2,3,4]");
        assertThat(row(heat, 0)).isEqualTo(Map.of(0, 50.0, 1, 50.0, 2, 50.0, 3, 70.0, 4, 70.0));
    }

    @Test
    void wideRunsBinColumnsAndAverageOverTime() {
        ArrayNode samples = Charts.F.arrayNode();
        for (int s = 0; s < 1200; s++) {
            partition(sample(samples, s, 1.0), 0, 0, "0", false, s < 600 ? 10 : 30);
        }
        JsonNode heat = Charts.heatmap(samples, null, false, Charts.PartitionUnits.PER_INTERVAL);
        assertThat(heat.path("binSeconds").asInt()).isEqualTo(2);
        assertThat(heat.path("columns")).hasSize(600);
        assertThat(row(heat, 0).get(0)).isEqualTo(10.0);
        assertThat(row(heat, 0).get(599)).isEqualTo(30.0);
    }

    @Test
    void aSplitKeepsOneRowPerPartitionInHashOrder() {
        ArrayNode samples = Charts.F.arrayNode();
        for (int s = 0; s < 2; s++) {
            ObjectNode line = sample(samples, s, 1.0);
            partition(line, 0, 0, "0", false, 10);
            partition(line, 3, 1, "c000000000000000", false, 5);
        }
        // partition 0 splits in second 2: written retired with index -1, its children 1 and 2 take indices 0 and 1,
        // and partition 3 moves from index 1 to 2
        ObjectNode split = sample(samples, 2, 1.0);
        partition(split, 0, -1, "0", true, 4);
        partition(split, 1, 0, "0", false, 3);
        partition(split, 2, 1, "6000000000000000", false, 3);
        partition(split, 3, 2, "c000000000000000", false, 5);
        ObjectNode after = sample(samples, 3, 1.0);
        partition(after, 1, 0, "0", false, 6);
        partition(after, 2, 1, "6000000000000000", false, 6);
        partition(after, 3, 2, "c000000000000000", false, 5);
        JsonNode heat = Charts.heatmap(samples, null, false, Charts.PartitionUnits.PER_INTERVAL);

        assertThat(heat.path("rows").toString()).isEqualTo("[\"t #0 (split)\",\"t #1\",\"t #2\",\"t #3\"]");
        assertThat(row(heat, 0)).isEqualTo(Map.of(0, 10.0, 1, 10.0, 2, 4.0));
        assertThat(row(heat, 3)).isEqualTo(Map.of(0, 5.0, 1, 5.0, 2, 5.0, 3, 5.0)); // one row through the move
    }

    private JsonNode page(ObjectNode results) throws IOException {
        Files.writeString(dir.resolve("results.json"), results.toString());
        return Blob.of(Report.write(dir));
    }

    private static String fact(JsonNode blob, String label) {
        for (JsonNode f : blob.path("facts")) {
            if (f.path("label").asText().equals(label)) {
                return f.path("value").asText();
            }
        }
        return null;
    }

    private static ObjectNode hunt(String validity, int seeds, int unknown, Integer found) {
        ObjectNode r = RunFixture.JSON.createObjectNode().put("format", 1).put("kind", "hunt").put("workload", "register")
                .put("validity", validity).put("seedsRun", seeds).put("seedsUnknown", unknown).put("operations", 5010)
                .put("wallSeconds", 3.5);
        ArrayNode runs = r.putArray("runs");
        if (found != null) {
            r.put("foundSeed", found);
            runs.addObject().put("seed", found).put("validity", "invalid").put("operations", 900).put("anomalies", "1: lost")
                    .put("dir", "../register/seed-" + found);
        }
        return r;
    }

    @Test
    void aHuntsVerdictCountsItsSeedsAndItsFactsOnlyTheCountsItHas() throws IOException {
        JsonNode valid = page(hunt("valid", 3, 0, null));
        assertThat(valid.path("verdict").path("text").asText()).isEqualTo("Valid: 3 seeds simulated, none failed");
        assertThat(valid.path("verdict").path("validity").asText()).isEqualTo("valid");
        assertThat(fact(valid, "operations")).isEqualTo("5,010 across all seeds");
        assertThat(fact(valid, "seeds")).isEqualTo("3 simulated");

        JsonNode invalid = page(hunt("invalid", 4, 0, 7));
        assertThat(invalid.path("verdict").path("text").asText()).isEqualTo("Invalid: seed 7 failed after 4 seeds");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<a href=\"../register/seed-7/report.html\">");

        JsonNode unknown = page(hunt("unknown", 10, 2, null));
        assertThat(unknown.path("verdict").path("text").asText()).isEqualTo("Unknown: 2 of 10 seeds could not be decided");
        assertThat(unknown.path("verdict").path("validity").asText()).isEqualTo("unknown");

        JsonNode none = page(hunt("valid", 0, 0, null));
        assertThat(none.path("verdict").path("validity").asText()).isEqualTo("unknown");
    }

    @Test
    void aTestsOperationsFactLeavesOutTheCountsItLacks() throws IOException {
        ObjectNode r = RunFixture.JSON.createObjectNode().put("format", 1).put("kind", "test").put("validity", "valid")
                .put("operations", 1200).put("ok", 1100);
        assertThat(fact(page(r), "operations")).isEqualTo("1,200 (ok 1,100)");
    }

    @Test
    void aBenchPageDrawsItsSampledHistoryAsASampleOnly() throws IOException {
        RunFixture.write(dir, 5, 4, 2000, 3, false);
        Files.writeString(dir.resolve("test.json"), "{\"format\":1,\"kind\":\"bench\",\"name\":\"bench\",\"options\":"
                + "{\"historySample\":\"every operation of 1 in 8 senders\"}}");
        JsonNode blob = page(BenchFixture.results());

        List<String> charts = ReportTest.iterable(blob.path("charts").fieldNames());
        assertThat(charts).contains("latency", "bench-throughput-1", "bench-latency-1").doesNotContain("throughput", "quantiles");
        assertThat(blob.path("omitted").has("throughput")).isFalse();
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Latency of sampled operations").contains("a SAMPLE of the run&#39;s operations")
                .doesNotContain("Throughput by outcome");
    }

    @Test
    void aSwarmRunsNemesesAreItsFaultsNotItsClosers() throws IOException {
        RunFixture.Written w = RunFixture.write(dir, 4, 3, 2000, 5, true);
        Files.writeString(dir.resolve("test.json"), "{\"format\":1,\"kind\":\"test\",\"name\":\"register\",\"options\":"
                + "{\"workload\":\"register\",\"swarm\":true,\"simulate\":true}}");
        ObjectNode r = RunFixture.JSON.createObjectNode().put("format", 1).put("kind", "test").put("validity", "valid")
                .put("operations", w.completions().size());
        ArrayNode faults = r.putArray("faults");
        for (String f : List.of("failover", "heal-all", "squeeze", "failover", "net-heal", "net-partition")) {
            faults.addObject().put("start", 1.0).put("end", 1.1).put("fault", f);
        }
        JsonNode blob = page(r);
        assertThat(fact(blob, "nemeses")).isEqualTo("failover, squeeze, net-partition");
        assertThat(blob.path("verdict").path("text").asText())
                .isEqualTo("Valid: the store kept its promises under failover, squeeze, net-partition");

        Files.delete(dir.resolve("history.jsonl")); // from results.json's nemesis operations, closers left out
        assertThat(fact(page(r), "nemeses")).isEqualTo("failover, squeeze, net-partition");
    }

    @Test
    void aSimulatedRunsDurationIsItsVirtualTime() throws IOException {
        RunFixture.write(dir, 100, 2, 20_000, 9, false);
        ObjectNode r = RunFixture.JSON.createObjectNode().put("format", 1).put("kind", "test").put("validity", "valid")
                .put("simulated", true).put("virtualSeconds", 100.0).put("wallSeconds", 2.5).put("operations", 10);
        JsonNode blob = page(r);
        assertThat(fact(blob, "duration")).isEqualTo("100.0 s of virtual time (simulated in 2.5 s wall)");

        Path history = dir.resolve("history.jsonl");
        double virtual = HistoryScan.scan(history, List.of(), 100, HistoryScan.Limits.DEFAULT).bucketSeconds();
        double wall = HistoryScan.scan(history, List.of(), 2.5, HistoryScan.Limits.DEFAULT).bucketSeconds();
        assertThat(virtual).isNotEqualTo(wall); // else the next line could not tell them apart
        assertThat(RunReader.read(dir).history().bucketSeconds()).isEqualTo(virtual);
    }

    /**
     * Many anomalies over a long history: each still gets its timeline, holding its own operations.
     * How fast (the windows are searched, not scanned per line) is measured by {@code ScanTime}, a
     * benchmark run by hand, never by a timed test.
     */
    @Test
    void manyAnomaliesEachGetTheirTimeline() throws IOException {
        RunFixture.Written w = RunFixture.write(dir, 60, 40, 10_000, 7, false); // ~240,000 lines
        java.util.Random random = new java.util.Random(3);
        List<List<Long>> anomalies = new ArrayList<>();
        for (int a = 0; a < 20; a++) {
            List<Long> is = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                is.add((long) random.nextInt((int) w.lines()));
            }
            anomalies.add(is);
        }
        HistorySeries h = HistoryScan.scan(dir.resolve("history.jsonl"), anomalies, 60, HistoryScan.Limits.DEFAULT);
        assertThat(h.timelines()).hasSize(20).allSatisfy(t -> assertThat(t.ops()).isNotEmpty());
    }
}
