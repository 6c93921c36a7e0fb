package keystorm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import keystorm.results.runs.RunStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import keystorm.engine.fault.Bug;
import keystorm.workloads.runner.TestConfig;
import keystorm.workloads.runner.TestRun;
import keystorm.workloads.sim.Hunt;
import keystorm.workloads.sim.Shrinker;
import keystorm.workloads.sim.SimRun;
import keystorm.workloads.sim.SimSpec;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm hunt}: simulated runs seed after seed until one fails or the budget is spent;
 * then the failure kept, shrunk and explained. Exit status: 1 a failure found, 0 none failed, 2
 * none failed but some seeds could not be decided, 64 a usage error.
 */
final class HuntCommand implements Subcommand {
    @Override
    public String name() {
        return "hunt";
    }

    @Override
    public String summary() {
        return "simulate seed after seed until one fails; report it shrunk, with the command that replays it";
    }

    static Options options() {
        Options options = new Options();
        for (Option option : TestCommand.options().getOptions()) {
            String name = option.getLongOpt();
            // what a simulation means nothing by (a target, tables kept on one, how to sign for AWS) is not taken
            if (name != null && !java.util.Set.of("simulate", "schedule", "target", "seed", "swarm", "help", "keep-tables",
                    "region", "aws-credentials", "read-index", "index-lag", "ttl-delay").contains(name)) {
                options.addOption(option);
            }
        }
        options.addOption(Option.builder().longOpt("seeds").hasArg().argName("N")
                .desc("the most seeds to try (default 1000)").build());
        options.addOption(Option.builder().longOpt("time-budget").hasArg().argName("S")
                .desc("the most wall-clock seconds to spend (default 300)").build());
        options.addOption(Option.builder().longOpt("first-seed").hasArg().argName("N")
                .desc("the first seed (default 1); then 2, 3 ...").build());
        options.addOption(Option.builder().longOpt("no-swarm")
                .desc("every seed runs the same shape (by default each picks its faults, clients, keys and replica "
                        + "lag, where no flag sets them)").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = Flags.parse(options(), args, "hunt", "keystorm hunt --workload NAME [--bug NAME] [--seeds N] [--time-budget S] ... (--help)", err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            Flags.help(out, "keystorm hunt [options]", options());
            out.println();
            out.println("Each run is a keystorm test --simulate (see keystorm test --help for the workloads, faults and bugs);");
            out.println("--time-limit defaults to 2 virtual seconds a seed.");
            out.println();
            out.println("exit status: 1 a failing seed found, 0 none failed, 2 none failed but some were unknown, 64 usage error");
            return ExitStatus.OK;
        }
        Hunt.Spec spec;
        TestConfig config;
        int budget;
        try {
            config = TestCommand.config(line, 2);
            SimSpec base = Simulate.spec(config);
            boolean swarm = !line.hasOption("no-swarm");
            spec = new Hunt.Spec(base, swarm, Simulate.fixed(line), Flags.longValue(line, "first-seed", 1),
                    Flags.positiveInt(line, "seeds", 1000, Integer.MAX_VALUE),
                    Duration.ofMillis(Math.round(1000 * Flags.positiveDouble(line, "time-budget", 300))));
            budget = Simulate.shrinkBudget(line);
        } catch (IllegalArgumentException e) {
            err.println("keystorm hunt: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        out.println("keystorm hunt: " + config.workload() + (config.bugs().isEmpty() ? "" : ", bug "
                + String.join(",", config.bugs().stream().map(Bug::cliName).sorted().toList()))
                + ", seeds " + spec.firstSeed() + ".." + (spec.firstSeed() + spec.seeds() - 1) + ", at most "
                + spec.timeBudget().toSeconds() + " s" + (spec.swarm() ? ", swarm" : ""));
        out.flush();
        Hunt.Report report;
        Instant started = Instant.now();
        try {
            report = Hunt.run(spec, message -> {
                out.println(message);
                out.flush();
            });
        } catch (IOException e) {
            err.println("keystorm hunt: " + e.getMessage());
            return ExitStatus.CANNOT_CREATE;
        } catch (IllegalStateException e) {
            err.println("keystorm hunt: " + e.getMessage()); // names the seed
            return ExitStatus.SOFTWARE;
        }
        Hunt.Found found = report.found();
        Path huntDir;
        try {
            huntDir = RunStore.create(config.store(), "hunt");
            RunRecords.writeTestJson(huntDir, "hunt", "hunt", RunRecords.command("hunt", args), spec.firstSeed(),
                    List.of(args), started);
        } catch (IOException e) {
            err.println("keystorm hunt: cannot write the run store (" + InsightsDirectory.describe(e) + ")");
            return ExitStatus.CANNOT_CREATE;
        }
        if (found == null) {
            Path page = finishHunt(huntDir, report, config, null, null, err);
            if (page != null) {
                out.println("report: " + page);
            }
            out.printf("no failure in %,d seed%s (%,d operations, %.1f s)%s%n", report.seedsRun(),
                    report.seedsRun() == 1 ? "" : "s", report.operations(),
                    report.wallNanos() / 1e9, report.unknown() > 0 ? "; " + report.unknown() + " could not be decided" : "");
            return report.unknown() > 0 ? ExitStatus.UNKNOWN : ExitStatus.OK;
        }
        String replay = Simulate.replayCommand(config, spec.swarm(), spec.fixed(), found.seed());
        out.printf("found: seed %d failed, after %,d seed%s (%,d operations, %.1f s)%n", found.seed(), report.seedsRun(),
                report.seedsRun() == 1 ? "" : "s", report.operations(), report.wallNanos() / 1e9);
        if (found.shape() != null) {
            out.println("  shape: " + found.shape().describe());
        }
        out.println("  replay: " + replay);
        out.println();
        Path directory = TestRun.runDirectory(config);
        SimRun.Outcome outcome;
        try {
            outcome = SimRun.run(found.spec(), null, directory, replay, budget);
        } catch (IOException e) {
            err.println("keystorm hunt: " + e.getMessage());
            return ExitStatus.CANNOT_CREATE;
        }
        out.println("history sha-256 " + outcome.historySha256());
        out.print(outcome.result().check().render());
        out.println();
        if (outcome.shrunk() != null) {
            out.print(Shrinker.render(outcome.shrunk()));
            out.println("replay the minimal run: " + SimRun.replaySchedule(directory.resolve("minimal-schedule.json")));
            out.println();
            out.print(SimRun.explain(outcome.shrunk().result()));
        }
        Path failingPage = RunFinish.report(directory, err);
        Path huntPage = finishHunt(huntDir, report, config, directory, outcome, err);
        out.println("run kept in " + directory);
        if (failingPage != null) {
            out.println("report: " + failingPage + (huntPage == null ? "" : " (the hunt: " + huntPage + ")"));
        }
        return ExitStatus.INVALID; // what the hunt found stands, whatever became of its files
    }

    /**
     * results.json of the hunt (its verdict, counts and the failing run, linked) and its report;
     * the report's path, or null when either could not be written (said on {@code err}).
     */
    private static Path finishHunt(Path huntDir, Hunt.Report report, TestConfig config, Path failingDir,
                                  SimRun.Outcome outcome, PrintStream err) {
        ObjectNode results = RunRecords.JSON.createObjectNode();
        results.put("format", 1);
        results.put("kind", "hunt");
        results.put("workload", config.workload());
        results.put("validity", report.found() != null ? "invalid" : report.unknown() > 0 ? "unknown" : "valid");
        results.put("seedsRun", report.seedsRun());
        results.put("seedsUnknown", report.unknown());
        results.put("operations", report.operations());
        results.put("wallSeconds", report.wallNanos() / 1e9);
        ArrayNode runs = results.putArray("runs");
        if (report.found() != null) {
            results.put("foundSeed", report.found().seed());
            ObjectNode run = runs.addObject();
            run.put("seed", report.found().seed());
            run.put("validity", report.found().result().check().validity().word());
            run.put("operations", report.found().result().statistics().operations());
            run.put("anomalies", SuiteCommand.verdictLine(report.found().result().check()));
            if (failingDir != null) {
                run.put("dir", huntDir.toAbsolutePath().relativize(failingDir.toAbsolutePath()).toString());
            }
            if (outcome != null && outcome.shrunk() != null) {
                run.put("shrunk", true);
            }
        }
        try {
            RunRecords.write(huntDir.resolve("results.json"), results);
        } catch (IOException e) {
            err.println("keystorm hunt: cannot write " + huntDir.resolve("results.json") + ": " + e.getMessage());
            return null;
        }
        return RunFinish.report(huntDir, err);
    }
}
