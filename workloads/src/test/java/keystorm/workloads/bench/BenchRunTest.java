package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.workloads.bench.load.LoadConfig;
import keystorm.workloads.bench.load.LoadResult;
import keystorm.workloads.bench.load.OpenLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench against the embedded engine: what it writes and what a logical read costs. */
class BenchRunTest {
    @Test
    void theLoadPhaseWritesExactlyTheRecords() {
        try (Engine engine = new Engine(EngineConfig.inMemory())) {
            EmbeddedBenchClient client = new EmbeddedBenchClient(engine);
            client.createTable("bench-t", new TableMode.OnDemand());
            RequestTally tally = new RequestTally();
            BenchCycles cycles = BenchWorkloadProperties.cycles(BenchWorkload.builtIn("ycsb-a"), 3, client, tally);
            LoadResult load = OpenLoop.run(new LoadConfig(0, 0, 0, 4, 4, 0, 1, 1_000_000_000L, 1_234), cycles.loadPhase());
            assertEquals(1_234, load.count("load", BenchOutcome.Kind.OK));
            assertEquals(1_234, engine.describeTable("bench-t").itemCount());
            assertEquals(0, tally.snapshot().requests(), "the load phase is not measured");
        }
    }

    @Test
    void theFirstMeasuredCycleIsTheLoadGeneratorsFirstCycleAfterTheWarmUp() {
        // 4.4/s with a 7.5 s warm-up: cycle 33 is intended at 7.4999999999 s, still warm-up
        assertEquals(34, options(4.4, 7_500_000_000L).firstMeasuredCycle());
        assertEquals(0, options(BenchRun.RATE_MAX, 7_500_000_000L).firstMeasuredCycle(), "a saturating bench");
        assertEquals(0, options(100, 0).firstMeasuredCycle());
        for (int tenths = 1; tenths <= 2_000; tenths += 7) {
            double rate = tenths / 10.0;
            for (long warmup : new long[] {1, 999_999_999L, 1_000_000_000L, 7_500_000_000L, 12_345_678_901L}) {
                long first = options(rate, warmup).firstMeasuredCycle();
                String where = rate + "/s, warm-up " + warmup + " ns";
                assertTrue(OpenLoop.intendedOffsetNanos(rate, first) >= warmup, where);
                assertTrue(first == 0 || OpenLoop.intendedOffsetNanos(rate, first - 1) < warmup, where);
            }
        }
    }

    private static BenchRun.Options options(double rate, long warmupNanos) {
        return new BenchRun.Options(BenchWorkload.builtIn("ycsb-c"), "uniform", 10, 1000, rate, warmupNanos,
                1_000_000_000L, List.of(KeyStrategy.NATURAL), new TableMode.OnDemand(), 1, 1, 0, 1, Prices.US_EAST_1);
    }

    @Test
    void aLogicalReadCostsTenRequestsUnderARandomSuffixAndOneUnderACalculatedOne(@TempDir Path dir) throws Exception {
        List<KeyStrategy> strategies = new ArrayList<>();
        for (String spec : List.of("suffix:10", "calculated:10", "natural")) {
            strategies.add(KeyStrategy.parse(spec));
        }
        BenchRun.Options options = new BenchRun.Options(BenchWorkload.builtIn("ycsb-c"), "uniform", 500, 1000, 300,
                0, 1_000_000_000L, strategies, new TableMode.OnDemand(), 11, 4, 0, 1, Prices.US_EAST_1);
        List<BenchRun.StrategyResult> results;
        try (BenchTarget target = BenchTarget.embedded()) {
            results = BenchRun.run(options, target, dir, message -> { });
        }
        double[] requestsPerRead = {10, 1, 1};
        for (int i = 0; i < 3; i++) {
            BenchRun.StrategyResult result = results.get(i);
            RequestTally.Snapshot requests = result.requests();
            String spec = result.strategy().spec();
            assertEquals(requestsPerRead[i], requests.requestsPerRead(), spec);
            // an eventually consistent get of an item under 4 KB is half a unit, found or not
            assertEquals(requestsPerRead[i] * 0.5, requests.readUnitsPerRead(), 1e-9, spec);
            LoadResult measured = result.measured();
            long reads = measured.count("read", BenchOutcome.Kind.OK);
            assertEquals(measured.cyclesCompleted(), reads, spec + ": every read answered");
            assertEquals(reads, requests.logicalReads(), spec);
            assertEquals(500, result.load().count("load", BenchOutcome.Kind.OK), spec);
        }
    }
}
