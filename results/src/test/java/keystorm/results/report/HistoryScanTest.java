package keystorm.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryScanTest {
    @TempDir
    Path dir;

    @Test
    void bucketsCountExactlyTheCompletionsWritten() throws IOException {
        RunFixture.Written w = RunFixture.write(dir, 10, 5, 2000, 1, true);
        HistorySeries h = HistoryScan.scan(dir.resolve("history.jsonl"), List.of(), 10, HistoryScan.Limits.DEFAULT);

        assertThat(h.bucketSeconds()).isEqualTo(0.1); // 10 s / 300 is under the 100 ms floor
        long[][] expected = new long[h.buckets().size()][3];
        for (RunFixture.Completion c : w.completions()) {
            int b = (int) (c.timeNanos() / 100_000_000L);
            expected[b][switch (c.type()) { case "ok" -> 0; case "fail" -> 1; default -> 2; }]++;
        }
        for (int i = 0; i < h.buckets().size(); i++) {
            HistorySeries.Bucket b = h.buckets().get(i);
            assertThat(new long[] {b.ok(), b.fail(), b.info()}).as("bucket %d", i).containsExactly(expected[i]);
        }
        assertThat(h.operations()).isEqualTo(w.completions().size());
        assertThat(h.fail()).isEqualTo(w.completions().stream().filter(c -> c.type().equals("fail")).count()).isPositive();
        assertThat(h.info()).isEqualTo(w.completions().stream().filter(c -> c.type().equals("info")).count()).isPositive();
    }

    @Test
    void aLongRunDoublesItsBucketsToStayBounded() throws IOException {
        RunFixture.Written w = RunFixture.write(dir, 200, 2, 50_000, 2, true);
        // no length hint: the width starts at 100 ms and doubles as the run goes on
        HistorySeries h = HistoryScan.scan(dir.resolve("history.jsonl"), List.of(), 0, HistoryScan.Limits.DEFAULT);

        assertThat(h.buckets().size()).isBetween(150, 600);
        assertThat(h.bucketSeconds()).isEqualTo(0.1 * 8); // 200 s / 0.1 s = 2000 buckets, halved 3 times to 250
        assertThat(h.buckets().stream().mapToLong(b -> b.ok() + b.fail() + b.info()).sum()).isEqualTo(w.completions().size());
        long width = Math.round(h.bucketSeconds() * 1e9);
        for (int i = 0; i < h.buckets().size(); i++) {
            int bucket = i;
            long expected = w.completions().stream().filter(c -> c.timeNanos() / width == bucket).count();
            HistorySeries.Bucket b = h.buckets().get(i);
            assertThat(b.ok() + b.fail() + b.info()).as("bucket %d", i).isEqualTo(expected);
        }
    }

    @Test
    void faultWindowsAreWhereTheNemesisActed() throws IOException {
        RunFixture.Written w = RunFixture.write(dir, 10, 5, 2000, 3, true);
        HistorySeries h = HistoryScan.scan(dir.resolve("history.jsonl"), List.of(), 10, HistoryScan.Limits.DEFAULT);

        assertThat(h.faults()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            HistorySeries.FaultWindow f = h.faults().get(i);
            double[] expected = w.faults().get(i);
            assertThat(f.fault()).isEqualTo(w.faultNames().get(i));
            assertThat(f.startSeconds()).isCloseTo(expected[0], within(1e-9));
            // the last opener is never closed: it lasts to the history's end
            assertThat(f.endSeconds()).isCloseTo(Double.isNaN(expected[1]) ? h.endSeconds() : expected[1], within(1e-9));
        }
    }

    @Test
    void theSampleIsBoundedKeepsFailuresAndSpreadsOkOverTheRun() throws IOException {
        RunFixture.Written w = RunFixture.write(dir, 20, 8, 1000, 4, true);
        HistoryScan.Limits limits = new HistoryScan.Limits(1_000, 100_000, 300, 0.1, 400, 20, 24);
        HistorySeries h = HistoryScan.scan(dir.resolve("history.jsonl"), List.of(), 20, limits);

        long failAndInfo = h.fail() + h.info();
        assertThat(h.sample()).hasSize((int) (h.sample().stream().filter(p -> p.outcome() == HistorySeries.Outcome.OK).count()
                + failAndInfo)); // every fail and info kept, under their cap
        List<HistorySeries.Point> ok = h.sample().stream().filter(p -> p.outcome() == HistorySeries.Outcome.OK).toList();
        assertThat(ok.size()).isBetween(500, 1_000);
        assertThat(h.ok()).isGreaterThan(10_000);
        // evenly: each tenth of the run holds about a tenth of the sample
        for (int decile = 0; decile < 10; decile++) {
            int d = decile;
            long inDecile = ok.stream().filter(p -> (int) (p.seconds() / 2) == d).count();
            assertThat(inDecile).as("decile %d", decile).isBetween(ok.size() / 20L, ok.size() / 5L);
        }
        assertThat(w.completions()).hasSize((int) h.operations());
    }

    @Test
    void aTimelineHoldsTheAnomalysOperationsAndIsBounded() throws IOException {
        RunFixture.Written w = RunFixture.write(dir, 10, 30, 2000, 5, true);
        List<Long> indices = w.anomalyIndices();
        HistoryScan.Limits limits = new HistoryScan.Limits(80_000, 10_000, 300, 0.1, 40, 20, 200);
        HistorySeries h = HistoryScan.scan(dir.resolve("history.jsonl"), List.of(indices), 10, limits);

        HistorySeries.Timeline t = h.timelines().getFirst();
        assertThat(t.ops()).hasSize(40);
        assertThat(t.dropped()).isPositive();
        assertThat(t.ops().stream().filter(HistorySeries.TimelineOp::involved).map(HistorySeries.TimelineOp::invokeIndex))
                .containsExactlyInAnyOrder(indices.get(0), indices.get(2));
        assertThat(t.ops()).allSatisfy(op -> assertThat(op.endSeconds()).isGreaterThanOrEqualTo(op.startSeconds()));
        assertThat(t.ops().stream().filter(HistorySeries.TimelineOp::involved)).allSatisfy(op -> {
            assertThat(op.f()).isEqualTo("write");
            assertThat(op.value()).startsWith("[\"k");
        });
        assertThat(h.anomalyPoints()).hasSize(2);
    }

    @Test
    void aBadLineIsNamedByNumberAndField() throws IOException {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, """
                {"index":0,"time":10,"process":0,"type":"invoke","f":"read","value":null}
                {"index":1,"time":20,"process":0,"type":"ok","f":"read","value":3}
                {"index":2,"process":1,"type":"invoke","f":"read","value":null}
                """);
        assertThatThrownBy(() -> HistoryScan.scan(file, List.of(), 0, HistoryScan.Limits.DEFAULT))
                .isInstanceOf(ReportException.class).hasMessage("history.jsonl: line 3: field \"time\" missing");

        Files.writeString(file, """
                {"index":0,"time":10,"process":0,"type":"invoke","f":"read","value":null}
                {"index":1,"time":20,"process":0,"type":"okay","f":"read","value":3}
                """);
        assertThatThrownBy(() -> HistoryScan.scan(file, List.of(), 0, HistoryScan.Limits.DEFAULT))
                .hasMessage("history.jsonl: line 2: field \"type\" is \"okay\", not invoke, ok, fail or info");

        Files.writeString(file, "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\"}\n{\"index\":1,\"time\":\n");
        assertThatThrownBy(() -> HistoryScan.scan(file, List.of(), 0, HistoryScan.Limits.DEFAULT))
                .isInstanceOf(ReportException.class).hasMessageStartingWith("history.jsonl: line 3: not JSON");

        Files.writeString(file, "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"ok\"}\n");
        assertThatThrownBy(() -> HistoryScan.scan(file, List.of(), 0, HistoryScan.Limits.DEFAULT))
                .hasMessage("history.jsonl: line 1: a completion without an invocation for process 0");
    }
}
