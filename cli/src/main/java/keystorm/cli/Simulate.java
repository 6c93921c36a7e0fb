package keystorm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import keystorm.checker.Validity;
import keystorm.workloads.client.Targets;
import keystorm.workloads.runner.TestConfig;
import keystorm.workloads.runner.TestRun;
import keystorm.workloads.sim.Schedule;
import keystorm.workloads.sim.Shrinker;
import keystorm.workloads.sim.SimRun;
import keystorm.workloads.sim.SimSpec;
import keystorm.workloads.sim.Swarm;
import org.apache.commons.cli.CommandLine;

/**
 * {@code keystorm test --simulate}: the run on one thread and virtual time, replayable by its seed
 * (or by its schedule, {@code --schedule FILE}), shrunk when it fails. Shared with {@code keystorm hunt}.
 */
final class Simulate {

    private Simulate() {
    }

    /** The simulated run the flags describe (the target must be the embedded engine). */
    static SimSpec spec(TestConfig config) {
        if (!(config.target() instanceof Targets.Target.Embedded)) {
            throw new IllegalArgumentException("--simulate runs keystorm's embedded engine on virtual time; not --target "
                    + TestConfig.describe(config.target()));
        }
        return SimSpec.of(config, null);
    }

    /** What the user set, which a swarm keeps. */
    static Set<Swarm.Dimension> fixed(CommandLine line) {
        Set<Swarm.Dimension> fixed = EnumSet.noneOf(Swarm.Dimension.class);
        if (line.hasOption("nemesis")) {
            fixed.add(Swarm.Dimension.NEMESES);
        }
        if (line.hasOption("nemesis-interval")) {
            fixed.add(Swarm.Dimension.INTERVAL);
        }
        if (line.hasOption("concurrency")) {
            fixed.add(Swarm.Dimension.CONCURRENCY);
        }
        if (line.hasOption("keys") || line.hasOption("key-dist")) {
            fixed.add(Swarm.Dimension.KEYS);
        }
        if (line.hasOption("replica-lag")) {
            fixed.add(Swarm.Dimension.REPLICA_LAG);
        }
        return fixed;
    }

    /**
     * The command that replays a seed, from the values the run had (not the words the user typed:
     * a default that differs between commands, {@code hunt}'s 2 s against {@code test}'s 10 s, or
     * an abbreviated flag would make it another run). With a swarm, the dimensions it chose stay
     * out of the command, so that it chooses them again; those the user fixed go in.
     */
    static String replayCommand(TestConfig config, boolean swarm, Set<Swarm.Dimension> fixed, long seed) {
        StringBuilder command = new StringBuilder("keystorm test --simulate");
        if (swarm) {
            command.append(" --swarm");
        }
        command.append(" --workload ").append(config.workload());
        Set<Swarm.Dimension> chosen = EnumSet.noneOf(Swarm.Dimension.class);
        if (swarm) {
            chosen.addAll(EnumSet.allOf(Swarm.Dimension.class));
            chosen.removeAll(fixed);
        }
        TestCommand.appendRun(command, config, chosen, true);
        return command.append(" --seed ").append(seed).toString();
    }

