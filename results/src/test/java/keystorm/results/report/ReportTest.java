package keystorm.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private RunFixture.Written testRun(Path at) throws IOException {
        RunFixture.Written w = RunFixture.write(at, 10, 5, 2000, 11, true);
        RunFixture.writeJson(w, 10, true);
        return w;
    }

    @Test
    void aTestRunsPageCarriesItsVerdictChartsFaultsAndAnomalies() throws IOException {
        RunFixture.Written w = testRun(dir);
        Path page = Report.write(dir);

        assertThat(page).isEqualTo(dir.resolve("report.html"));
        JsonNode blob = Blob.of(page);
        assertThat(blob.path("kind").asText()).isEqualTo("test");
        assertThat(blob.path("verdict").path("validity").asText()).isEqualTo("invalid");
        assertThat(blob.path("verdict").path("text").asText()).isEqualTo("Invalid: 2 anomalies (G1c, lost)");
        assertThat(blob.path("missing")).isEmpty();
        assertThat(blob.path("facts").findValuesAsText("label"))
                .contains("command", "seed", "target", "nemeses", "duration", "operations");

        JsonNode charts = blob.path("charts");
        assertThat(iterable(charts.fieldNames())).containsExactlyInAnyOrder("latency", "quantiles", "throughput",
                "partitions-consumed", "partitions-throttled", "access", "anomaly-1-figure", "anomaly-1-timeline",
                "anomaly-2-timeline");
        JsonNode latency = charts.path("latency");
        int points = 0;
        for (JsonNode s : latency.path("series")) {
            points += s.path("points").size();
        }
        assertThat(points).isEqualTo(latency.path("shown").asInt()).isEqualTo(w.completions().size());
        assertThat(blob.path("sample").path("total").asLong()).isEqualTo(w.completions().size());
        assertThat(latency.path("marks")).hasSize(2); // the G1c's two operations (the lost one is among them)

        JsonNode faults = blob.path("faults");
        assertThat(faults).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(faults.get(i).path("fault").asText()).isEqualTo(w.faultNames().get(i));
            assertThat(faults.get(i).path("start").asDouble()).isCloseTo(w.faults().get(i)[0], within(0.001));
        }
        assertThat(latency.path("faults")).isEqualTo(faults);
        assertThat(charts.path("quantiles").path("faults")).isEqualTo(faults);

        long throughputOk = 0;
        JsonNode tput = charts.path("throughput");
        double width = tput.path("bucketSeconds").asDouble();
        JsonNode okPoints = tput.path("series").get(0).path("points");
        for (JsonNode p : okPoints) {
            // the last bucket's rate is over its part of the run, to the history's end
            double w2 = p == okPoints.get(okPoints.size() - 1) ? tput.path("endSeconds").asDouble() - p.get(0).asDouble() : width;
            throughputOk += Math.round(p.get(1).asDouble() * w2);
        }
        assertThat(throughputOk).isCloseTo(w.completions().stream().filter(c -> c.type().equals("ok")).count(),
                org.assertj.core.data.Offset.offset(1L)); // the rates are rounded to 4 digits
        assertThat(blob.path("sample").path("ok").path("shown").asLong()).isEqualTo(blob.path("sample").path("ok").path("total").asLong());

        JsonNode heat = charts.path("partitions-consumed");
        assertThat(heat.path("rows")).hasSize(4);
        assertThat(heat.path("columns")).hasSize(10);
        assertThat(heat.path("max").asDouble()).isEqualTo(900 + 30 + 9);
        assertThat(charts.path("partitions-throttled").path("max").asDouble()).isEqualTo(40);
        assertThat(blob.path("tables").path("top-keys").path("rows").get(0).get(3).asText()).isEqualTo("k3");
        assertThat(blob.path("tables").path("access-table").path("rows").toString()).contains("scan: read 4,800 items to return 7");

        JsonNode figure = charts.path("anomaly-1-figure");
        assertThat(figure.path("type").asText()).isEqualTo("graph");
        assertThat(figure.path("nodes")).hasSize(2);
        assertThat(figure.path("edges").findValuesAsText("label")).containsExactly("wr", "wr");
        JsonNode timeline = charts.path("anomaly-1-timeline");
        assertThat(timeline.path("ops").size()).isBetween(2, 400);
        assertThat(timeline.path("ops").findValues("involved").stream().filter(JsonNode::asBoolean)).hasSize(2);
        JsonNode anomalies = blob.path("anomalies");
        assertThat(anomalies.findValuesAsText("kind")).containsExactly("G1c", "lost");
        assertThat(anomalies.get(0).path("figure").asText()).isEqualTo("anomaly-1-figure");
        assertThat(anomalies.get(1).has("figure")).isFalse();
    }

    @Test
    void thePageIsSelfContainedAndItsChartsMatchTheBlob() throws IOException {
        testRun(dir);
        String html = Files.readString(Report.write(dir));

        assertThat(html).doesNotContainPattern("(?i)<script[^>]*\\ssrc=");
        // the markup outside the scripts (ECharts' own code has strings with tags in them) loads nothing
        String markup = html.replaceAll("(?s)<script\\b[^>]*>.*?</script>", "<script></script>");
        assertThat(markup).doesNotContainPattern("(?i)<link\\b").doesNotContainPattern("(?i)\\b(href|src)=\"(https?:)?//")
                .doesNotContainPattern("(?i)<(iframe|img|object|embed)\\b").doesNotContainPattern("(?i)url\\(");
        assertThat(html).contains("Licensed to the Apache Software Foundation"); // ECharts, inlined
        // the checker's text says </script>: escaped in the page and the blob, so the scripts are exactly the three
        assertThat(Pattern.compile("</script>").matcher(html).results().count()).isEqualTo(3);
        assertThat(html).contains("never read &lt;/script&gt; &lt;b&gt;x&lt;/b&gt;");
        assertThat(Blob.of(dir.resolve("report.html")).path("verdict").path("text").asText()).startsWith("Invalid");
        assertThat(html.indexOf("id=\"verdict\"")).isLessThan(html.indexOf("id=\"facts\""));

        List<String> divs = new ArrayList<>();
        Matcher m = Pattern.compile("<div class=\"chart[^\"]*\" data-chart=\"([^\"]+)\"").matcher(markup);
        while (m.find()) {
            divs.add(m.group(1));
        }
        assertThat(divs).containsExactlyInAnyOrderElementsOf(iterable(Blob.of(dir.resolve("report.html")).path("charts").fieldNames()));
    }

    @Test
    void anOldRunWithOnlyAHistoryAndSummarySaysWhatIsMissing() throws IOException {
        RunFixture.write(dir, 5, 3, 2000, 12, false);
        Files.writeString(dir.resolve("summary.txt"), "register: 1,234 operations\n");
        JsonNode blob = Blob.of(Report.write(dir));

        assertThat(blob.path("verdict").path("validity").asText()).isEqualTo("unknown");
        assertThat(blob.path("verdict").path("text").asText()).isEqualTo("Unknown: this run has no results.json, so it was not checked");
        assertThat(blob.path("missing").toString()).contains("test.json is missing").contains("results.json is missing");
        assertThat(blob.path("charts").has("latency")).isTrue();
        assertThat(blob.path("omitted").path("partitions-consumed").asText()).isEqualTo("no partition data: this target does not report it");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("register: 1,234 operations");
    }

    @Test
    void aRunWithOnlyResultsOmitsThePerOperationCharts() throws IOException {
        RunFixture.Written w = RunFixture.write(dir.resolve("tmp"), 5, 3, 2000, 13, true);
        RunFixture.writeJson(w, 5, false);
        Files.move(w.dir().resolve("results.json"), dir.resolve("results.json"));
        JsonNode blob = Blob.of(Report.write(dir));

        assertThat(blob.path("charts").has("latency")).isFalse();
        assertThat(blob.path("omitted").path("latency").asText()).isEqualTo("no history.jsonl: no per-operation data");
        assertThat(blob.path("omitted").path("anomaly-1-timeline").asText()).isEqualTo("no timeline: history.jsonl is missing");
        assertThat(blob.path("charts").has("anomaly-1-figure")).isTrue();
        assertThat(blob.path("missing").toString()).contains("history.jsonl is missing").contains("test.json is missing");
    }

    @Test
    void validAndUnknownVerdictsAreSaidInWords() throws IOException {
        RunFixture.Written w = RunFixture.write(dir, 3, 2, 2000, 14, true);
        RunFixture.writeJson(w, 3, false);
        ObjectNode results = (ObjectNode) RunFixture.JSON.readTree(dir.resolve("results.json").toFile());
        results.put("validity", "valid").putArray("anomalies");
        Files.writeString(dir.resolve("results.json"), results.toString());
        assertThat(Blob.of(Report.write(dir)).path("verdict").path("text").asText())
                .isEqualTo("Valid: the store kept its promises under failover, squeeze");

        results.put("validity", "unknown").put("checker", "\nlinearizable: search ran out of 10 s\n");
        Files.writeString(dir.resolve("results.json"), results.toString());
        JsonNode verdict = Blob.of(Report.write(dir)).path("verdict");
        assertThat(verdict.path("validity").asText()).isEqualTo("unknown");
        assertThat(verdict.path("text").asText()).isEqualTo("Unknown: the checker could not decide: linearizable: search ran out of 10 s");
    }

    @Test
    void badFilesAreNamedWithTheirLineOrField() throws IOException {
        testRun(dir);
        Files.writeString(dir.resolve("results.json"), "{\"kind\":\"test\",\n \"validity\": vali}");
        assertThatThrownBy(() -> Report.write(dir)).isInstanceOf(ReportException.class)
                .hasMessageStartingWith("results.json: line 2, column").hasMessageContaining("not JSON");

        ObjectNode bad = RunFixture.JSON.createObjectNode().put("kind", "test").put("validity", "invalid");
        ArrayNode anomalies = bad.putArray("anomalies");
        anomalies.addObject().put("kind", "G0").put("explanation", "x").putArray("indices").add(1);
        anomalies.addObject().put("kind", "G1a").put("explanation", "y").putArray("indices").add("three");
        Files.writeString(dir.resolve("results.json"), bad.toString());
        assertThatThrownBy(() -> Report.write(dir)).isInstanceOf(ReportException.class)
                .hasMessage("results.json: field \"anomalies[1].indices[0]\" is not an integer");

        Files.writeString(dir.resolve("results.json"), "{\"kind\":\"exam\"}");
        assertThatThrownBy(() -> Report.write(dir))
                .hasMessage("results.json: field \"kind\" is \"exam\", not one of test, bench, suite, hunt, insights");

        Files.writeString(dir.resolve("results.json"), "{\"kind\":\"test\"}");
        Files.writeString(dir.resolve("history.jsonl"), "{\"index\":0,\"time\":1,\"process\":\"client\",\"type\":\"invoke\"}\n");
        assertThatThrownBy(() -> Report.write(dir))
                .hasMessage("history.jsonl: line 1: field \"process\" is neither a number nor \"nemesis\"");

        assertThatThrownBy(() -> Report.write(dir.resolve("absent"))).isInstanceOf(ReportException.class)
                .hasMessageEndingWith("absent: not a run directory");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Report.write(dir.resolve("empty"))).isInstanceOf(ReportException.class)
                .hasMessageEndingWith("empty: no test.json, results.json, history.jsonl or insights.jsonl: not a run directory");
    }

    @Test
    void aSuitePageLinksEachCellsReport() throws IOException {
        ObjectNode suite = RunFixture.JSON.createObjectNode().put("format", 1).put("kind", "suite").put("validity", "invalid");
        ArrayNode cells = suite.putArray("cells");
        cells.addObject().put("workload", "register").put("nemesis", "failover").put("seed", 1).put("validity", "valid")
                .put("operations", 1000).put("p99Millis", 3.5).put("anomalies", "").put("dir", "register-failover-1");
        cells.addObject().put("workload", "append").put("nemesis", "squeeze").put("seed", 2).put("validity", "invalid")
                .put("operations", 900).put("p99Millis", 4.5).put("anomalies", "1: G1c").put("dir", "append-squeeze-2");
        Files.writeString(dir.resolve("results.json"), suite.toString());
        Files.writeString(dir.resolve("test.json"), "{\"format\":1,\"kind\":\"suite\",\"name\":\"nightly\",\"command\":\"keystorm suite\"}");
        Path page = Report.write(dir);

        String html = Files.readString(page);
        assertThat(html).contains("<a href=\"register-failover-1/report.html\">").contains("<a href=\"append-squeeze-2/report.html\">");
        JsonNode blob = Blob.of(page);
        assertThat(blob.path("verdict").path("text").asText()).isEqualTo("Invalid: 1 of 2 cells found anomalies");
        assertThat(blob.path("tables").path("cells").path("links").get(1).get(7).asText()).isEqualTo("append-squeeze-2/report.html");
        assertThat(blob.path("charts")).isEmpty();
        assertThat(blob.path("missing")).isEmpty();
    }

    @Test
    void aHuntPageLinksTheKeptRuns() throws IOException {
        ObjectNode hunt = RunFixture.JSON.createObjectNode().put("format", 1).put("kind", "hunt").put("validity", "invalid");
        hunt.putArray("runs").add(RunFixture.JSON.createObjectNode().put("seed", 3).put("validity", "valid").put("operations", 10))
                .add(RunFixture.JSON.createObjectNode().put("seed", 4).put("validity", "invalid").put("operations", 12)
                        .put("anomalies", "1: lost").put("dir", "seed-4"));
        Files.writeString(dir.resolve("results.json"), hunt.toString());
        String html = Files.readString(Report.write(dir));
        assertThat(html).contains("<a href=\"seed-4/report.html\">seed-4</a>").contains("not kept");
    }

    @Test
    void aBenchPageDrawsEachStrategy() throws IOException {
        Files.writeString(dir.resolve("results.json"), BenchFixture.results().toString());
        JsonNode blob = Blob.of(Report.write(dir));

        assertThat(blob.path("kind").asText()).isEqualTo("bench");
        assertThat(blob.path("verdict").path("text").asText()).isEqualTo("Benchmark ycsb-a: natural 950 ops/s, suffix:4 1000 ops/s");
        assertThat(iterable(blob.path("charts").fieldNames())).contains("bench-throughput-1", "bench-latency-1",
                "partitions-consumed-1", "bench-throughput-2");
        JsonNode tput = blob.path("charts").path("bench-throughput-1").path("series");
        assertThat(tput.findValuesAsText("name")).containsExactly("read", "update");
        assertThat(tput.get(0).path("points").get(1).get(1).asDouble()).isEqualTo(500);
        assertThat(blob.path("tables").path("operations-1").path("rows").get(0).get(0).asText()).isEqualTo("read");
        assertThat(blob.path("tables").path("cost-1").path("rows").toString()).contains("onDemandRun");
        assertThat(blob.path("omitted").path("partitions-consumed-2").asText()).isEqualTo("partitions are not sampled over HTTP");
    }

    @Test
    void anInsightsPageReadsItsLinesAndFlagsScans() throws IOException {
        Files.writeString(dir.resolve("test.json"), "{\"format\":1,\"kind\":\"insights\",\"name\":\"serve\"}");
        ObjectNode r = RunFixture.JSON.createObjectNode().put("format", 1).put("kind", "insights").put("startedEpochMillis", 1_000_000)
                .put("seconds", 180).put("requests", 5000).put("readUnits", 9000).put("writeUnits", 100).put("throttledRequests", 3);
        r.putObject("tables").putObject("orders").put("billingMode", "PAY_PER_REQUEST").put("requests", 5000)
                .put("readUnits", 9000).put("writeUnits", 100);
        r.putObject("byKind").<ObjectNode>set("key-lookup", RunFixture.JSON.createObjectNode().put("requests", 4900).put("readUnits", 4900))
                .set("scan", RunFixture.JSON.createObjectNode().put("requests", 100).put("readUnits", 4100));
        r.putObject("cost").put("onDemand", 0.0012).put("pricesDate", "2026-11-01").put("region", "us-east-1");
        Files.writeString(dir.resolve("results.json"), r.toString());
        Files.writeString(dir.resolve("insights.jsonl"), String.join("\n",
                "{\"type\":\"partitions\",\"second\":0,\"lengthSeconds\":1,\"table\":\"orders\",\"epochMillis\":1000000,"
                        + "\"partitions\":[{\"id\":0,\"index\":0,\"consumedReadUnits\":50,\"consumedWriteUnits\":1}]}",
                // a restarted server: its second counts from 0 again, its epochMillis says it is 120 s in
                "{\"type\":\"partitions\",\"second\":0,\"lengthSeconds\":1,\"table\":\"orders\",\"epochMillis\":1120000,"
                        + "\"partitions\":[{\"id\":0,\"index\":0,\"consumedReadUnits\":70,\"consumedWriteUnits\":1}]}",
                "{\"type\":\"keys\",\"minute\":0,\"table\":\"orders\",\"epochMillis\":1000000,\"accessed\":[{\"key\":\"o1\",\"requests\":9,\"units\":9}],\"throttled\":[]}",
                "{\"type\":\"access\",\"minute\":0,\"table\":\"orders\",\"operation\":\"Scan\",\"kind\":\"scan\",\"requests\":100,"
                        + "\"readUnits\":4100,\"writeUnits\":0,\"items\":10,\"scannedItems\":30000,\"epochMillis\":1000000}") + "\n");
        JsonNode blob = Blob.of(Report.write(dir));

        assertThat(blob.path("verdict").path("text").asText()).isEqualTo("Insights: 5,000 requests over 3 min 00 s (180 s), 100 of them scans");
        JsonNode byKind = blob.path("charts").path("by-kind");
        assertThat(byKind.path("categories").findValuesAsText("")).isEmpty();
        assertThat(byKind.path("categories").toString()).isEqualTo("[\"key-lookup\",\"scan\"]");
        assertThat(byKind.path("highlight").asText()).isEqualTo("scan");
        JsonNode heat = blob.path("charts").path("partitions-consumed");
        assertThat(heat.path("columns")).hasSize(121);
        assertThat(heat.path("cells").toString()).isEqualTo("[[0,0,51.0],[120,0,71.0]]");
        assertThat(blob.path("tables").path("access-table").path("rows").get(0).get(8).asText()).isEqualTo("scan: read 30,000 items to return 10");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("the usual cause of a DynamoDB bill");
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
