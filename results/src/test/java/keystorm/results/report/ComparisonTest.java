package keystorm.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
    @TempDir
    Path dir;

    private Path testRun() throws IOException {
        Path run = dir.resolve("register").resolve("2026-12-02T04-30-00Z");
        RunFixture.Written w = RunFixture.write(run, 5, 3, 2000, 31, true);
        RunFixture.writeJson(w, 5, false);
        return run;
    }

    private Path benchRun() throws IOException {
        Path run = dir.resolve("bench").resolve("2026-12-02T05-00-00Z");
        Files.createDirectories(run);
        Files.writeString(run.resolve("results.json"), BenchFixture.results().toString());
        return run;
    }

    @Test
    void aTestRunIsOneRowAndABenchOnePerStrategy() throws IOException {
        Path test = testRun();
        Path bench = benchRun();
        List<Comparison.Row> rows = Comparison.rows(List.of(test, bench));

        assertThat(rows).hasSize(3);
        Comparison.Row t = rows.get(0);
        assertThat(t.name()).isEqualTo("register");
        assertThat(t.kind()).isEqualTo("test");
        assertThat(t.verdict()).isEqualTo("invalid");
        assertThat(t.throughputOpsPerSecond()).isEqualTo(OptionalDouble.of(100));
        assertThat(t.p99Millis()).isEqualTo(OptionalDouble.of(7.5));
        assertThat(t.p999Millis()).isEqualTo(OptionalDouble.of(12));
        assertThat(t.throttledShare()).isEqualTo(OptionalDouble.of(0.02));
        assertThat(t.costDollars()).isEmpty();
        assertThat(t.anomalies()).isEqualTo("2: G1c, lost");

        Comparison.Row b = rows.get(1);
        assertThat(b.name()).isEqualTo("2026-12-02T05-00-00Z natural");
        assertThat(b.verdict()).isEqualTo("none");
        assertThat(b.throughputOpsPerSecond()).isEqualTo(OptionalDouble.of(950));
        // the busiest operation's quantiles (read: 5,000 of 9,500), and the row says so
        assertThat(b.p50Millis()).isEqualTo(OptionalDouble.of(0.4));
        assertThat(b.p99Millis()).isEqualTo(OptionalDouble.of(2.5));
        assertThat(b.note()).isEqualTo("latency of read, its busiest operation");
        assertThat(b.costDollars()).isEqualTo(OptionalDouble.of(0.0123));
        assertThat(rows.get(2).name()).endsWith("suffix:4");
    }

    @Test
    void theTextIsAFixedWidthTable() throws IOException {
        String text = Comparison.text(Comparison.rows(List.of(testRun(), benchRun())));
        List<String> lines = text.lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("name").contains("verdict").contains("p99 ms").contains("cost $");
        int p99 = lines.get(0).indexOf("p99 ms") + "p99 ms".length();
        assertThat(lines.get(1).substring(0, p99)).endsWith("7.500"); // right-aligned under its header
        assertThat(lines.get(2).substring(0, p99)).endsWith("2.500");
        assertThat(lines.get(1)).contains("invalid").contains("2.00%").contains("2: G1c, lost");
        assertThat(lines.get(2)).contains("0.012300").contains("latency of read, its busiest operation");
    }

    @Test
    void aRunWithoutResultsIsUnknownNotDropped() throws IOException {
        Path old = dir.resolve("old");
        RunFixture.write(old, 2, 2, 2000, 32, false);
        List<Comparison.Row> rows = Comparison.rows(List.of(old));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo("unknown");
            assertThat(r.note()).isEqualTo("no results.json");
        });
    }

    @Test
    void theComparePageOverlaysP99AndSpectra() throws IOException {
        Path test = testRun();
        Path bench = benchRun();
        Report.write(test);
        Path page = ComparePage.write(List.of(test, bench), dir.resolve("compare.html"));
        JsonNode blob = Blob.of(page);

        assertThat(blob.path("page").asText()).isEqualTo("compare");
        assertThat(blob.path("verdict").path("text").asText()).isEqualTo("Comparison of 2 runs (3 rows): 1 invalid");
        JsonNode p99 = blob.path("charts").path("compare-p99").path("series");
        assertThat(p99.findValuesAsText("name")).containsExactly("register", "2026-12-02T05-00-00Z natural",
                "2026-12-02T05-00-00Z suffix:4");
        assertThat(p99.get(0).path("points").size()).isGreaterThan(10);
        assertThat(p99.get(1).path("points")).hasSize(10);
        assertThat(p99.get(1).path("points").get(0).get(1).asDouble()).isEqualTo(2.5); // read's okP99Nanos
        JsonNode spectrum = blob.path("charts").path("compare-spectrum");
        assertThat(spectrum.path("xCategories").toString()).isEqualTo("[\"p50\",\"p90\",\"p99\",\"p99.9\",\"max\"]");
        assertThat(spectrum.path("series").get(0).path("points").toString())
                .isEqualTo("[[\"p50\",1.2],[\"p90\",2.5],[\"p99\",7.5],[\"p99.9\",12.0],[\"max\",30.0]]");
        JsonNode table = blob.path("tables").path("comparison");
        assertThat(table.path("rows")).hasSize(3);
        assertThat(table.path("links").get(0).get(11).asText()).isEqualTo("register/2026-12-02T04-30-00Z/report.html"); // the dir column, after the note
        assertThat(table.path("links").get(1).get(11).isNull()).isTrue(); // the bench dir has no report.html yet
        String html = Files.readString(page);
        assertThat(html).contains("<a href=\"register/2026-12-02T04-30-00Z/report.html\">");
    }

    @Test
    void nothingToCompareIsRefused() {
        assertThatThrownBy(() -> ComparePage.write(List.of(), dir.resolve("c.html")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nothing to compare: no run directory given");
    }
}