    /** {@code keystorm test --simulate ...}: run, keep, shrink if it fails, print. */
    static int test(CommandLine line, String[] args, TestConfig config, PrintStream out, PrintStream err) {
        int budget;
        try {
            budget = shrinkBudget(line);
            if (!line.hasOption("schedule")) {
                spec(config);
            }
        } catch (IllegalArgumentException e) {
            err.println("keystorm test: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        if (line.hasOption("schedule")) {
            return replay(line, config, budget, out, err);
        }
        boolean swarm = line.hasOption("swarm");
        Set<Swarm.Dimension> fixed = fixed(line);
        Swarm.Shaped shaped = Swarm.shape(spec(config), swarm, fixed, config.seed());
        Swarm.Shape shape = shaped.shape();
        SimSpec spec = shaped.spec();
        out.println("keystorm test --simulate: seed " + config.seed());
        out.println("  " + config.workload() + " on the embedded engine, virtual time"
                + (shape != null ? "; swarm: " + shape.describe() : "")
                + (config.bugs().isEmpty() ? "" : ", bugs " + String.join(",", config.bugs().stream()
                .map(keystorm.engine.fault.Bug::cliName).sorted().toList())));
        out.flush();
        String replay = replayCommand(config, swarm, fixed, config.seed());
        Path directory = TestRun.runDirectory(config);
        return report(() -> {
            // the options of what runs: for a swarm, what it chose (its replay command lets it choose again)
            recordTest(directory, ran(config, spec.workload(), spec.seed(), spec.options().keys(),
                    spec.options().keyDistribution().spec(), spec.concurrency(), spec.timeLimit(), spec.rate(),
                    spec.nemesis(), spec.nemesisInterval(), spec.bugs(), spec.replicaLag(), spec.sync(),
                    spec.options().consistencyModel()), swarm, replay, null);
            return SimRun.run(spec, null, directory, replay, budget);
        }, replay, ExitStatus.USAGE, "", directory, config.store(), out, err);
    }

    private static int replay(CommandLine line, TestConfig config, int budget, PrintStream out, PrintStream err) {
        for (String flag : List.of("workload", "target", "nemesis", "nemesis-interval", "time-limit", "concurrency", "rate",
                "keys", "key-dist", "seed", "bug", "replica-lag", "sync", "consistency-model", "swarm")) {
            if (line.hasOption(flag)) {
                err.println("keystorm test: --schedule replays a schedule as it was recorded; it takes no --" + flag);
                return ExitStatus.USAGE;
            }
        }
        Path file = Path.of(line.getOptionValue("schedule"));
        Schedule schedule;
        try {
            schedule = Schedule.read(file);
        } catch (IOException e) {
            err.println("keystorm test: --schedule " + file + ": " + Inputs.describe(e));
            return Inputs.status(e);
        } catch (IllegalArgumentException e) {
            err.println("keystorm test: --schedule " + file + ": " + e.getMessage());
            return ExitStatus.DATA_ERROR;
        }
        out.println("keystorm test --simulate: seed " + schedule.parameters().seed() + ", replaying " + file + " ("
                + (schedule.clientSteps(false).size() + schedule.clientSteps(true).size()) + " operations, "
                + schedule.faultSteps().size() + " faults)");
        out.flush();
        String replay = SimRun.replaySchedule(file.toAbsolutePath());
        Path directory = config.store().resolve(schedule.parameters().workload())
                .resolve(TestRun.runDirectory(config).getFileName());
        Schedule.Parameters p = schedule.parameters();
        return report(() -> {
            recordTest(directory, ran(config, p.workload(), p.seed(), p.keys(), p.keyDistribution().spec(), p.concurrency(),
                    p.timeLimit(), p.rate(), p.nemesis(), p.nemesisInterval(), p.bugs(), p.replicaLag(), p.sync(),
                    p.consistencyModel()),
                    false, replay, file);
            return SimRun.run(null, schedule, directory, replay, budget);
        }, replay, ExitStatus.DATA_ERROR, "--schedule " + file + ": ", directory, config.store(), out, err);
    }

    /** The config of what a simulation runs (a swarm's shape, or a schedule's parameters), the rest from the flags'. */
    private static TestConfig ran(TestConfig flags, String workload, long seed, int keys, String keyDistribution,
                                  int concurrency, java.time.Duration timeLimit, double rate,
                                  List<keystorm.workloads.nemesis.NemesisKind> nemeses, java.time.Duration interval,
                                  Set<keystorm.engine.fault.Bug> bugs, keystorm.engine.partition.ReplicaLag lag,
                                  keystorm.engine.wal.SyncPolicy sync, keystorm.checker.elle.ConsistencyModel model) {
        long lagMillis = lag instanceof keystorm.engine.partition.ReplicaLag.Uniform u
                ? java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(u.maxNanos()) : 0;
        return new TestConfig(workload, flags.target(), nemeses, interval, timeLimit, concurrency, rate, keys,
                keyDistribution, seed, bugs, model, flags.store(), flags.keepTables(), lagMillis, sync,
                flags.serveCommand(), flags.region(), flags.awsCredentials());
    }

    /**
     * test.json of a simulated run, before it runs: its options, and the command that replays it
     * (what {@code keystorm test --replay} runs); a schedule's replay names the schedule it follows.
     */
    private static void recordTest(Path directory, TestConfig config, boolean swarm, String replay, Path schedule)
            throws IOException {
        java.nio.file.Files.createDirectories(directory);
        keystorm.workloads.runner.TestConfigJson.writeTestJson(directory, config, true, swarm, replay, java.time.Instant.now());
        if (schedule != null) {
            com.fasterxml.jackson.databind.node.ObjectNode test =
                    (com.fasterxml.jackson.databind.node.ObjectNode) RunRecords.JSON.readTree(directory.resolve("test.json").toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) test.path("options")).put("schedule",
                    schedule.toAbsolutePath().toString());
            RunRecords.write(directory.resolve("test.json"), test);
        }
    }

