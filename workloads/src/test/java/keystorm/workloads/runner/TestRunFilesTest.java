package keystorm.workloads.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.client.Targets;
import keystorm.workloads.nemesis.NemesisKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real run on the embedded engine with a nemesis, and the files it leaves: test.json before
 * the run, results.json equal to the in-memory result, its faults the history's nemesis
 * operations, its insights the engine's, and progress lines whose counts are the history's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRunFilesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    Path dir;
    TestConfig config;
    RunResult result;
    List<Progress.Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
    JsonNode results;
    List<Op> history;

    @BeforeAll
    void run(@TempDir Path dir) throws Exception {
        this.dir = dir;
        config = new TestConfig("register", new Targets.Target.Embedded(), List.of(NemesisKind.FAILOVER),
                Duration.ofMillis(400), Duration.ofSeconds(2), 4, 400, 5, "uniform", 3, Set.of(), null, dir, false, 0,
                SyncPolicy.ALWAYS, List.of(), "us-east-1", false);
        Progress progress = new Progress() {
            @Override
            public void report(Snapshot snapshot) {
                snapshots.add(snapshot);
            }

            @Override
            public Duration interval() {
                return Duration.ofMillis(250);
            }
        };
        result = TestRun.run(config, dir.resolve("run"), new TestRun.RunOptions("keystorm test --workload register --seed 3",
                false, false, progress, true));
        results = JSON.readTree(dir.resolve("run/results.json").toFile());
        try (var reader = Files.newBufferedReader(dir.resolve("run/history.jsonl"))) {
            history = JsonlHistory.read(reader).ops();
        }
    }

    @Test
    void testJsonSaysWhatRan() throws Exception {
        JsonNode test = JSON.readTree(dir.resolve("run/test.json").toFile());
        assertThat(test.get("format").asInt()).isEqualTo(1);
        assertThat(test.get("kind").asText()).isEqualTo("test");
        assertThat(test.get("command").asText()).isEqualTo("keystorm test --workload register --seed 3");
        assertThat(TestConfigJson.read(test.get("options"), List.of(), dir)).isEqualTo(config);
    }

    @Test
    void resultsJsonHoldsTheRunResult() {
        RunStatistics s = result.statistics();
        assertThat(results.get("format").asInt()).isEqualTo(1);
        assertThat(results.get("kind").asText()).isEqualTo("test");
        assertThat(results.get("workload").asText()).isEqualTo("register");
        assertThat(results.get("seed").asLong()).isEqualTo(3);
        assertThat(results.get("validity").asText()).isEqualTo(RunResultsJson.word(result.validity()));
        assertThat(results.get("operations").asLong()).isEqualTo(s.operations()).isGreaterThan(100);
        assertThat(results.get("ok").asLong()).isEqualTo(s.count(OpType.OK));
        assertThat(results.get("fail").asLong()).isEqualTo(s.count(OpType.FAIL));
        assertThat(results.get("info").asLong()).isEqualTo(s.count(OpType.INFO));
        assertThat(results.get("abandoned").asInt()).isEqualTo(result.abandoned());
        assertThat(results.get("wallSeconds").asDouble()).isEqualTo(result.wallNanos() / 1e9);
        assertThat(results.get("throughput").asDouble()).isEqualTo(s.throughput());
        assertThat(results.get("latencyMillis").get("p99").asDouble()).isEqualTo(s.latencyNanos(OpType.OK, 99) / 1e6);
        assertThat(results.get("latencyMillis").get("max").asDouble()).isEqualTo(s.latencyNanos(OpType.OK, 100) / 1e6)
                .isGreaterThan(0);
        for (OpType type : List.of(OpType.FAIL, OpType.INFO)) {
            Map<String, Long> errors = new HashMap<>();
            results.get("errors").get(type.word()).properties().forEach(e -> errors.put(e.getKey(), e.getValue().asLong()));
            assertThat(errors).isEqualTo(Map.ofEntries(s.errors(type).toArray(Map.Entry[]::new)));
        }
        assertThat(results.get("throttledShare").asDouble()).isEqualTo((double) s.throttled() / s.operations());
        assertThat(results.get("checker").asText()).isEqualTo(result.check().render());
        assertThat(results.get("anomalies").size()).isEqualTo(result.check().evidence().size());
    }

    @Test
    void faultsAreTheHistorysNemesisOperations() {
        List<List<Object>> fromHistory = new ArrayList<>();
        Op open = null;
        for (Op op : history) {
            if (!op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                open = op;
            } else {
                fromHistory.add(List.of(open.time() / 1e9, op.time() / 1e9, op.f()));
                open = null;
            }
        }
        List<List<Object>> fromResults = new ArrayList<>();
        results.get("faults").forEach(f -> fromResults.add(List.of(f.get("start").asDouble(), f.get("end").asDouble(),
                f.get("fault").asText())));
        assertThat(fromResults).isEqualTo(fromHistory);
        assertThat(fromResults).extracting(f -> f.get(2)).contains("crash-leader", "heal-all");
    }

    @Test
    void theEngineInsightsAreFoldedIn() {
        JsonNode partitions = results.get("partitions");
        assertThat(partitions).isNotEmpty();
        double consumed = 0;
        for (JsonNode line : partitions) {
            assertThat(line.get("second").asDouble()).isBetween(-1.0, result.wallNanos() / 1e9 + 2);
            for (JsonNode p : line.get("partitions")) {
                consumed += p.get("consumedReadUnits").asDouble() + p.get("consumedWriteUnits").asDouble();
            }
        }
        assertThat(consumed).isGreaterThan(0);
        JsonNode units = results.get("consumed");
        assertThat(units.get("readUnits").asDouble() + units.get("writeUnits").asDouble()).isCloseTo(consumed,
                org.assertj.core.data.Offset.offset(1e-6));
        // the recorder was closed before the engine: the access lines count the same units
        double accessUnits = 0;
        long requests = 0;
        for (JsonNode a : results.get("access")) {
            accessUnits += a.get("readUnits").asDouble() + a.get("writeUnits").asDouble();
            requests += a.get("requests").asLong();
        }
        assertThat(accessUnits).isCloseTo(consumed, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(units.get("requests").asLong()).isEqualTo(requests).isGreaterThanOrEqualTo(result.statistics().count(OpType.OK));
        assertThat(results.get("access")).anySatisfy(a -> {
            assertThat(a.get("kind").asText()).isEqualTo("key-lookup");
            assertThat(a.get("operation").asText()).isEqualTo("GetItem");
            assertThat(a.get("requests").asLong()).isGreaterThan(0);
        });
        assertThat(results.get("topKeysPerMinute")).isNotEmpty();
        assertThat(results.get("consumed").get("readUnits").asDouble()).isGreaterThan(0);
        assertThat(results.get("consumed").get("writeUnits").asDouble()).isGreaterThan(0);
        assertThat(results.get("cost").get("onDemand").asDouble()).isGreaterThan(0);
        assertThat(results.get("cost").get("pricesDate").asText()).isNotBlank();
    }

    @Test
    void progressCountsAreThoseOfTheHistorySoFar() {
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(4); // 2 s of main phase, a report every 250 ms
        long previous = 0;
        for (Progress.Snapshot snapshot : snapshots) {
            List<Op> sofar = history.subList(0, (int) snapshot.historyLines());
            long completions = sofar.stream().filter(op -> !op.isNemesis() && op.type() != OpType.INVOKE).count();
            assertThat(snapshot.operations()).isEqualTo(completions).isGreaterThanOrEqualTo(previous);
            assertThat(snapshot.fail()).isEqualTo(sofar.stream().filter(op -> !op.isNemesis() && op.type() == OpType.FAIL).count());
            assertThat(snapshot.info()).isEqualTo(sofar.stream().filter(op -> !op.isNemesis() && op.type() == OpType.INFO).count());
            assertThat(snapshot.faultsActive()).isEqualTo(activeFaults(sofar));
            assertThat(snapshot.totalNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
            previous = snapshot.operations();
        }
        assertThat(snapshots).anySatisfy(s -> assertThat(s.faultsActive()).contains("crash-leader"));
        assertThat(snapshots.getFirst().line()).matches("  \\d+ s / 2 s: [\\d,]+ operations \\([\\d,]+/s\\), [\\d,]+ fail, "
                + "[\\d,]+ info; faults active: [a-z, -]+; anomalies checked at the end");
    }

    @Test
    void aPrintedLineReadsAsTheBriefSays() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress.printing(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofSeconds(10))
                .report(new Progress.Snapshot(30_000_000_000L, 60_000_000_000L, 60_123, 1_234, 5, List.of("failover"), 0));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("  30 s / 60 s: 60,123 operations (2,004/s), 1,234 "
                + "fail, 5 info; faults active: failover; anomalies checked at the end" + System.lineSeparator());
    }

    /** The contract's rule, from the history alone. */
    static List<String> activeFaults(List<Op> ops) {
        LinkedHashSet<String> active = new LinkedHashSet<>();
        for (Op op : ops) {
            if (!op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE && !Progress.CLOSERS.contains(op.f())) {
                active.add(op.f());
            } else if (op.type() != OpType.INVOKE && Progress.CLOSERS.contains(op.f())) {
                active.clear();
            }
        }
        return List.copyOf(active);
    }
}
