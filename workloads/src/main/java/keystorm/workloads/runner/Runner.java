package keystorm.workloads.runner;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import keystorm.checker.Result;
import keystorm.checker.history.History;
import keystorm.checker.history.HistoryFormatException;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.op.Payload;
import keystorm.workloads.Workload;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Generators;

/**
 * Runs one test: sets the workload up, drives it for the time limit while the nemesis follows its
 * schedule, heals every fault, runs the workload's final operations, then checks the history it
 * streamed to disk.
 */
public final class Runner {
    private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FINAL_PHASE_MAX = Duration.ofSeconds(60);

    private Runner() {
    }

    public static <P extends Payload, F> RunResult run(RunSpec<P, F> spec) throws IOException, InterruptedException {
        return run(spec, true);
    }

    /** @param setUp whether to run the client's setup first (false: the caller has, to aim the nemesis at its tables) */
    public static <P extends Payload, F> RunResult run(RunSpec<P, F> spec, boolean setUp) throws IOException,
            InterruptedException {
        return run(spec, setUp, Progress.NONE);
    }

    /** The same, reporting to {@code progress} as the run goes. */
    public static <P extends Payload, F> RunResult run(RunSpec<P, F> spec, boolean setUp, Progress progress)
            throws IOException, InterruptedException {
        Recording recording = record(spec, setUp, progress);
        History history = read(spec);
        Result check = spec.workload().checker().check(history);
        return new RunResult(spec.workload().name(), spec.seed(), check, recording.statistics(), spec.history(),
                recording.abandoned(), recording.wallNanos(), Durability.of(history, check));
    }

    /**
     * What a run recorded before its check: its statistics, the operations left without a
     * completion, and the time it took.
     */
    public record Recording(RunStatistics statistics, int abandoned, long wallNanos) {
    }

    /**
     * Everything {@link #run} does but the check: the history is on disk when this returns. For
     * measuring the run apart from the check (the check reads the whole history into memory).
     */
    public static <P extends Payload, F> Recording record(RunSpec<P, F> spec, boolean setUp) throws IOException,
            InterruptedException {
        return record(spec, setUp, Progress.NONE);
    }

    /** The same, reporting to {@code progress} as the run goes. */
    public static <P extends Payload, F> Recording record(RunSpec<P, F> spec, boolean setUp, Progress progress)
            throws IOException, InterruptedException {
        Workload<P> workload = spec.workload();
        if (spec.history().getParent() != null) {
            Files.createDirectories(spec.history().getParent());
        }
        if (setUp) {
            workload.client().setup(spec.store());
        }
        long start = System.nanoTime();
        int abandoned;
        RunStatistics statistics = new RunStatistics();
        statistics.started(System.currentTimeMillis());
        try (Writer history = Files.newBufferedWriter(spec.history(), StandardCharsets.UTF_8);
             Interpreter<P, F> interpreter = new Interpreter<>(workload.client(), spec.store(), spec.nemesis(),
                     spec.concurrency(), start, history, statistics)) {
            interpreter.progress(progress, spec.timeLimit().toNanos());
            Generator<P> main = workload.generator();
            if (spec.rate() > 0) {
                main = Generators.rate(spec.rate(), spec.seed() ^ 0x5DEECE66DL, main);
            }
            main = Generators.timeLimit(spec.timeLimit(), main);
            long drain = spec.drainTimeout().toNanos();
            abandoned = interpreter.run(main, spec.nemesisSchedule(), drain);
            if (spec.nemesis() != null) {
                interpreter.runFault(spec.nemesis().healAll(), HEAL_TIMEOUT.toNanos());
            }
            if (workload.finalGenerator() != null) {
                // The final reads get a bounded time of their own, whatever the main phase's length.
                abandoned = Math.max(abandoned, interpreter.run(Generators.timeLimit(FINAL_PHASE_MAX,
                        workload.finalGenerator()), null, drain));
            }
        }
        return new Recording(statistics, abandoned, System.nanoTime() - start);
    }

    private static History read(RunSpec<?, ?> spec) throws IOException {
        try (Reader reader = Files.newBufferedReader(spec.history(), StandardCharsets.UTF_8)) {
            return JsonlHistory.read(reader);
        } catch (HistoryFormatException e) {
            throw new IllegalStateException("the history keystorm wrote does not read back: " + e.getMessage(), e);
        }
    }
}
