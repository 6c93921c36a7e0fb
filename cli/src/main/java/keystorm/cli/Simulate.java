package keystorm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import keystorm.checker.Validity;
import keystorm.workloads.client.Targets;
import keystorm.workloads.runner.TestConfig;
import keystorm.workloads.runner.TestRun;
import keystorm.workloads.sim.Hunt;
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
    /** Flags of {@code keystorm hunt} that say how to hunt, not what a run is: left out of a replay command. */
    static final Set<String> HUNT_ONLY = Set.of("--seeds", "--time-budget", "--first-seed");
    /** Flags a replay command sets itself. */
    private static final Set<String> SET_BY_REPLAY = Set.of("--simulate", "--swarm", "--no-swarm");

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
     * The command that replays a seed: the flags as the user gave them (so a swarm keeps and picks
     * the same), without the seed, hunt's own flags and {@code --simulate}/{@code --swarm}, then
     * those and the seed.
     */
    static String replayCommand(String[] args, boolean swarm, long seed) {
        StringBuilder command = new StringBuilder("keystorm test --simulate");
        if (swarm) {
            command.append(" --swarm");
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = arg.contains("=");
            if (name.equals("--seed") || HUNT_ONLY.contains(name)) {
                if (!inline) {
                    i++;
                }
                continue;
            }
            if (SET_BY_REPLAY.contains(name)) {
                continue;
            }
            command.append(' ').append(quote(arg));
        }
        return command.append(" --seed ").append(seed).toString();
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
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
        Hunt.Spec shaping = new Hunt.Spec(spec(config), swarm, fixed(line), config.seed(), 1, Duration.ofDays(1));
        Swarm.Shape shape = Hunt.shapeFor(shaping, config.seed());
        SimSpec spec = Hunt.runFor(shaping, config.seed());
        out.println("keystorm test --simulate: seed " + config.seed());
        out.println("  " + config.workload() + " on the embedded engine, virtual time"
                + (shape != null ? "; swarm: " + shape.describe() : "")
                + (config.bugs().isEmpty() ? "" : ", bugs " + String.join(",", config.bugs().stream()
                .map(keystorm.engine.fault.Bug::cliName).sorted().toList())));
        out.flush();
        String replay = replayCommand(args, swarm, config.seed());
        Path directory = TestRun.runDirectory(config);
        return report(() -> SimRun.run(spec, null, directory, replay, budget), replay, out, err);
    }

    private static int replay(CommandLine line, TestConfig config, int budget, PrintStream out, PrintStream err) {
        for (String flag : List.of("workload", "nemesis", "nemesis-interval", "time-limit", "concurrency", "rate", "keys",
                "key-dist", "seed", "bug", "replica-lag", "sync", "consistency-model", "swarm")) {
            if (line.hasOption(flag)) {
                err.println("keystorm test: --schedule replays a schedule as it was recorded; it takes no --" + flag);
                return ExitStatus.USAGE;
            }
        }
        Path file = Path.of(line.getOptionValue("schedule"));
        Schedule schedule;
        try {
            schedule = Schedule.read(file);
        } catch (NoSuchFileException e) {
            err.println("keystorm test: --schedule " + file + ": no such file");
            return ExitStatus.NO_INPUT;
        } catch (IOException e) {
            err.println("keystorm test: --schedule " + file + ": cannot read it: " + e.getMessage());
            return ExitStatus.NO_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("keystorm test: --schedule " + file + ": " + e.getMessage());
            return ExitStatus.DATA_ERROR;
        }
        out.println("keystorm test --simulate: seed " + schedule.parameters().seed() + ", replaying " + file + " ("
                + (schedule.clientSteps(false).size() + schedule.clientSteps(true).size()) + " operations, "
                + schedule.faultSteps().size() + " faults)");
        out.flush();
        String replay = SimRun.replaySchedule(file);
        Path directory = config.store().resolve(schedule.parameters().workload())
                .resolve(TestRun.runDirectory(config).getFileName());
        return report(() -> SimRun.run(null, schedule, directory, replay, budget), replay, out, err);
    }

    private interface Runner {
        SimRun.Outcome run() throws IOException;
    }

    private static int report(Runner runner, String replay, PrintStream out, PrintStream err) {
        SimRun.Outcome outcome;
        try {
            outcome = runner.run();
        } catch (IOException e) {
            err.println("keystorm test: " + e.getMessage());
            return ExitStatus.CANNOT_CREATE;
        } catch (IllegalArgumentException e) {
            err.println("keystorm test: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        out.print(outcome.result().summary());
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
        return TestCommand.exit(outcome.result().validity());
    }

    static int shrinkBudget(CommandLine line) {
        if (line.hasOption("no-shrink")) {
            return 0;
        }
        return Flags.positiveInt(line, "shrink-budget", Shrinker.DEFAULT_MAX_TESTS, 1_000_000);
    }
}
