package keystorm.workloads.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import keystorm.checker.Evidence;
import keystorm.workloads.bench.Prices;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResultsJsonTest {
    static final long START = 1_796_187_000_000L;

    @Test
    void insightsOfTwoServersLineUpOnTheRunsClockAndAHalfLineIsSkipped(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("insights.jsonl");
        Files.writeString(jsonl, String.join("\n",
                // the first server: its second 3 began 0.5 s into the run
                "{\"type\":\"partitions\",\"epochMillis\":" + (START + 500) + ",\"second\":3.0,\"lengthSeconds\":1.0,"
                        + "\"table\":\"t\",\"partitions\":[{\"id\":0,\"index\":0,\"parentId\":-1,\"lowHash\":\"0\","
                        + "\"retired\":false,\"consumedReadUnits\":2.5,\"consumedWriteUnits\":4.0,\"throttledReadUnits\":0,"
                        + "\"throttledWriteUnits\":0,\"throttledRequests\":0}]}",
                "{\"type\":\"access\",\"epochMillis\":" + (START - 1000) + ",\"minute\":0,\"lengthSeconds\":2.0,\"table\":\"t\","
                        + "\"operation\":\"GetItem\",\"kind\":\"key-lookup\",\"requests\":5,\"readUnits\":2.5,"
                        + "\"writeUnits\":0,\"items\":5,\"throttledRequests\":0}",
                "not json",
                // the restarted server: its second 0 began 12 s into the run
                "{\"type\":\"partitions\",\"epochMillis\":" + (START + 12_000) + ",\"second\":0.0,\"lengthSeconds\":1.0,"
                        + "\"table\":\"t\",\"partitions\":[{\"id\":0,\"index\":0,\"parentId\":-1,\"lowHash\":\"0\","
                        + "\"retired\":false,\"consumedReadUnits\":1.0,\"consumedWriteUnits\":2.0,\"throttledReadUnits\":0,"
                        + "\"throttledWriteUnits\":0,\"throttledRequests\":0}]}",
                "{\"type\":\"keys\",\"epochMillis\":" + (START + 12_000) + ",\"minute\":0,\"lengthSeconds\":60,\"table\":\"t\","
                        + "\"accessed\":[{\"key\":\"k1\",\"requests\":3,\"units\":1.5}],\"throttled\":[]}",
                "{\"type\":\"access\",\"epochMillis\":" + (START + 12_000) + ",\"minute\":0,\"lengthSe"));
        ObjectNode root = RunResultsJson.JSON.createObjectNode();
        assertThat(RunResultsJson.minute(59.5)).isEqualTo(1); // within a second of the boundary: the next minute
        assertThat(RunResultsJson.minute(58.5)).isEqualTo(0);
        assertThat(RunResultsJson.minute(-0.001)).isEqualTo(0);
        assertThat(RunResultsJson.foldInsights(root, jsonl, START)).isEqualTo(4);
        assertThat(root.get("partitions")).extracting(p -> p.get("second").asDouble()).containsExactly(0.5, 12.0);
        assertThat(root.get("partitions").get(0).has("type")).isFalse();
        assertThat(root.get("topKeysPerMinute").get(0).get("minute").asLong()).isEqualTo(0); // began 12 s in: minute 0
        assertThat(root.get("topKeysPerMinute").get(0).get("accessed").get(0).get("key").asText()).isEqualTo("k1");
        assertThat(root.get("access").get(0).get("minute").asLong()).isEqualTo(0); // began 1 s before the run: minute 0
        assertThat(root.get("consumed").get("requests").asLong()).isEqualTo(5);
        assertThat(root.get("consumed").get("readUnits").asDouble()).isEqualTo(3.5);
        assertThat(root.get("consumed").get("writeUnits").asDouble()).isEqualTo(6.0);
        Prices p = Prices.US_EAST_1;
        assertThat(root.get("cost").get("onDemand").asDouble()).isCloseTo(3.5e-6 * p.onDemandReadPerMillion()
                + 6e-6 * p.onDemandWritePerMillion(), Offset.offset(1e-15));
        assertThat(root.get("cost").get("pricesDate").asText()).isEqualTo(p.date());
    }

    @Test
    void noInsightsFileAddsNothing(@TempDir Path dir) throws Exception {
        ObjectNode root = RunResultsJson.JSON.createObjectNode();
        assertThat(RunResultsJson.foldInsights(root, dir.resolve("none.jsonl"), START)).isZero();
        assertThat(root.isEmpty()).isTrue();
    }

    @Test
    void anomaliesLeaveOutWhatDoesNotApply() {
        ArrayNode anomalies = RunResultsJson.anomalies(List.of(
                new Evidence("lost", null, "Element 1 was lost", List.of(7L, 1L), null),
                new Evidence("G0", "x", "a cycle", List.of(0L),
                        new Evidence.Figure(List.of(new Evidence.Node("T0", "T0 (process 0)", 0, 0)),
                                List.of(new Evidence.Edge("T0", "T0", "ww", "because"))))));
        JsonNode lost = anomalies.get(0);
        assertThat(lost.has("key")).isFalse();
        assertThat(lost.has("figure")).isFalse();
        assertThat(lost.get("indices").toString()).isEqualTo("[1,7]");
        JsonNode cycle = anomalies.get(1);
        assertThat(cycle.get("key").asText()).isEqualTo("x");
        assertThat(cycle.get("figure").get("nodes").get(0).toString())
                .isEqualTo("{\"id\":\"T0\",\"label\":\"T0 (process 0)\",\"process\":0,\"index\":0}");
        assertThat(cycle.get("figure").get("edges").get(0).toString())
                .isEqualTo("{\"from\":\"T0\",\"to\":\"T0\",\"label\":\"ww\",\"because\":\"because\"}");
    }
}
