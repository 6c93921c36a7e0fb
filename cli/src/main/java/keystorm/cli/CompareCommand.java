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
 * overlaid. Exit status: 0, 64 usage, 65 a run's file not as a run writes it, 66 no such run.
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
        for (String arg : line.getArgList()) {
            Path dir = Path.of(arg);
            if (!Files.isDirectory(dir)) {
                err.println("keystorm compare: " + dir + ": no such directory");
                return ExitStatus.NO_INPUT;
            }
            if (!RunStore.isRun(dir)) {
                err.println("keystorm compare: " + dir + ": not a run directory (no test.json, results.json or history.jsonl in it)");
                return ExitStatus.NO_INPUT;
            }
            try {
                dirs.add(dir.toRealPath()); // store/bank/latest is named by the run it points at
            } catch (IOException e) {
                err.println("keystorm compare: " + dir + ": " + e.getMessage());
                return ExitStatus.NO_INPUT;
            }
        }
        Path page;
        try {
            List<Comparison.Row> rows = Comparison.rows(dirs);
            out.print(Comparison.text(rows));
            Path target;
            if (line.hasOption("out")) {
                target = Path.of(line.getOptionValue("out"));
                if (target.getParent() != null) {
                    Files.createDirectories(target.getParent());
                }
            } else {
                Path dir = RunStore.create(Path.of(line.getOptionValue("store", "store")), "compare");
                Files.writeString(dir.resolve("comparison.txt"), Comparison.text(rows));
                target = dir.resolve("report.html");
            }
            page = ComparePage.write(dirs, target);
        } catch (ReportException e) {
            err.println("keystorm compare: " + e.getMessage());
            return e.getCause() instanceof java.nio.file.NoSuchFileException ? ExitStatus.NO_INPUT : ExitStatus.DATA_ERROR;
        } catch (IOException | UncheckedIOException e) {
            err.println("keystorm compare: cannot write the comparison: " + e.getMessage());
            return ExitStatus.CANNOT_CREATE;
        } catch (IllegalArgumentException e) {
            err.println("keystorm compare: " + e.getMessage());
            return ExitStatus.DATA_ERROR;
        }
        out.println("comparison: " + page);
        return ExitStatus.OK;
    }
}
