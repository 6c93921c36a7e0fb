package keystorm.workloads.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import keystorm.engine.fault.Bug;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.Workloads;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.nemesis.NemesisKind;
import keystorm.workloads.runner.TestConfig;

/**
 * One simulated run, as {@code keystorm test --simulate} would ask for it. Everything random
 * derives from {@code seed}: the workload's generator, the rate's gaps, the nemesis's schedule, the
 * engine's randomness, each operation's latencies and windows, and the table prefix. So the
 * options' seed, table prefix and concurrency are replaced by the run's ({@link #options()}
 * always answers the options the run uses).
 *
 * @param options         keys, key distribution and consistency model of the workload
 * @param timeLimit       how long the main phase runs, in virtual time
 * @param rate            operations a second over all threads, in virtual time; 0 for as fast as they complete
 * @param nemesis         the kinds of fault to draw from; empty for none (and then no heal either)
 * @param nemesisInterval the wait before each fault and before its end
 * @param sync            the write-ahead log's policy, when a crash or kill makes the engine durable
 * @param history         where to stream the history as JSONL, or null for nowhere (it is in the result)
 * @param check           whether to check the history once the run is over
 */
public record SimSpec(String workload, WorkloadOptions options, int concurrency, Duration timeLimit, double rate, long seed,
                      List<NemesisKind> nemesis, Duration nemesisInterval, Set<Bug> bugs, ReplicaLag replicaLag,
                      SyncPolicy sync, Path history, boolean check) {
    public SimSpec {
        Objects.requireNonNull(workload, "workload");
        if (!Workloads.all().containsKey(workload)) {
            throw new IllegalArgumentException("unknown workload '" + workload + "'; known: " + String.join(", ", Workloads.names()));
        }
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(nemesisInterval, "nemesisInterval");
        Objects.requireNonNull(replicaLag, "replicaLag");
        Objects.requireNonNull(sync, "sync");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, not " + concurrency);
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, not " + timeLimit);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be >= 0 (0: as fast as operations complete), not " + rate);
        }
        nemesis = List.copyOf(nemesis);
        if (!nemesis.isEmpty() && (nemesisInterval.isNegative() || nemesisInterval.isZero())) {
            throw new IllegalArgumentException("nemesisInterval must be positive, not " + nemesisInterval);
        }
        bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
        options = new WorkloadOptions(seed, options.keys(), options.keyDistribution(), Seeds.tablePrefix(seed), concurrency,
                options.consistencyModel());
    }

    /**
     * A run of {@code workload} with a seed: 10 keys (uniform), 5 threads, 1 s of virtual time at
     * 2,000 operations a second ({@code keystorm test}'s default rate: at full speed the engine's
     * on-demand tables throttle most operations), no nemesis (a 200-ms interval when one is given),
     * no bugs, no replica lag, sync {@code always}, no history file, checked.
     */
    public static SimSpec of(String workload, long seed) {
        return new SimSpec(workload, new WorkloadOptions(seed, 10, new KeyDistribution.Uniform(10), "", 5), 5,
                Duration.ofSeconds(1), 2_000, seed, List.of(), Duration.ofMillis(200), Set.of(), ReplicaLag.NONE, SyncPolicy.ALWAYS,
                null, true);
    }

    /**
     * The simulation of a {@code keystorm test} configuration: its workload, keys and key
     * distribution, consistency model, concurrency, time limit, rate, seed, nemeses and their
     * interval, bugs, replica lag (uniform from 0 to {@code replicaLagMillis}, as the embedded
     * target's) and sync policy, checked. Its target, store and AWS settings mean nothing here: a
     * simulation always runs the engine in this process.
     */
    public static SimSpec of(TestConfig config, Path history) {
        WorkloadOptions options = new WorkloadOptions(config.seed(), config.keys(),
                KeyDistribution.parse(config.keyDistribution(), config.keys()), "", config.concurrency(),
                config.consistencyModel());
        ReplicaLag lag = config.replicaLagMillis() > 0
                ? new ReplicaLag.Uniform(0, TimeUnit.MILLISECONDS.toNanos(config.replicaLagMillis())) : ReplicaLag.NONE;
        return new SimSpec(config.workload(), options, config.concurrency(), config.timeLimit(), config.rate(), config.seed(),
                config.nemeses(), config.nemesisInterval(), config.bugs(), lag, config.sync(), history, true);
    }

    /** The same run over {@code keys} keys picked uniformly. */
    public SimSpec withKeys(int keys) {
        return withOptions(new WorkloadOptions(seed, keys, new KeyDistribution.Uniform(keys), "", concurrency,
                options.consistencyModel()));
    }

    public SimSpec withOptions(WorkloadOptions newOptions) {
        return new SimSpec(workload, newOptions, concurrency, timeLimit, rate, seed, nemesis, nemesisInterval, bugs, replicaLag,
                sync, history, check);
    }

    public SimSpec withConcurrency(int newConcurrency) {
        return new SimSpec(workload, options, newConcurrency, timeLimit, rate, seed, nemesis, nemesisInterval, bugs,
                replicaLag, sync, history, check);
    }

    public SimSpec withTimeLimit(Duration newTimeLimit) {
        return new SimSpec(workload, options, concurrency, newTimeLimit, rate, seed, nemesis, nemesisInterval, bugs,
                replicaLag, sync, history, check);
    }

    public SimSpec withRate(double newRate) {
        return new SimSpec(workload, options, concurrency, timeLimit, newRate, seed, nemesis, nemesisInterval, bugs,
                replicaLag, sync, history, check);
    }

    public SimSpec withSeed(long newSeed) {
        return new SimSpec(workload, options, concurrency, timeLimit, rate, newSeed, nemesis, nemesisInterval, bugs,
                replicaLag, sync, history, check);
    }

    public SimSpec withNemesis(List<NemesisKind> kinds, Duration interval) {
        return new SimSpec(workload, options, concurrency, timeLimit, rate, seed, kinds, interval, bugs, replicaLag, sync,
                history, check);
    }

    public SimSpec withBugs(Set<Bug> newBugs) {
        return new SimSpec(workload, options, concurrency, timeLimit, rate, seed, nemesis, nemesisInterval, newBugs,
                replicaLag, sync, history, check);
    }

    public SimSpec withReplicaLag(ReplicaLag newLag) {
        return new SimSpec(workload, options, concurrency, timeLimit, rate, seed, nemesis, nemesisInterval, bugs, newLag,
                sync, history, check);
    }

    public SimSpec withSync(SyncPolicy newSync) {
        return new SimSpec(workload, options, concurrency, timeLimit, rate, seed, nemesis, nemesisInterval, bugs, replicaLag,
                newSync, history, check);
    }

    public SimSpec withHistory(Path file) {
        return new SimSpec(workload, options, concurrency, timeLimit, rate, seed, nemesis, nemesisInterval, bugs, replicaLag,
                sync, file, check);
    }

    public SimSpec withCheck(boolean newCheck) {
        return new SimSpec(workload, options, concurrency, timeLimit, rate, seed, nemesis, nemesisInterval, bugs, replicaLag,
                sync, history, newCheck);
    }

    /** The parameters a schedule of this run records: every seed derived. */
    Schedule.Parameters parameters() {
        return new Schedule.Parameters(seed, workload, options.seed(), options.keys(), options.keyDistribution(),
                options.tablePrefix(), options.consistencyModel(), concurrency, timeLimit, rate, nemesis, nemesisInterval,
                bugs, replicaLag, sync, Seeds.of(seed, Seeds.Purpose.ENGINE));
    }
}
