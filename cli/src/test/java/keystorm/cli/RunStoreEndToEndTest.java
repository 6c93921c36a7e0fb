package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run store and its reports as a user meets them: a short run under faults leaves test.json,
 * history.jsonl, results.json and a report.html whose verdict, plots and fault windows are those of
 * the run (the windows recomputed here from the history's nemesis operations); a failing simulated
 * run's report carries its anomalies with their timelines; {@code keystorm store} lists the runs,
 * {@code compare} puts them side by side, {@code report} rebuilds a page and names a bad file, and
 * {@code test --replay} runs a kept run again from its test.json.
 */
class RunStoreEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CLOSERS = Set.of("heal-all", "rejoin-replica", "restart", "resume", "net-heal",
            "restart-replica");

    @TempDir
    Path store;

    @Test
    void aRunUnderFaultsLeavesItsFilesAndAReportOfWhatHappened() throws IOException {
        CommandLineTest run = CommandLineTest.run("test", "--nemesis", "failover,squeeze", "--nemesis-interval", "1",
                "--time-limit", "4", "--seed", "3", "--store", store.toString()).assertStatus(ExitStatus.OK);
        Path dir = store.resolve("register/latest").toRealPath();
        assertThat(run.out()).contains("report: " + store.resolve("register").toRealPath());
        for (String file : List.of("test.json", "history.jsonl", "results.json", "report.html")) {
            assertThat(dir.resolve(file)).isRegularFile();
        }
        JsonNode test = JSON.readTree(dir.resolve("test.json").toFile());
        assertThat(test.path("kind").asText()).isEqualTo("test");
        assertThat(test.path("seed").asLong()).isEqualTo(3);
        assertThat(test.path("options").path("nemeses")).extracting(JsonNode::asText).containsExactly("failover", "squeeze");
        JsonNode results = JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(results.path("validity").asText()).isEqualTo("valid");
        assertThat(results.path("operations").asLong()).isPositive();

        JsonNode page = blob(dir.resolve("report.html"));
        assertThat(page.path("verdict").path("validity").asText()).isEqualTo("valid");
        assertThat(page.path("verdict").path("text").asText()).startsWith("Valid");
        for (String chart : List.of("latency", "quantiles", "throughput", "partitions-consumed")) {
            assertThat(page.path("charts").has(chart)).as(chart).isTrue();
        }
        long plotted = 0;
        for (JsonNode series : page.path("charts").path("latency").path("series")) {
            plotted += series.path("points").size();
        }
        assertThat(plotted).isEqualTo(page.path("sample").path("shown").asLong()).isPositive();
        assertThat(page.path("sample").path("total").asLong()).isEqualTo(results.path("operations").asLong());
        assertThat(page.path("charts").path("quantiles").path("series").get(0).path("points").size()).isPositive();
        assertThat(page.path("charts").path("partitions-consumed").path("cells").size()).isPositive();

        // The shaded windows are where the nemesis acted: recomputed from the history (the page keeps milliseconds).
        List<double[]> windows = faultWindows(dir.resolve("history.jsonl"));
        assertThat(windows).hasSizeGreaterThanOrEqualTo(2);
        JsonNode faults = page.path("faults");
        assertThat(faults.size()).isEqualTo(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            assertThat(faults.get(i).path("start").asDouble()).isCloseTo(windows.get(i)[0], org.assertj.core.data.Offset.offset(1e-3));
            assertThat(faults.get(i).path("end").asDouble()).isCloseTo(windows.get(i)[1], org.assertj.core.data.Offset.offset(1e-3));
        }

        // keystorm report rebuilds the same page from the files.
        Files.delete(dir.resolve("report.html"));
        CommandLineTest.run("report", store.resolve("register/latest").toString()).assertStatus(ExitStatus.OK);
        assertThat(blob(dir.resolve("report.html")).path("verdict")).isEqualTo(page.path("verdict"));
    }

    @Test
    void aFailingSimulatedRunsReportShowsEachAnomalyWithItsTimeline() throws IOException {
        CommandLineTest.run("test", "--simulate", "--workload", "register", "--bug", "lost-update", "--keys", "3",
                "--concurrency", "10", "--rate", "5000", "--time-limit", "1", "--seed", "1", "--store", store.toString())
                .assertStatus(ExitStatus.INVALID);
        Path dir = store.resolve("register/latest").toRealPath();
        JsonNode results = JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(results.path("validity").asText()).isEqualTo("invalid");
        assertThat(results.path("anomalies").size()).isPositive();
        JsonNode page = blob(dir.resolve("report.html"));
        assertThat(page.path("verdict").path("validity").asText()).isEqualTo("invalid");
        JsonNode anomaly = page.path("anomalies").get(0);
        assertThat(anomaly.path("explanation").asText()).isNotBlank();
        String timeline = anomaly.path("timeline").asText();
        JsonNode ops = page.path("charts").path(timeline).path("ops");
        assertThat(ops.size()).isPositive();
        boolean involved = false;
        for (JsonNode op : ops) {
            involved |= op.path("involved").asBoolean();
        }
        assertThat(involved).as("the anomaly's own operations are highlighted").isTrue();

        // Its schedule replayed: test.json says what the schedule ran, and --replay runs it again exactly.
        CommandLineTest.run("test", "--simulate", "--schedule", dir.resolve("schedule.json").toString(), "--store",
                store.toString()).assertStatus(ExitStatus.INVALID);
        Path replayed = store.resolve("register/latest").toRealPath();
        JsonNode options = JSON.readTree(replayed.resolve("test.json").toFile()).path("options");
        assertThat(options.path("seed").asLong()).isEqualTo(1);
        assertThat(options.path("concurrency").asInt()).isEqualTo(10);
        assertThat(options.path("bugs")).extracting(JsonNode::asText).containsExactly("lost-update");
        assertThat(options.path("schedule").asText()).isEqualTo(dir.resolve("schedule.json").toAbsolutePath().toString());
        CommandLineTest.run("test", "--replay", replayed.toString(), "--store", store.toString())
                .assertStatus(ExitStatus.INVALID);
        Path again = store.resolve("register/latest").toRealPath();
        assertThat(again).isNotEqualTo(replayed);
        assertThat(JSON.readTree(again.resolve("results.json").toFile()).path("historySha256"))
                .isEqualTo(results.path("historySha256"));
    }

    @Test
    void theStoreListsRunsAndCompareAndReplayUseThem() throws IOException {
        CommandLineTest.run("test", "--time-limit", "1", "--seed", "11", "--store", store.toString()).assertStatus(ExitStatus.OK);
        CommandLineTest.run("test", "--workload", "bank", "--time-limit", "1", "--seed", "12", "--store", store.toString())
                .assertStatus(ExitStatus.OK);
        Path register = store.resolve("register/latest").toRealPath();
        Path bank = store.resolve("bank/latest").toRealPath();

        String listing = CommandLineTest.run("store", "--store", store.toString()).assertStatus(ExitStatus.OK).out();
        assertThat(listing.indexOf(bank.toString())).isPositive().isLessThan(listing.indexOf(register.toString()));
        assertThat(listing.lines().filter(l -> l.endsWith(bank.toString()) || l.endsWith(register.toString())))
                .hasSize(2).allMatch(l -> l.matches(".*\\s(test)\\s+valid\\s.*"), "the verdict column says valid");

        CommandLineTest compare = CommandLineTest.run("compare", register.toString(), bank.toString(),
                "--out", store.resolve("cmp.html").toString()).assertStatus(ExitStatus.OK);
        assertThat(compare.out()).contains(register.toString()).contains(bank.toString());
        assertThat(blob(store.resolve("cmp.html")).path("page").asText()).isEqualTo("compare");

        CommandLineTest replay = CommandLineTest.run("test", "--replay", register.toString(), "--store", store.toString())
                .assertStatus(ExitStatus.OK);
        assertThat(replay.out()).contains("seed 11");
        Path again = store.resolve("register/latest").toRealPath();
        assertThat(again).isNotEqualTo(register);
        JsonNode before = JSON.readTree(register.resolve("test.json").toFile()).path("options");
        JsonNode after = JSON.readTree(again.resolve("test.json").toFile()).path("options");
        assertThat(after).isEqualTo(before);

        assertThat(CommandLineTest.run("test", "--replay", register.toString(), "--seed", "4").assertStatus(ExitStatus.USAGE)
                .err()).contains("--replay");
        assertThat(CommandLineTest.run("test", "--replay", store.resolve("nowhere").toString()).assertStatus(ExitStatus.NO_INPUT)
                .err()).contains("nowhere");
    }

    @Test
    void aBadFileIsNamedAndAMissingRunRefused() throws IOException {
        Path dir = Files.createDirectories(store.resolve("register/20261202T000000.000"));
        Files.writeString(dir.resolve("results.json"), "{\"format\":1,\"kind\":\"test\",\"anomalies\":[{\"kind\":\"x\"}]}");
        CommandLineTest bad = CommandLineTest.run("report", dir.toString()).assertStatus(ExitStatus.DATA_ERROR);
        assertThat(bad.err()).contains("results.json").doesNotContain("Exception");
        CommandLineTest.run("report", store.resolve("none").toString()).assertStatus(ExitStatus.NO_INPUT);
        CommandLineTest.run("report").assertStatus(ExitStatus.USAGE);
    }

    /** The page's data blob. */
    static JsonNode blob(Path page) throws IOException {
        String html = Files.readString(page);
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"keystorm-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("the data blob in " + page).isTrue();
        return JSON.readTree(m.group(1).replace("<\\/", "</"));
    }

    /** Fault windows by the file contract's rule, in seconds since the start. */
    private static List<double[]> faultWindows(Path history) throws IOException {
        List<double[]> windows = new ArrayList<>();
        List<double[]> open = new ArrayList<>();
        double last = 0;
        try (BufferedReader reader = Files.newBufferedReader(history)) {
            for (String line; (line = reader.readLine()) != null; ) {
                JsonNode op = JSON.readTree(line);
                double time = op.path("time").asLong() / 1e9;
                last = Math.max(last, time);
                if (!op.path("process").isTextual()) {
                    continue;
                }
                boolean closer = CLOSERS.contains(op.path("f").asText());
                String type = op.path("type").asText();
                if (!closer && type.equals("invoke")) {
                    double[] window = {time, Double.NaN};
                    open.add(window);
                    windows.add(window);
                } else if (closer && !type.equals("invoke")) {
                    open.forEach(w -> w[1] = time);
                    open.clear();
                }
            }
        }
        for (double[] window : open) {
            window[1] = last;
        }
        return windows;
    }
}