    private interface Runner {
        SimRun.Outcome run() throws IOException;
    }

    /**
     * @param refused   the exit status when the run refuses what it was given (a flag, or a schedule's data)
     * @param what      what a refusal names first ({@code --schedule FILE: }, or nothing for the flags)
     * @param directory the run's directory, removed with what the run made above it when it is refused
     */
    private static int report(Runner runner, String replay, int refused, String what, Path directory, Path store,
                              PrintStream out, PrintStream err) {
        List<Path> made = new java.util.ArrayList<>(); // the directories this run will make, deepest first
        for (Path dir = directory.toAbsolutePath(); dir != null && !java.nio.file.Files.exists(dir); dir = dir.getParent()) {
            made.add(dir);
            if (dir.equals(store.toAbsolutePath())) {
                break;
            }
        }
        SimRun.Outcome outcome;
        try {
            outcome = runner.run();
        } catch (IOException e) {
            err.println("keystorm test: cannot write the run (" + InsightsDirectory.describe(e) + ")");
            return ExitStatus.CANNOT_CREATE;
        } catch (IllegalArgumentException e) {
            // refused before a verdict (an operation the workload does not know, a bank of one account): no run is kept
            remove(made);
            err.println("keystorm test: " + what + e.getMessage());
            return refused;
        } catch (IllegalStateException e) {
            err.println("keystorm test: " + e.getMessage() + " (replay: " + replay + ")");
            return ExitStatus.SOFTWARE;
        }
        out.print(outcome.summary());
        if (outcome.result().validity() == Validity.INVALID) {
            out.println();
            out.println("replay: " + replay);
            if (outcome.shrunk() != null) {
                out.print(Shrinker.render(outcome.shrunk()));
                out.println("replay the minimal run: " + SimRun.replaySchedule(outcome.directory().resolve("minimal-schedule.json")));
                out.println();
                out.print(SimRun.explain(outcome.shrunk().result()));
            }
        }
        out.println("run kept in " + outcome.directory());
        Path report = RunFinish.report(outcome.directory(), err);
        if (report != null) {
            out.println("report: " + report);
        }
        return TestCommand.exit(outcome.result().validity());
    }

    /** Removes the run directory (the first) with all in it, then each directory above it, if empty. */
    private static void remove(List<Path> made) {
        if (made.isEmpty()) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(made.getFirst())) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(file);
            }
            for (Path dir : made.subList(1, made.size())) {
                java.nio.file.Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            // what cannot be removed stays; the refusal is said all the same
        }
    }

    static int shrinkBudget(CommandLine line) {
        if (line.hasOption("no-shrink")) {
            return 0;
        }
        return Flags.positiveInt(line, "shrink-budget", Shrinker.DEFAULT_MAX_TESTS, 1_000_000);
    }
}
