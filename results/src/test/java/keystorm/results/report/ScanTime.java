package keystorm.results.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Times HistoryScan on a big generated history with many anomalies (by hand, not a test):
 * ScanTime DIR SECONDS CONCURRENCY LATENCY_MICROS ANOMALIES INDICES. The history is written once
 * into DIR (kept there for the next run); each anomaly names INDICES lines spread over the history.
 */
final class ScanTime {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        long lines;
        if (!Files.isRegularFile(dir.resolve("history.jsonl"))) {
            long started = System.nanoTime();
            lines = RunFixture.write(dir, seconds, Integer.parseInt(args[2]), Long.parseLong(args[3]), 7, false).lines();
            System.out.printf("wrote %,d lines in %.1f s%n", lines, (System.nanoTime() - started) / 1e9);
        } else {
            try (var s = Files.lines(dir.resolve("history.jsonl"))) {
                lines = s.count();
            }
        }
        int anomalies = Integer.parseInt(args[4]);
        int indices = Integer.parseInt(args[5]);
        Random random = new Random(3);
        List<List<Long>> all = new ArrayList<>();
        for (int a = 0; a < anomalies; a++) {
            List<Long> is = new ArrayList<>();
            for (int i = 0; i < indices; i++) {
                is.add((long) random.nextInt((int) lines));
            }
            all.add(is);
        }
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            HistorySeries h = HistoryScan.scan(dir.resolve("history.jsonl"), all, seconds, HistoryScan.Limits.DEFAULT);
            System.out.printf("scan of %,d lines, %d anomalies x %d indices: %.2f s (%,d operations, %d timelines)%n", lines,
                    anomalies, indices, (System.nanoTime() - started) / 1e9, h.operations(), h.timelines().size());
        }
    }
}
