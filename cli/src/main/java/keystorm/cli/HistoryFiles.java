package keystorm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.HistoryFormat;
import keystorm.checker.history.HistoryFormatException;

/**
 * {@code keystorm check} over several histories in one JVM: the files named and every history
 * under the directories named, checked in parallel on a pool of one thread per core (bounded, so
 * a store of thousands of tests does not start thousands of searches at once), and one table row
 * per file: its operations, verdict and time. The exit status merges the verdicts as Jepsen does
 * (invalid beats unknown beats valid); any malformed file makes it 65, any that cannot be opened
 * 66 (the greater when there are both), and each is named.
 */
final class HistoryFiles {
    /** Directories are walked to this depth: a Jepsen store is store/test/timestamp/history.edn. */
    private static final int DEPTH_MAX = 32;

    /** One file's outcome: a result, or (the file is malformed or missing) why there is none and its exit status. */
    private record Row(Path file, long operations, Result result, String error, int status, long millis) {
        static Row failed(Path file, String error, int status) {
            return new Row(file, 0, null, error, status, 0);
        }
    }

    private HistoryFiles() {
    }

    /**
     * The files to check: each file argument (its format must be given or guessable: a usage
     * error otherwise), and under each directory, in name order, every file whose name says it
     * is a history ({@code .jsonl}, {@code .edn}, {@code .log}).
     *
     * @throws IOException if a path is not there, or a directory cannot be walked or holds no history
     */
    static List<Path> expand(List<String> arguments, HistoryFormat flagFormat) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (!Files.exists(path)) {
                throw new IOException(argument + ": no such file or directory");
            }
            if (!Files.isDirectory(path)) {
                CheckCommand.format(path, flagFormat);
                files.add(path);
                continue;
            }
            List<Path> found;
            try (Stream<Path> walk = Files.walk(path, DEPTH_MAX)) {
                found = walk.filter(Files::isRegularFile).filter(f -> HistoryFormat.guess(f) != null).sorted().toList();
            }
            if (found.isEmpty()) {
                throw new IOException(path + ": no .jsonl, .edn or .log history in this directory");
            }
            files.addAll(found);
        }
        return List.copyOf(files);
    }

    static int checkAll(List<Path> files, HistoryFormat flagFormat, String checkerName, CheckerOptions options,
                        String outDir, PrintStream out, PrintStream err) {
        int threads = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>(files.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Row>> futures = new ArrayList<>(files.size());
            for (Path file : files) {
                futures.add(pool.submit(() -> check(file, flagFormat, checkerName, options)));
            }
            for (Future<Row> future : futures) {
                rows.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("keystorm check: interrupted");
            return ExitStatus.SOFTWARE;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a check task failed outside its own guard", e.getCause());
        }
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        return report(rows, wallMillis, outDir, out, err);
    }

    /** One file, never throwing: a checker that fails is UNKNOWN with the reason (Jepsen's safe check). */
    private static Row check(Path file, HistoryFormat flagFormat, String checkerName, CheckerOptions options) {
        long start = System.nanoTime();
        History history;
        try {
            history = CheckCommand.format(file, flagFormat).read(file);
        } catch (HistoryFormatException e) {
            return Row.failed(file, e.getMessage(), ExitStatus.DATA_ERROR);
        } catch (IOException e) {
            return Row.failed(file, Inputs.describe(e), Inputs.status(e));
        }
        Result result;
        try {
            result = Checkers.create(checkerName, options).check(history);
        } catch (RuntimeException e) {
            result = new Crashed(e.toString());
        }
        return new Row(file, history.size(), result, null, ExitStatus.OK, (System.nanoTime() - start) / 1_000_000);
    }

    /** A checker that threw: unknown, with what it threw. */
    private record Crashed(String reason) implements Result {
        @Override
        public Validity validity() {
            return Validity.UNKNOWN;
        }

        @Override
        public String render() {
            return "the checker failed: " + reason + "\n";
        }

        @Override
        public java.util.Map<String, String> artifacts() {
            return java.util.Map.of();
        }
    }

    private static int report(List<Row> rows, long wallMillis, String outDir, PrintStream out, PrintStream err) {
        int width = "file".length();
        for (Row row : rows) {
            width = Math.max(width, row.file().toString().length());
        }
        String format = "%-" + width + "s  %10s  %-9s  %10s%n";
        out.printf(format, "file", "operations", "verdict", "time");
        Validity merged = Validity.VALID;
        int valid = 0;
        int invalid = 0;
        int unknown = 0;
        int malformed = 0;
        int unreadable = 0;
        int failedStatus = ExitStatus.OK;
        for (Row row : rows) {
            if (row.result() == null) {
                if (row.status() == ExitStatus.DATA_ERROR) {
                    malformed++;
                } else {
                    unreadable++;
                }
                failedStatus = Math.max(failedStatus, row.status());
                out.printf(format, row.file(), "-", row.status() == ExitStatus.DATA_ERROR ? "malformed" : "unreadable", "-");
                continue;
            }
            Validity validity = row.result().validity();
            merged = merged.and(validity);
            switch (validity) {
                case VALID -> valid++;
                case INVALID -> invalid++;
                case UNKNOWN -> unknown++;
            }
            out.printf(format, row.file(), row.operations(), validity.word(), row.millis() + " ms");
        }
        for (Row row : rows) {
            if (row.result() == null) {
                err.println("keystorm check: " + row.file() + ": " + row.error());
            } else {
                CheckCommand.writeArtifacts(row.result().artifacts(), row.file(), outDir, true, out, err);
            }
        }
        out.println(rows.size() + " files: " + valid + " valid, " + invalid + " invalid, " + unknown + " unknown"
                + (malformed > 0 ? ", " + malformed + " malformed" : "")
                + (unreadable > 0 ? ", " + unreadable + " unreadable" : "") + " in " + wallMillis + " ms");
        return failedStatus != ExitStatus.OK ? failedStatus : CheckCommand.status(merged);
    }
}
