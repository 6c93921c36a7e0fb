package keystorm.workloads;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Supplier;
import keystorm.checker.op.Payload;
import keystorm.engine.fault.Bug;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.runner.RunSpec;
import keystorm.workloads.runner.Runner;

/** Short runs of a workload against the embedded engine, correct or with seeded bugs, for the workloads' tests. */
public final class Runs {
    private Runs() {
    }

    public static EngineConfig withBugs(Bug... bugs) {
        EnumSet<Bug> set = EnumSet.noneOf(Bug.class);
        set.addAll(java.util.List.of(bugs));
        return EngineConfig.inMemory().withBugs(set);
    }

    /** Runs of a seeded bug: a run of a second on a loaded machine may not hit the bug's window, so up to this many. */
    static final int BUG_RUNS_MAX = 5;

    /**
     * Runs {@code workload} as {@link #run} does, again (up to {@link #BUG_RUNS_MAX} runs in all)
     * while the result is not invalid, and answers the first invalid result or the last: a test of
     * a seeded bug fails only if none of the runs catches it.
     */
    public static <P extends Payload> RunResult untilInvalid(Workload<P> workload, EngineConfig config, int threads,
                                                             Duration time, Path dir) throws Exception {
        RunResult result = null;
        for (int i = 0; i < BUG_RUNS_MAX; i++) {
            result = run(workload, config, threads, time, java.nio.file.Files.createDirectories(dir.resolve("run-" + i)));
            if (result.validity() == keystorm.checker.Validity.INVALID) {
                return result;
            }
        }
        return result;
    }

    /** Runs {@code workload} for {@code time} with {@code threads} workers on an engine of {@code config}, and prints the summary. */
    public static <P extends Payload> RunResult run(Workload<P> workload, EngineConfig config, int threads, Duration time,
                                                    Path dir) throws Exception {
        Supplier<Engine> opener = () -> new Engine(config);
        try (EmbeddedStore store = new EmbeddedStore(opener)) {
            RunResult result = Runner.run(new RunSpec<>(workload, store, threads, time, 0, 1, null, null,
                    dir.resolve(workload.name() + ".jsonl"), Duration.ofSeconds(5)));
            String text = result.render();
            System.out.println(text.length() > 4_000 ? text.substring(0, 4_000) + "\n..." : text);
            return result;
        }
    }
}
