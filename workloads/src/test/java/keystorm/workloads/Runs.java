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
