package keystorm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import keystorm.results.runs.RunEntry;
import keystorm.results.runs.RunStore;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm store}: the past runs of a store, newest first, with their verdicts and the
 * directory to give {@code keystorm report} or {@code keystorm compare}; Jepsen's {@code serve}
 * index, on the terminal.
 */
final class StoreCommand implements Subcommand {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    @Override
    public String name() {
        return "store";
    }

    @Override
    public String summary() {
        return "list past runs, newest first, with their verdicts";
    }

    private static Options options() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                .desc("the store to list (default store)").build());
        options.addOption(Option.builder().longOpt("name").hasArg().argName("NAME")
                .desc("only the runs of this workload or command (register, bench, suite...)").build());
        options.addOption(Option.builder().longOpt("limit").hasArg().argName("N")
                .desc("the most runs to list (default 50)").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = Flags.parse(options(), args, "store", "keystorm store [--store DIR] [--name NAME] [--limit N]", err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            Flags.help(out, "keystorm store [options]", options());
            return ExitStatus.OK;
        }
        if (!line.getArgList().isEmpty()) {
            err.println("keystorm store: takes no arguments but flags; not '" + line.getArgList().get(0) + "'");
            return ExitStatus.USAGE;
        }
        int limit;
        try {
            limit = Flags.positiveInt(line, "limit", 50, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            err.println("keystorm store: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        Path store = Path.of(line.getOptionValue("store", "store"));
        if (line.hasOption("store") && !Files.isDirectory(store)) {
            err.println("keystorm store: --store " + store + " is not a directory");
            return ExitStatus.NO_INPUT;
        }
        List<RunEntry> runs;
        try {
            runs = RunStore.list(store);
        } catch (IOException e) {
            err.println("keystorm store: cannot read " + store + ": " + e.getMessage());
            return ExitStatus.NO_INPUT;
        }
        String name = line.getOptionValue("name");
        if (name != null) {
            runs = runs.stream().filter(r -> r.name().equals(name)).toList();
        }
        if (runs.isEmpty()) {
            out.println("no runs in " + store + (name == null ? "" : " named " + name));
            return ExitStatus.OK;
        }
        out.print(render(runs.subList(0, Math.min(limit, runs.size()))));
        if (runs.size() > limit) {
            out.printf("... %,d more (--limit)%n", runs.size() - limit);
        }
        return ExitStatus.OK;
    }

    static String render(List<RunEntry> runs) {
        StringBuilder out = new StringBuilder(String.format("%-19s  %-16s %-8s %-10s %11s %9s %9s  %-30s %s%n", "started",
                "name", "kind", "verdict", "operations", "ops/s", "p99 ms", "anomalies", "directory"));
        for (RunEntry run : runs) {
            out.append(String.format("%-19s  %-16s %-8s %-10s %11s %9s %9s  %-30s %s%s%n", WHEN.format(run.started()),
                    run.name(), run.kind(), run.verdict(), run.operations() == null ? "-" : String.format("%,d", run.operations()),
                    run.throughput() == null ? "-" : String.format("%,.0f", run.throughput()),
                    run.p99Millis() == null ? "-" : String.format("%.2f", run.p99Millis()), run.anomalies(), run.dir(),
                    run.hasReport() ? "" : "  (no report.html: keystorm report " + run.dir() + ")"));
        }
        return out.toString();
    }
}
