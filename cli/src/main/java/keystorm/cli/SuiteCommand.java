package keystorm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import keystorm.results.runs.RunStore;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.workloads.Workloads;
import keystorm.workloads.nemesis.NemesisKind;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.client.Targets;
import keystorm.workloads.runner.TestConfig;
import keystorm.workloads.runner.TestRun;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm suite}: every workload under every nemesis the target can take (and none), one
 * run after another, for each of {@code --seeds} seeds; a table of verdicts, and a non-zero exit if
 * any cell is invalid (1) or, with none invalid, unknown (2).
 */
final class SuiteCommand implements Subcommand {
    @Override
    public String name() {
        return "suite";
    }

    @Override
    public String summary() {
        return "run every workload under every nemesis the target takes, with a table of verdicts";
    }

    private static Options options() {
        Options options = TestCommand.options();
        options.addOption(Option.builder().longOpt("seeds").hasArg().argName("N")
                .desc("how many seeds per cell (default 1): seed, seed+1, ...").build());
        options.addOption(Option.builder().longOpt("workloads").hasArg().argName("LIST")
                .desc("the workloads to run (default: all)").build());
        options.addOption(Option.builder().longOpt("nemeses").hasArg().argName("LIST")
                .desc("the nemeses to run, each alone, plus none (default: all the target takes)").build());
        return options;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = Flags.parse(options(), args, "suite",
                "keystorm suite [--target TARGET] [--time-limit S] [--seeds N] [--workloads LIST] [--nemeses LIST] ... (--help)", err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        List<TestConfig> cells = new ArrayList<>();
        try {
            if (line.hasOption("help")) {
                Flags.help(out, "keystorm suite [--target TARGET] [--time-limit S] [--seeds N] [options of test]", options());
                return ExitStatus.OK;
            }
            if (line.hasOption("workload") || line.hasOption("nemesis")) {
                throw new IllegalArgumentException("suite runs every workload and nemesis; choose them with --workloads and --nemeses");
            }
            if (line.hasOption("read-index") || line.hasOption("index-lag")) {
                throw new IllegalArgumentException("--" + (line.hasOption("read-index") ? "read-index" : "index-lag")
                        + " is for keystorm test --workload eventual-register, not suite (whose other workloads read no index)");
            }
            TestConfig base = TestCommand.config(line, 5);
            int seeds = Flags.positiveInt(line, "seeds", 1, 1_000);
            List<String> workloads = line.hasOption("workloads") ? List.of(line.getOptionValue("workloads").split(","))
                    : Workloads.names();
            for (String workload : workloads) {
                if (!Workloads.names().contains(workload)) {
                    throw new IllegalArgumentException("--workloads takes names among " + String.join(", ", Workloads.names())
                            + "; not '" + workload + "'");
                }
                TestCommand.checkWorkload(workload, base.seed(), base.keys(), base.keyDistribution(), base.concurrency(),
                        base.consistencyModel());
            }
            List<List<NemesisKind>> nemeses = new ArrayList<>();
            nemeses.add(List.of());
            List<NemesisKind> kinds = line.hasOption("nemeses") ? TestCommand.nemeses("nemeses", line.getOptionValue("nemeses"))
                    : List.of(NemesisKind.values());
            for (NemesisKind kind : kinds) {
                TestConfig probe = base.cell(base.workload(), List.of(kind), base.seed(), base.rate());
                try {
                    probe.validate();
                    nemeses.add(List.of(kind));
                } catch (IllegalArgumentException e) {
                    if (line.hasOption("nemeses")) {
                        throw e;
                    }
                }
            }
            for (String workload : workloads) {
                if (workload.equals("hot-key") && base.target() instanceof Targets.Target.Endpoint
                        && !line.hasOption("workloads")) {
                    continue; // DynamoDB promises a ceiling, not that it throttles: not a verdict on another store
                }
                for (List<NemesisKind> nemesis : nemeses) {
                    for (int s = 0; s < seeds; s++) {
                        double rate = Workloads.all().get(workload).fullSpeed() && !line.hasOption("rate") ? 0 : base.rate();
                        cells.add(base.cell(workload, nemesis, base.seed() + s, rate));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("keystorm suite: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        Path suiteDir;
        Instant started = Instant.now();
        try {
            suiteDir = RunStore.create(cells.isEmpty() ? Path.of("store") : cells.get(0).store(), "suite");
            RunRecords.writeTestJson(suiteDir, "suite", "suite", RunRecords.command("suite", args),
                    cells.isEmpty() ? null : cells.get(0).seed(), List.of(args), started);
        } catch (IOException e) {
            err.println("keystorm suite: cannot write the run store (" + InsightsDirectory.describe(e) + ")");
            return ExitStatus.CANNOT_CREATE;
        }
        ArrayNode rows = RunRecords.JSON.createArrayNode();
        out.printf("keystorm suite: %d runs, kept in %s%n", cells.size(), suiteDir);
        out.printf("%-20s %-14s %-12s %-8s %9s %9s  %s%n", "workload", "nemesis", "seed", "verdict", "ops", "p99 ms", "anomalies");
        Validity overall = Validity.VALID;
        for (TestConfig cell : cells) {
            String nemesis = cell.nemeses().isEmpty() ? "none" : TestCommand.names(cell.nemeses());
            try {
                Path cellDir = TestRun.runDirectory(cell);
                RunResult result = TestRun.run(cell, cellDir, TestRun.RunOptions.of(TestCommand.rerun(cell), err));
                RunFinish.report(cellDir, err);
                overall = overall.and(result.validity());
                ObjectNode row = rows.addObject();
                row.put("workload", cell.workload());
                row.put("nemesis", nemesis);
                row.put("seed", cell.seed());
                row.put("validity", result.validity().word());
                row.put("operations", result.statistics().operations());
                row.put("p99Millis", result.statistics().latencyNanos(OpType.OK, 99) / 1e6);
                row.put("anomalies", result.validity() == Validity.VALID ? "" : verdictLine(result.check()));
                row.put("dir", suiteDir.toAbsolutePath().relativize(cellDir.toAbsolutePath()).toString());
                out.printf("%-20s %-14s %-12d %-8s %,9d %9.2f  %s%n", cell.workload(), nemesis, cell.seed(),
                        result.validity().word(), result.statistics().operations(),
                        result.statistics().latencyNanos(OpType.OK, 99) / 1e6,
                        result.validity() == Validity.VALID ? "" : verdictLine(result.check()) + "  (" + result.history() + ")");
                if (result.durability() != null) {
                    row.set("durability", result.durability().json());
                    out.println("  " + result.durability().line());
                }
            } catch (IOException | RuntimeException e) {
                overall = overall.and(Validity.UNKNOWN);
                ObjectNode row = rows.addObject();
                row.put("workload", cell.workload());
                row.put("nemesis", nemesis);
                row.put("seed", cell.seed());
                row.put("validity", "unknown");
                row.put("operations", 0);
                row.put("anomalies", "error: " + e.getMessage());
                out.printf("%-20s %-14s %-12d %-8s %9s %9s  %s%n", cell.workload(), nemesis, cell.seed(), "error", "-", "-",
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("keystorm suite: interrupted");
                return ExitStatus.SOFTWARE;
            }
            out.flush();
        }
        ObjectNode results = RunRecords.JSON.createObjectNode();
        results.put("format", 1);
        results.put("kind", "suite");
        results.put("validity", overall.word());
        results.put("wallSeconds", java.time.Duration.between(started, Instant.now()).toMillis() / 1000.0);
        results.set("cells", rows);
        try {
            RunRecords.write(suiteDir.resolve("results.json"), results);
        } catch (IOException e) {
            err.println("keystorm suite: cannot write " + suiteDir.resolve("results.json") + ": " + e.getMessage());
            return ExitStatus.CANNOT_CREATE;
        }
        Path report = RunFinish.report(suiteDir, err);
        out.println("suite: " + overall.word());
        if (report != null) {
            out.println("report: " + report);
        }
        return TestCommand.exit(overall);
    }

    /** The verdict's last line, which names the checker and the anomalies. */
    static String verdictLine(keystorm.checker.Result check) {
        String[] lines = check.render().strip().split("\n");
        return lines[lines.length - 1];
    }
}
