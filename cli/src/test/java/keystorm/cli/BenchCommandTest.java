package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path store;

    private CommandLineTest bench(String... flags) {
        String[] args = Stream.concat(Stream.of("bench", "--store", store.toString()), Stream.of(flags)).toArray(String[]::new);
        return CommandLineTest.run(args);
    }

    @Test
    void badFlagsExit64NamingTheFlagBeforeAnythingRuns() throws Exception {
        List<List<String>> cases = List.of(
                List.of("--key-dist", "zipf:abc"),
                List.of("--strategy", "suffix:0"),
                List.of("--rate", "0"),
                List.of("--duration", "-1"),
                List.of("--records", "0"),
                List.of("--table-mode", "provisioned:ten:5"),
                List.of("--shard", "2/2"),
                List.of("--price", "on-demand-read-per-million=free"),
                List.of("--client", "curl", "--target", "serve"),
                List.of("--seed", "x"),
                List.of("--no-throttle", "--target", "http://127.0.0.1:9"),
                List.of("--rate", "maximum"));
        for (List<String> bad : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("--workload", "ycsb-a"));
            args.addAll(bad);
            CommandLineTest result = bench(args.toArray(String[]::new)).assertStatus(ExitStatus.USAGE);
            assertThat(result.err()).as("%s", bad).contains(bad.getFirst()).doesNotContain("\tat ");
            assertThat(result.err().strip().lines().count()).as("%s: %s", bad, result.err()).isEqualTo(1);
            assertThat(result.out()).as("%s", bad).isEmpty();
        }
        bench("--workload", "ycsb-z").assertStatus(ExitStatus.USAGE);
        bench("--records", "10").assertStatus(ExitStatus.USAGE);
        try (Stream<Path> files = Files.list(store)) {
            assertThat(files.toList()).as("nothing was written").isEmpty();
        }
    }

    @Test
    void helpListsTheWorkloadsAndMainListsBench() {
        assertThat(CommandLineTest.run("bench", "--help").assertStatus(ExitStatus.OK).out())
                .contains("--p99-target").contains("ycsb-e").contains("write-heavy");
        assertThat(CommandLineTest.run("help").assertStatus(ExitStatus.OK).out()).contains("bench");
    }

    @Test
    void aMalformedWorkloadFileExits65AndAMissingPricesFile66() throws Exception {
        Path file = store.resolve("workload");
        Files.writeString(file, "readproportion=most\n");
        assertThat(bench("--workload", file.toString()).assertStatus(ExitStatus.DATA_ERROR).err()).contains("readproportion");
        assertThat(bench("--workload", "ycsb-a", "--prices", store.resolve("none").toString())
                .assertStatus(ExitStatus.NO_INPUT).err()).contains("--prices");
    }

    @Test
    void aShortEmbeddedRunHasPlausibleFiguresAndMissesAnImpossibleP99Target() throws Exception {
        CommandLineTest result = bench("--workload", "ycsb-a", "--records", "1000", "--duration", "2", "--warmup", "0",
                "--rate", "500", "--seed", "7", "--p99-target", "0.001");
        result.assertStatus(ExitStatus.INVALID);
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).startsWith("keystorm bench: ycsb-a").contains("seed 7");
        assertThat(lines.get(1)).contains("rerun: keystorm bench --workload ycsb-a").contains("--seed 7")
                .contains("--p99-target 0.001");
        assertThat(result.out()).contains("p99 target missed: read p99");
        Path run;
        try (Stream<Path> runs = Files.list(store.resolve("bench"))) {
            run = runs.findFirst().orElseThrow();
        }
        JsonNode json = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertThat(json.path("options").path("seed").asLong()).isEqualTo(7);
        JsonNode strategy = json.path("strategies").get(0);
        assertThat(strategy.path("strategy").asText()).isEqualTo("natural");
        assertThat(strategy.path("recordsLoaded").asLong()).isEqualTo(1000);
        assertThat(strategy.path("cyclesCompleted").asLong()).isGreaterThan(0);
        for (JsonNode op : strategy.path("operations")) {
            assertThat(op.path("count").asLong()).as("%s", op).isGreaterThan(0);
            double p50 = op.path("p50Millis").asDouble();
            double p90 = op.path("p90Millis").asDouble();
            double p99 = op.path("p99Millis").asDouble();
            double p999 = op.path("p999Millis").asDouble();
            double max = op.path("maxMillis").asDouble();
            assertThat(p50).as("%s", op).isGreaterThan(0).isLessThanOrEqualTo(p90);
            assertThat(p90).isLessThanOrEqualTo(p99);
            assertThat(p99).isLessThanOrEqualTo(p999);
            assertThat(p999).isLessThanOrEqualTo(max);
        }
        assertThat(strategy.path("throughputOpsPerSecond").asDouble()).isBetween(100.0, 1000.0);
        assertThat(strategy.path("requestsPerLogicalRead").asDouble()).isEqualTo(1.0);
        assertThat(strategy.path("partitions").size()).isGreaterThan(0);
        assertThat(strategy.path("topKeysPerMinute").get(0).path("accessed").size()).isEqualTo(10);
        assertThat(strategy.path("cost").path("onDemandPerMillion").asDouble()).isGreaterThan(0);
        assertThat(Files.readString(run.resolve("summary.txt"))).contains("read cost").contains("prices:");

        CommandLineTest merged = CommandLineTest.run("bench", "merge", run.toString()).assertStatus(ExitStatus.OK);
        assertThat(merged.out()).contains("intervals-1-natural.hlog (1 shard)").contains("read").contains("update");
    }

    /** --rate max is a closed loop with the engine unthrottled: the store's own saturation rate, said so. */
    @Test
    void rateMaxRunsAClosedLoopAndSaysSo() throws Exception {
        CommandLineTest result = bench("--workload", "ycsb-c", "--records", "500", "--duration", "1", "--warmup", "0.5",
                "--rate", "max", "--no-throttle", "--seed", "3").assertStatus(ExitStatus.OK);
        assertThat(result.out()).contains("--rate max").contains("--no-throttle").contains("closed loop")
                .contains("throttled 0 (0.00%)");
        Path run;
        try (Stream<Path> runs = Files.list(store.resolve("bench"))) {
            run = runs.findFirst().orElseThrow();
        }
        JsonNode json = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertThat(json.path("options").path("rate").asText()).isEqualTo("max");
        assertThat(json.path("options").path("engineFlags").get(0).asText()).isEqualTo("no-throttle");
        JsonNode strategy = json.path("strategies").get(0);
        assertThat(strategy.path("cyclesCompleted").asLong()).isPositive()
                .isEqualTo(strategy.path("cyclesStarted").asLong());
    }
}
