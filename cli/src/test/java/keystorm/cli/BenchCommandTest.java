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
                List.of("--rate", "maximum"),
                List.of("--sync", "sometimes", "--target", "serve"),
                List.of("--sync", "never"),
                List.of("--workload", "ycsb-b"),
                List.of("--warmup", "1", "--warmup", "0"),
                List.of("--shard", "0/2"),
                List.of("--shard", "1/2", "--target", "serve"),
                List.of("--rate", "0.5", "--warmup", "1", "--duration", "1"),
                List.of("--strategy", "natural", "--strategy", "suffix:4"),
                List.of("--strategy", "calculated:8"),
                List.of("--strategy", "time:1"));
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
    void theRefusalsSayWhy() throws Exception {
        assertThat(bench("--workload", "ycsb-a", "--rate", "0.5", "--duration", "1").assertStatus(ExitStatus.USAGE).err())
                .contains("--rate 0.5 x --duration 1").contains("nothing would be measured");
        assertThat(bench("--workload", "ycsb-a", "--strategy", "composite:4").assertStatus(ExitStatus.USAGE).err())
                .contains("--strategy composite:4").contains("logical key").contains("--workload write-heavy");
        Path file = store.resolve("workloadx");
        Files.writeString(file, "readproportion=1\nupdateproportion=0\n");
        assertThat(bench("--workload", file.toString(), "--strategy", "suffix:2").assertStatus(ExitStatus.USAGE).err())
                .contains("--strategy suffix:2").contains("write-heavy");
        assertThat(bench("--workload", "ycsb-a", "--shard", "0/2").assertStatus(ExitStatus.USAGE).err())
                .contains("URL --target");
        assertThat(bench("--workload", "ycsb-a", "--price", "provisioned-rcu-hour=1", "--price",
                "provisioned-wcu-hour=1", "--connections", "2", "--connections", "3").assertStatus(ExitStatus.USAGE).err())
                .startsWith("keystorm bench: --connections is given 2 times");
        assertThat(CommandLineTest.run("bench", "--help").out().replaceAll("\\s+", " ")).contains("Shards do not synchronise");
    }

    @Test
    void aStrategyOfWriteHeavyAShardOfAUrlAndRepeatedPricesAreAcceptedAndTheRerunKeepsThePrices() throws Exception {
        Path prices = store.resolve("prices.properties");
        Files.writeString(prices, "provisioned-rcu-hour=0.0002\n");
        BenchCommand.Parsed parsed = parse("--workload", "write-heavy", "--strategy", "suffix:4", "--strategy",
                "calculated:4", "--target", "http://127.0.0.1:9", "--shard", "1/2", "--rate", "2", "--duration", "1",
                "--prices", prices.toString(), "--price", "on-demand-read-per-million=0.25", "--price",
                "on-demand-write-per-million=1");
        assertThat(parsed.options().strategies()).hasSize(2);
        String rerun = BenchCommand.rerun(parsed);
        assertThat(rerun).contains(" --prices " + prices).contains(" --price on-demand-read-per-million=0.25 --price "
                + "on-demand-write-per-million=1").contains("--shard 1/2");
        BenchCommand.Parsed again = parse(rerun.substring("keystorm bench ".length()).split(" "));
        assertThat(again.options().prices()).isEqualTo(parsed.options().prices());
        assertThat(parsed.options().prices().provisionedRcuHour()).isEqualTo(0.0002);
        assertThat(parsed.options().prices().onDemandWritePerMillion()).isEqualTo(1.0);
    }

    private static BenchCommand.Parsed parse(String... args) throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        org.apache.commons.cli.CommandLine line = Flags.parse(BenchCommand.options(), args, "bench", "usage",
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(line).as("%s", err).isNotNull();
        return BenchCommand.parse(line);
    }

    @Test
    void aMissingWorkloadFileExits66LikeAMissingPricesFile() {
        assertThat(bench("--workload", store.resolve("workloadz").toString()).assertStatus(ExitStatus.NO_INPUT).err())
                .contains("--workload").contains("no such file");
        assertThat(bench("--workload", "workloads/none.properties").assertStatus(ExitStatus.NO_INPUT).err())
                .contains("--workload");
        assertThat(bench("--workload", store.toString()).assertStatus(ExitStatus.NO_INPUT).err()).contains("not a regular file");
    }

    /** A run directory as bench writes it, as far as merge reads it: results.json's options. */
    private Path shardRun(String name, String shard, long seed, double rate) throws Exception {
        Path dir = Files.createDirectories(store.resolve(name));
        Files.writeString(dir.resolve("results.json"), String.format(java.util.Locale.ROOT, """
                {"options": {"workload": "ycsb-a", "mix": "ycsb-a", "keyDistribution": "zipf:0.99", "records": 100,
                 "itemBytes": 1000, "rate": %s, "durationSeconds": 1.0, "warmupSeconds": 0.0,
                 "strategies": ["natural"], "tableMode": "on-demand", "seed": %d, "shard": "%s"}}
                """, rate, seed, shard));
        return dir;
    }

    @Test
    void mergeRefusesAnIncompleteOrMismatchedSetOfShards() throws Exception {
        Path s0 = shardRun("s0", "0/3", 7, 100);
        Path s1 = shardRun("s1", "1/3", 7, 100);
        Path s2 = shardRun("s2", "2/3", 7, 100);
        Path otherSeed = shardRun("seed", "1/3", 8, 100);
        Path otherRate = shardRun("rate", "1/3", 7, 200);
        Path otherCount = shardRun("count", "1/2", 7, 100);
        assertThat(BenchCommand.shardMismatch(new String[] {s0.toString(), s1.toString(), s2.toString()})).isNull();
        assertThat(merge(s0, s2).err()).contains("lack shard 1/3");
        assertThat(merge(s0, otherSeed, s2).err()).contains(otherSeed.toString()).contains("seed");
        assertThat(merge(s0, otherRate, s2).err()).contains(otherRate.toString()).contains("rate");
        assertThat(merge(s0, otherCount, s2).err()).contains(otherCount.toString()).contains("1/2");
        assertThat(merge(s0, s1, s1, s2).err()).contains(s1.toString()).contains("again");
        Files.delete(s2.resolve("results.json"));
        CommandLineTest missing = CommandLineTest.run("bench", "merge", s0.toString(), s1.toString(), s2.toString())
                .assertStatus(ExitStatus.NO_INPUT);
        assertThat(missing.err()).contains(s2.resolve("results.json").toString());
    }

    private static CommandLineTest merge(Path... dirs) {
        String[] args = Stream.concat(Stream.of("bench", "merge"), Stream.of(dirs).map(Path::toString)).toArray(String[]::new);
        CommandLineTest result = CommandLineTest.run(args).assertStatus(ExitStatus.DATA_ERROR);
        assertThat(result.err().strip().lines().count()).as(result.err()).isEqualTo(1);
        return result;
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
