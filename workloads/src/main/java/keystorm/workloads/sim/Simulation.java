package keystorm.workloads.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import keystorm.checker.Result;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.op.Payload;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.fault.Fault;
import keystorm.engine.partition.PartitionMap;
import keystorm.workloads.Workload;
import keystorm.workloads.Workloads;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Generators;
import keystorm.workloads.nemesis.NemesisSchedule;

/**
 * Deterministic simulation: the embedded engine, its replicas and log, the logical clients and the
 * nemesis on the calling thread and virtual time ({@link EventLoop}). The same {@link SimSpec}
 * gives the same history, byte for byte; {@link #replay} runs a recorded {@link Schedule} again,
 * exactly, or with steps removed.
 *
 * <p>The run follows the runner's ({@code runner.Runner}): set up, the main phase (the workload's
 * generator at the rate and for the time limit, the nemesis beside it), a heal-all if there is a
 * nemesis, then the workload's final phase (at most 60 s), then the check. A durable engine (for
 * crashes) logs into a temporary directory of its own, deleted at the end.
 *
 * <p>Threads: none. The engine's write-ahead log runs as scheduler tasks on virtual time (its
 * flushes and snapshots), so what a crash finds on disk is the same every run, under every sync
 * policy. (The checker, after the run, uses its own pool.)
 */
public final class Simulation {
    private static final Duration FINAL_PHASE_MAX = Duration.ofSeconds(60);
    /** Runner's salt for the rate's seed, so a simulated run staggers as a real one of the same seed. */
    private static final long RATE_SALT = 0x5DEECE66DL;

    private Simulation() {
    }

    /** Runs the spec; its schedule is in the result. */
    public static SimResult run(SimSpec spec) throws IOException {
        return execute(spec.parameters(), null, spec.history(), spec.check());
    }

    /** Replays a schedule, checked, with no history file. */
    public static SimResult replay(Schedule schedule) throws IOException {
        return replay(schedule, null, true);
    }

    /**
     * Runs exactly the schedule's steps: each at its time, or when its thread (or the nemesis) is
     * next free if that is later, with its own step seed. The result's schedule is what ran, with
     * the times the steps actually had.
     */
    public static SimResult replay(Schedule schedule, Path history, boolean check) throws IOException {
        return execute(schedule.parameters(), schedule, history, check);
    }

    private static SimResult execute(Schedule.Parameters parameters, Schedule replaying, Path history, boolean check)
            throws IOException {
        Workload<?> workload = Workloads.create(parameters.workload(), parameters.options());
        return execute(workload, parameters, replaying, history, check);
    }

    private static <P extends Payload> SimResult execute(Workload<P> workload, Schedule.Parameters parameters,
                                                          Schedule replaying, Path history, boolean check)
            throws IOException {
        long wallStart = System.nanoTime();
        if (history != null && history.getParent() != null) {
            Files.createDirectories(history.getParent());
        }
        Path dataDir = parameters.durable() ? Files.createTempDirectory("keystorm-sim-") : null;
        SimScheduler scheduler = new SimScheduler();
        EngineConfig config = (dataDir == null ? EngineConfig.inMemory() : EngineConfig.durable(dataDir, parameters.sync()))
                .withScheduler(scheduler).withSeed(parameters.engineSeed()).withReplicaLag(parameters.replicaLag())
                .withBugs(parameters.bugs());
        Recorded recorded;
        try (Writer writer = history == null ? null : Files.newBufferedWriter(history, StandardCharsets.UTF_8);
             SimStore store = new SimStore(new EmbeddedStore(() -> new Engine(config)))) {
            recorded = record(workload, parameters, replaying, scheduler, store, new HistoryLog(writer));
        } finally {
            if (dataDir != null) {
                deleteTree(dataDir);
            }
        }
        long wallNanos = System.nanoTime() - wallStart;
        Result result = check ? workload.checker().check(History.of(recorded.history().ops())) : null;
        return new SimResult(recorded.schedule(), recorded.history().ops(), history, result,
                statistics(recorded, scheduler.nanos(), wallNanos));
    }

    private record Recorded(Schedule schedule, HistoryLog history, long operations, long faults, int abandoned) {
    }

    private static <P extends Payload> Recorded record(Workload<P> workload, Schedule.Parameters p, Schedule replaying,
                                                      SimScheduler scheduler, SimStore store, HistoryLog history) {
        workload.client().setup(store);
        EventLoop<P> loop = new EventLoop<>(scheduler, workload.client(), store, history, p.concurrency());
        Source<P> main;
        Source<Fault> faults = null;
        if (replaying == null) {
            Generator<P> generator = workload.generator();
            if (p.rate() > 0) {
                generator = Generators.rate(p.rate(), p.seed() ^ RATE_SALT, generator);
            }
            main = new GeneratorSource<>(Generators.timeLimit(p.timeLimit(), generator), p.seed());
            if (!p.nemesis().isEmpty()) {
                faults = new GeneratorSource<>(NemesisSchedule.of(p.nemesis(), p.nemesisInterval(), p.seed(),
                        tables(store, p.tablePrefix()), PartitionMap.ON_DEMAND_PARTITIONS), p.seed());
            }
        } else {
            main = new ScheduledClients<>(workload.family(), workload.keyed(), replaying.clientSteps(false), p.concurrency(),
                    replaying.mainEndNanos());
            faults = new ScheduledFaults(replaying.faultSteps());
        }
        EventLoop.PhaseEnd mainEnd = loop.runPhase(main, faults, false);
        if (p.heals()) {
            loop.runFault(new Fault.HealAll());
        }
        long finalEnd = -1;
        int abandoned = mainEnd.abandoned();
        if (workload.finalGenerator() != null) {
            Source<P> last = replaying == null
                    ? new GeneratorSource<>(Generators.timeLimit(FINAL_PHASE_MAX, workload.finalGenerator()), p.seed())
                    : new ScheduledClients<>(workload.family(), workload.keyed(), replaying.clientSteps(true),
                    p.concurrency(), replaying.finalEndNanos());
            EventLoop.PhaseEnd end = loop.runPhase(last, null, true);
            finalEnd = end.endNanos();
            abandoned += end.abandoned();
        }
        Schedule schedule = new Schedule(p, new ArrayList<>(loop.steps()), mainEnd.endNanos(), finalEnd);
        return new Recorded(schedule, history, loop.operations(), loop.faults(), abandoned);
    }

    private static List<String> tables(SimStore store, String prefix) {
        return store.tableNames().stream().filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    private static SimResult.Statistics statistics(Recorded recorded, long virtualNanos, long wallNanos) {
        long ok = 0;
        long fail = 0;
        long info = 0;
        for (Op op : recorded.history().ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.OK) {
                ok++;
            } else if (op.type() == OpType.FAIL) {
                fail++;
            } else if (op.type() == OpType.INFO) {
                info++;
            }
        }
        return new SimResult.Statistics(recorded.operations(), ok, fail, info, recorded.faults(), recorded.abandoned(),
                virtualNanos, wallNanos);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the simulation's data directory " + root, e);
        }
    }
}
