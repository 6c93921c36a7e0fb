package keystorm.results.report;

import java.nio.file.Path;

/** Writes a fixture run directory and its report, for looking at by hand: WriteFixture DIR SECONDS CONCURRENCY LATENCY_MICROS. */
final class WriteFixture {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        long started = System.nanoTime();
        RunFixture.Written w = RunFixture.write(dir, seconds, Integer.parseInt(args[2]), Long.parseLong(args[3]), 7, false);
        RunFixture.writeJson(w, seconds, true);
        System.out.printf("wrote %,d lines in %.1f s%n", w.lines(), (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        Path page = Report.write(dir);
        System.out.printf("report %s: %,d bytes in %.1f s%n", page, java.nio.file.Files.size(page), (System.nanoTime() - started) / 1e9);
    }
}
