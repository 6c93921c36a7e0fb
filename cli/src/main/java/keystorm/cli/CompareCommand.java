package keystorm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import keystorm.results.report.ComparePage;
import keystorm.results.report.Comparison;
import keystorm.results.report.ReportException;
import keystorm.results.runs.RunStore;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm compare DIR...}: runs side by side (verdict, throughput, p50 / p99 / p99.9,
 * throttled share, cost, anomalies), printed and written as a page with their latency curves
 * overlaid. Exit status: 0, 64 usage, 65 a run's file not as a run writes it (named with its run
 * directory), 66 no such run, 73 a page that cannot be written.
 */
final class CompareCommand implements Subcommand {
    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "runs side by side: verdicts, throughput, latency, throttling, cost; a page with their curves overlaid";
    }

    private static Options options() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("out").hasArg().argName("FILE")
                .desc("where the comparison page goes (default STORE/compare/<timestamp>/report.html)").build());
        options.addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                .desc("the store the default --out is under (default store)").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = Flags.parse(options(), args, "compare", "keystorm compare DIR DIR... [--out FILE]", true, err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            Flags.help(out, "keystorm compare DIR DIR... (e.g. store/bench/20261202T101500.000 store/bench/latest)", options());
            return ExitStatus.OK;
        }
        if (line.getArgList().isEmpty()) {
            err.println("keystorm compare: give the run directories to compare, e.g. keystorm compare store/bank/A store/bank/B");
            return ExitStatus.USAGE;
        }
        List<Path> dirs = new ArrayList<>();
        List<Path> given = new ArrayList<>(); // as typed, to name in a message
        for (String arg : line.getArgList()) {
            Path dir = Path.of(arg);
            if (!Files.isDirectory(dir)) {
                err.println("keystorm compare: " + dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
                return ExitStatus.NO_INPUT;
            }
            if (!RunStore.isRun(dir)) {
                err.println("keystorm compare: " + dir + ": not a run directory (no test.json, results.json or history.jsonl in it)");
                return ExitStatus.NO_INPUT;
            }
            try {
                dirs.add(dir.toRealPath()); // store/bank/latest is named by the run it points at
                given.add(dir);
            } catch (IOException e) {
                err.println("keystorm compare: " + dir + ": " + e.getMessage());
                return ExitStatus.NO_INPUT;
            }
        }
        List<Comparison.Row> rows = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            try {
                rows.addAll(Comparison.rows(List.of(dirs.get(i)))); // one at a time, to name the run whose file is wrong
            } catch (ReportException e) {
                return refuse(given.get(i), e, err);
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                err.println("keystorm compare: " + given.get(i) + ": " + Inputs.clean(e.getMessage()));
                return ExitStatus.DATA_ERROR;
            }
        }
        Path page;
        Path target = null;
        Path made = null; // the directory this comparison made in the store, removed if it fails
        try {
            out.print(Comparison.text(rows));
            if (line.hasOption("out")) {
                target = Path.of(line.getOptionValue("out"));
                if (Files.isDirectory(target)) {
                    err.println("keystorm compare: --out " + target + " is a directory; give the page's file name, e.g. "
                            + target.resolve("compare.html"));
                    return ExitStatus.CANNOT_CREATE;
                }
                if (target.getParent() != null) {
                    Files.createDirectories(target.getParent());
                }
            } else {
                made = RunStore.create(Path.of(line.getOptionValue("store", "store")), "compare");
                target = made.resolve("report.html");
            }
            page = ComparePage.write(dirs, target);
            if (made != null) {
                Files.writeString(made.resolve("comparison.txt"), Comparison.text(rows));
            }
        } catch (ReportException e) {
            removeEmpty(made);
            int culprit = culprit(dirs, e);
            return refuse(culprit < 0 ? null : given.get(culprit), e, err);
        } catch (IOException | UncheckedIOException e) {
            removeEmpty(made);
            err.println("keystorm compare: cannot write the comparison" + (target == null ? "" : " " + target) + " ("
                    + InsightsDirectory.describe(e) + ")");
            return ExitStatus.CANNOT_CREATE;
        } catch (IllegalArgumentException e) {
            removeEmpty(made);
            err.println("keystorm compare: " + Inputs.clean(e.getMessage()));
            return ExitStatus.DATA_ERROR;
        }
        out.println("comparison: " + page);
        return ExitStatus.OK;
    }

    /** A run's file not as a run writes it (65), or missing where it is required (66), named with its run. */
    private static int refuse(Path dir, ReportException e, PrintStream err) {
        String detail = e.getMessage().startsWith(e.file() + ": ") ? e.getMessage().substring(e.file().length() + 2)
                : e.getMessage();
        err.println("keystorm compare: " + (dir == null ? e.file() : dir.resolve(e.file())) + ": " + Inputs.clean(detail));
        return e.getCause() instanceof java.nio.file.NoSuchFileException ? ExitStatus.NO_INPUT : ExitStatus.DATA_ERROR;
    }

    /**
     * The run whose file the page could not read: the first whose report reading fails the same
     * way (looked for only on this error path), or null.
     */
    private static int culprit(List<Path> dirs, ReportException e) {
        for (int i = 0; i < dirs.size(); i++) {
            try {
                keystorm.results.report.RunReader.read(dirs.get(i));
            } catch (ReportException again) {
                if (again.getMessage().equals(e.getMessage())) {
                    return i;
                }
            } catch (IOException | RuntimeException other) {
                // not this one's error
            }
        }
        return -1;
    }

    /** A directory the failed comparison made, if nothing is in it: no empty run left in the store. */
    private static void removeEmpty(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (the page was written in part) or not ours to remove: it stays, and the error is said
        }
    }
}
