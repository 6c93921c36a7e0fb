package keystorm.workloads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.workloads.bench.load.HistorySample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's history sample: bounded, every k-th cycle and the failures, written as invocation and completion pairs. */
class HistorySampleTest {
    @Test
    void aRunOfMoreCyclesThanTheBoundKeepsEveryKthAndTheFailuresUpToTheirBound() throws Exception {
        HistorySample sample = new HistorySample(250_000, 0);
        assertThat(sample.every()).isEqualTo(3);
        assertThat(sample.description()).startsWith("every 3rd operation (at most 100000) and failures");
        var offer = HistorySample.class.getDeclaredMethod("offer", long.class, int.class, int.class, long.class,
                long.class, long.class, BenchOutcome.class);
        offer.setAccessible(true);
        for (long cycle = 0; cycle < 300_000; cycle++) { // more than expected: the bound holds
            BenchOutcome outcome = cycle % 10 == 1 ? BenchOutcome.throttled("ThrottlingException") : BenchOutcome.ok(1, 0, 1);
            offer.invoke(sample, cycle, (int) (cycle % 4), 0, cycle, cycle * 10, cycle * 10 + 5, outcome);
        }
        List<HistorySample.Entry> entries = sample.entries();
        long sampled = entries.stream().filter(e -> e.record() % 3 == 0).count();
        assertThat(sampled).isEqualTo(83_334); // 250,000 / 3 + 1 slots, all filled
        assertThat(entries.stream().filter(e -> e.record() % 3 != 0)).hasSize(HistorySample.FAILURES_MAX)
                .allSatisfy(e -> assertThat(e.kind()).isEqualTo(BenchOutcome.Kind.THROTTLED));
        assertThat(entries).isSortedAccordingTo(java.util.Comparator.comparingLong(HistorySample.Entry::startNanos));
    }

    @Test
    void entriesAreWrittenAsPairsInTimeOrder() throws Exception {
        List<HistorySample.Entry> entries = List.of(
                new HistorySample.Entry(0, 0, 7, 1_000, 5_000, BenchOutcome.Kind.OK, null),
                new HistorySample.Entry(1, 1, 3, 2_000, 3_000, BenchOutcome.Kind.THROTTLED, "ThrottlingException"),
                new HistorySample.Entry(0, 0, -1, 6_000, 9_000, BenchOutcome.Kind.INDETERMINATE, "timeout"));
        StringWriter out = new StringWriter();
        long next = HistorySample.write(out, entries, List.of("read", "update"), r -> r < 0 ? null : "user" + r, 500, 10);
        assertThat(next).isEqualTo(16);
        List<Op> ops = JsonlHistory.read(new StringReader(out.toString())).ops();
        assertThat(ops).extracting(Op::index).containsExactly(10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(ops).extracting(Op::time).containsExactly(500L, 1_500L, 2_500L, 4_500L, 5_500L, 8_500L);
        assertThat(ops).extracting(Op::type).containsExactly(OpType.INVOKE, OpType.INVOKE, OpType.FAIL, OpType.OK,
                OpType.INVOKE, OpType.INFO);
        assertThat(ops.get(1).f()).isEqualTo("update");
        assertThat(ops.get(1).value().asText()).isEqualTo("user3");
        assertThat(ops.get(2).error()).isEqualTo("ThrottlingException");
        assertThat(ops.get(4).value().isNull()).isTrue();
        assertThat(ops).extracting(Op::process).containsExactly(0, 1, 1, 0, 0, 0);
    }

    @Test
    void aSendersOverlappingOperationsGoOnUnderOtherProcessesSoEachPairs() throws Exception {
        // a pipelined client: one sender, three in flight at once, then one alone
        List<HistorySample.Entry> entries = List.of(
                new HistorySample.Entry(0, 0, 1, 100, 400, BenchOutcome.Kind.OK, null),
                new HistorySample.Entry(0, 0, 2, 200, 300, BenchOutcome.Kind.OK, null),
                new HistorySample.Entry(0, 0, 3, 250, 500, BenchOutcome.Kind.OK, null),
                new HistorySample.Entry(1, 0, 4, 260, 270, BenchOutcome.Kind.OK, null),
                new HistorySample.Entry(0, 0, 5, 600, 700, BenchOutcome.Kind.OK, null));
        StringWriter out = new StringWriter();
        HistorySample.write(out, entries, List.of("read"), r -> "user" + r, 0, 0);
        List<Op> ops = JsonlHistory.read(new StringReader(out.toString())).ops();
        Map<Integer, Op> open = new HashMap<>();
        for (Op op : ops) {
            if (op.type() == OpType.INVOKE) {
                assertThat(open.put(op.process(), op)).as("process %d has one operation at a time", op.process()).isNull();
            } else {
                Op invoke = open.remove(op.process());
                assertThat(invoke.value()).isEqualTo(op.value()); // the pair is one operation's
            }
        }
        // sender 0 at 100, 200 and 250: processes 0, 2, 4 (2 senders); at 600 lane 0 is free again
        assertThat(ops.stream().filter(op -> op.type() == OpType.INVOKE).map(Op::process).toList())
                .containsExactly(0, 2, 4, 1, 0);
    }

    @Test
    void aBenchOnTheEmbeddedEngineWritesItsSample(@TempDir Path dir) throws Exception {
        BenchRun.Options options = new BenchRun.Options(BenchWorkload.builtIn("ycsb-a"), "uniform", 200, 100, 400,
                0, 1_000_000_000L, List.of(KeyStrategy.NATURAL), new TableMode.OnDemand(), 5, 4, 0, 1, Prices.US_EAST_1);
        List<BenchRun.StrategyResult> results;
        try (BenchTarget target = BenchTarget.embedded()) {
            results = BenchRun.run(options, target, dir, message -> { });
        }
        var json = BenchReport.json().createObjectNode().put("seed", 5);
        BenchReport.write(dir, json, results, Prices.US_EAST_1, "summary");
        List<Op> ops;
        try (var reader = Files.newBufferedReader(dir.resolve("history.jsonl"))) {
            ops = JsonlHistory.read(reader).ops();
        }
        long completed = results.getFirst().measured().cyclesCompleted();
        assertThat(results.getFirst().sample().every()).isEqualTo(1); // 400 expected: every one kept
        assertThat(ops).hasSize((int) (2 * completed));
        Map<String, Long> byOp = new HashMap<>();
        for (Op op : ops) {
            assertThat(op.process()).isBetween(0, 3);
            assertThat(op.f()).isIn("read", "update");
            assertThat(op.value().asText()).matches("user\\d+");
            if (op.type() != OpType.INVOKE) {
                byOp.merge(op.f(), 1L, Long::sum);
            }
        }
        assertThat(byOp.get("read")).isEqualTo(results.getFirst().measured().count("read", BenchOutcome.Kind.OK)
                + results.getFirst().measured().count("read", BenchOutcome.Kind.THROTTLED)
                + results.getFirst().measured().count("read", BenchOutcome.Kind.FAILED)
                + results.getFirst().measured().count("read", BenchOutcome.Kind.INDETERMINATE));
        var test = BenchReport.json().readTree(dir.resolve("test.json").toFile());
        assertThat(test.path("options").path("historySample").asText()).startsWith("every operation (at most 100000)");
    }
}
