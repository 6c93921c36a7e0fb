package keystorm.workloads.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import keystorm.workloads.bench.BenchOutcome;
import keystorm.workloads.bench.BenchOutcome.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntervalLogsTest {
    static final long MS = 1_000_000;

    /** Two operations and every outcome kind, by cycle number. */
    static final CycleSource MIXED = new CycleSource() {
        public List<String> operations() {
            return List.of("read", "update");
        }

        public Started start(long cycle, long intendedNanos) {
            BenchOutcome outcome = cycle % 7 == 0 ? BenchOutcome.throttled("ProvisionedThroughputExceededException")
                    : cycle % 11 == 0 ? BenchOutcome.failed("ValidationException")
                    : cycle % 13 == 0 ? BenchOutcome.indeterminate("InternalServerError")
                    : BenchOutcome.ok(0.5, 0, 1);
            return new Started(cycle % 5 == 0 ? 1 : 0, CompletableFuture.completedFuture(outcome));
        }
    };

    static LoadResult runShard(int shard, int shards, Path log) {
        return OpenLoop.run(new LoadConfig(20_000, 20 * MS, 230 * MS, 1, 1, shard, shards, 50 * MS, 0), MIXED, log,
                "mixed outcomes");
    }

    @Test
    void oneLogReadsBackAsTheResultItRecorded(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("shard0.hlog");
        LoadResult memory = runShard(0, 1, log);
        String text = Files.readString(log);
        assertTrue(text.contains("#keystorm bench: mixed outcomes, shard 0/1") && text.contains("#[StartTime: ")
                && text.contains("Tag=read.ok,") && text.contains("Tag=schedule-error,"), text);
        LoadResult read = IntervalLogs.read(List.of(log));
        assertSame(memory, read);
        assertEquals(memory.intervals().size(), read.intervals().size());
        for (int i = 0; i < memory.intervals().size(); i++) {
            assertEquals(memory.intervals().get(i).ops(), read.intervals().get(i).ops(), "interval " + i);
            assertEquals(memory.intervals().get(i).startOffsetNanos(), read.intervals().get(i).startOffsetNanos());
        }
    }

    /** Two shards of one load, as two load machines would run them: their logs merge into the sum of the shards. */
    @Test
    void shardLogsMergeIntoTheSumOfTheShards(@TempDir Path dir) {
        Path log0 = dir.resolve("shard0.hlog");
        Path log1 = dir.resolve("shard1.hlog");
        LoadResult shard0 = runShard(0, 2, log0);
        LoadResult shard1 = runShard(1, 2, log1);
        LoadResult memory = LoadResult.merge(List.of(shard0, shard1));
        LoadResult read = IntervalLogs.read(List.of(log0, log1));
        assertSame(memory, read);
        for (String op : memory.operations()) {
            for (Kind kind : Kind.values()) {
                assertEquals(shard0.count(op, kind) + shard1.count(op, kind), read.count(op, kind), op + "." + kind);
            }
        }
        assertTrue(read.count("update", Kind.OK) > 0 && read.count("read", Kind.THROTTLED) > 0
                && read.count("read", Kind.FAILED) > 0 && read.count("read", Kind.INDETERMINATE) > 0);
        assertEquals(memory.intervals().size(), read.intervals().size());
        for (int i = 0; i < memory.intervals().size(); i++) {
            for (Kind kind : Kind.values()) {
                assertEquals(memory.intervals().get(i).count(kind), read.intervals().get(i).count(kind),
                        "interval " + i + " " + kind);
            }
        }
        long intervalTotal = read.intervals().stream().mapToLong(i -> i.count(Kind.OK)).sum();
        assertEquals(read.count(Kind.OK), intervalTotal);
    }

    /** Totals, counters and the window agree exactly; histograms compare value by value. */
    static void assertSame(LoadResult expected, LoadResult actual) {
        assertEquals(expected.operations(), actual.operations());
        for (String op : expected.operations()) {
            for (Kind kind : Kind.values()) {
                assertEquals(expected.latency(op, kind), actual.latency(op, kind), op + "." + kind);
                assertEquals(expected.count(op, kind), actual.count(op, kind), op + "." + kind);
            }
        }
        assertEquals(expected.scheduleErrorNanos(), actual.scheduleErrorNanos());
        assertEquals(expected.scheduleErrorNanos().getTotalCount(), actual.scheduleErrorNanos().getTotalCount());
        assertEquals(expected.windowStartEpochNanos(), actual.windowStartEpochNanos());
        assertEquals(expected.windowEndEpochNanos(), actual.windowEndEpochNanos());
        assertEquals(expected.cyclesDue(), actual.cyclesDue());
        assertEquals(expected.cyclesStarted(), actual.cyclesStarted());
        assertEquals(expected.cyclesCompleted(), actual.cyclesCompleted());
        assertEquals(expected.cyclesNeverCompleted(), actual.cyclesNeverCompleted());
        assertEquals(expected.warmupCycles(), actual.warmupCycles());
        assertEquals(expected.intervalNanos(), actual.intervalNanos());
    }

    @Test
    void aLogWithoutItsSummaryIsRefused(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("cut.hlog");
        runShard(0, 1, log);
        List<String> lines = Files.readAllLines(log);
        Files.write(log, lines.subList(0, lines.size() - 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntervalLogs.read(List.of(log)));
        assertTrue(e.getMessage().contains("no summary"), e.getMessage());
    }

    @Test
    void oneShardTwiceAndResultsOfAnotherLoadAreRefused(@TempDir Path dir) {
        Path log = dir.resolve("shard0.hlog");
        LoadResult shard = runShard(0, 2, log);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> IntervalLogs.read(List.of(log, log)));
        assertTrue(twice.getMessage().contains("shard 0/2 twice"), twice.getMessage());
        LoadResult other = OpenLoop.run(new LoadConfig(0, 0, 0, 1, 1, 0, 1, 50 * MS, 10), OpenLoopTest.source(
                cycle -> OpenLoopTest.OK));
        assertThrows(IllegalArgumentException.class, () -> LoadResult.merge(List.of(shard, other)));
    }

    @Test
    void intervalsTooShortForTheLogAreRefused(@TempDir Path dir) {
        LoadConfig config = new LoadConfig(1_000, 0, 10 * MS, 1, 1, 0, 1, MS, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenLoop.run(config, MIXED, dir.resolve("x.hlog")));
        assertTrue(e.getMessage().contains("1000000 ns"), e.getMessage());
    }
}
