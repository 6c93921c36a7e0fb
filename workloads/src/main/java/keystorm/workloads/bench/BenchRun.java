package keystorm.workloads.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import keystorm.workloads.bench.load.LoadConfig;
import keystorm.workloads.bench.load.LoadResult;
import keystorm.workloads.bench.load.OpenLoop;
import keystorm.workloads.keys.KeyDistribution;

/**
 * One {@code keystorm bench}: for each strategy in turn, against the same offered load, a fresh
 * table, the load phase (every record written, closed loop), then the measured phase (warm-up,
 * then the duration at the rate), while the partitions are sampled every second (the samples of
 * the measured window kept); then the table
 * is deleted (unless shards share it). Each strategy's interval log goes into the run's
 * directory; {@link BenchReport} writes the rest.
 */
public final class BenchRun {
    /** The load generator's in-flight bound for a pipelined client, per connection (NettyBenchClient's default). */
    static final int IN_FLIGHT_PER_CONNECTION = 128;

    /**
     * A benchmark's settings, every one validated by the caller.
     *
     * @param keyDistribution the key distribution's spec ({@code zipf:0.99}, {@code latest}...)
     * @param connections     a synchronous client's senders (its requests at once), a pipelined
     *                        client's connections
     */
    public record Options(BenchWorkload workload, String keyDistribution, int records, int itemBytes, double rate,
                          long warmupNanos, long durationNanos, List<KeyStrategy> strategies, TableMode tableMode,
                          long seed, int connections, int shardIndex, int shardCount, Prices prices) {
        public Options {
            strategies = List.copyOf(strategies);
            if (strategies.isEmpty() || records < 1 || !(rate >= 0) || Double.isInfinite(rate) || durationNanos <= 0
                    || connections < 1) {
                throw new IllegalArgumentException("a bench has a strategy, a record, a rate (0 for the most the store "
                        + "takes) and a positive duration");
            }
        }

        /** Whether the bench offers as much as the store takes (a closed loop: {@code --rate max}). */
        public boolean saturating() {
            return rate == RATE_MAX;
        }

        /**
         * The measured phase's first cycle: the warm-up is the cycles intended before its end. A
         * saturating bench warms up in a phase of its own, so its measured phase counts from 0. The
         * load generator's own predicate ({@link OpenLoop#firstCycleAtOrAfter}), so they agree.
         */
        public long firstMeasuredCycle() {
            return saturating() ? 0 : OpenLoop.firstCycleAtOrAfter(rate, warmupNanos);
        }
    }

    /**
     * The rate of {@code --rate max}: a closed loop, each sender (or a pipelined client's in-flight
     * window) starting its next operation when the last completes, to find the saturation rate.
     * Its latencies run from the actual start, as a closed loop's must: use it to find the rate,
     * then measure latency at a fraction of it.
     */
    public static final double RATE_MAX = 0;

    /** What one strategy's run measured. */
    public record StrategyResult(KeyStrategy strategy, String table, LoadResult load, LoadResult measured,
                                 RequestTally.Snapshot requests, List<KeyContributors.Minute> topKeys,
                                 List<PartitionSampler.Sample> partitions, String partitionsNote, Cost cost,
                                 Path intervalLog, keystorm.workloads.bench.load.HistorySample sample) {
        /** Without a history sample. */
        public StrategyResult(KeyStrategy strategy, String table, LoadResult load, LoadResult measured,
                              RequestTally.Snapshot requests, List<KeyContributors.Minute> topKeys,
                              List<PartitionSampler.Sample> partitions, String partitionsNote, Cost cost, Path intervalLog) {
            this(strategy, table, load, measured, requests, topKeys, partitions, partitionsNote, cost, intervalLog, null);
        }
    }

    private BenchRun() {
    }

    /** The key distribution of a spec over {@code records} keys (the records inserted so far for {@code latest}). */
    public static KeyDistribution distribution(String spec, int records, IntSupplier recordCount) {
        return KeyDistribution.parse(spec, records, recordCount);
    }

    /** The table of the {@code index}-th strategy (from 1); the same name on every shard. */
    public static String tableName(int index) {
        return "keystorm-bench-" + index;
    }

    /** The interval log of the {@code index}-th strategy, as {@code bench merge} finds it in each shard's directory. */
    public static String intervalLogName(int index, KeyStrategy strategy) {
        return "intervals-" + index + "-" + strategy.spec().replaceAll("[^A-Za-z0-9.-]", "_") + ".hlog";
    }

    /** Runs every strategy against {@code target}, writing the interval logs into {@code directory}. */
    public static List<StrategyResult> run(Options options, BenchTarget target, Path directory, Consumer<String> progress)
            throws java.io.IOException {
        Files.createDirectories(directory);
        BenchWorkload workload = options.workload();
        ItemShape shape = workload.fieldLength() > 0 && options.itemBytes() <= 0
                ? new ItemShape(workload.fieldCount(), workload.fieldLength())
                : ItemShape.ofBytes(workload.fieldCount(), options.itemBytes());
        BenchClient client = target.client();
        int senders = client.pipelined() ? 1 : options.connections();
        int inFlight = client.pipelined() ? IN_FLIGHT_PER_CONNECTION * options.connections() : senders;
        List<StrategyResult> results = new ArrayList<>();
        long startNanos = System.nanoTime(); // the history sample's time 0, for every strategy
        for (int i = 0; i < options.strategies().size(); i++) {
            KeyStrategy strategy = options.strategies().get(i);
            String table = tableName(i + 1);
            boolean owner = options.shardIndex() == 0;
            if (owner) {
                client.createTable(table, options.tableMode());
            }
            RequestTally tally = new RequestTally();
            // the load phase counts nothing: its cycles are records, not measured operations
            BenchCycles loader = new BenchCycles(setup(options, workload, shape, strategy, table, client, new RequestTally(),
                    new KeyContributors(0, 1), Long.MAX_VALUE));
            progress.accept("  " + strategy.spec() + ": loading " + options.records() + " records into " + table);
            LoadResult load = OpenLoop.run(new LoadConfig(0, 0, 0, senders, inFlight, options.shardIndex(),
                    options.shardCount(), 1_000_000_000L, options.records()), loader.loadPhase());
            progress.accept("  " + strategy.spec() + ": " + (options.saturating() ? "as fast as it answers (closed loop)"
                    : options.rate() + " ops/s") + ", " + options.warmupNanos() / 1e9
                    + " s warm-up, " + options.durationNanos() / 1e9 + " s measured");
            if (options.saturating() && options.warmupNanos() > 0) {
                BenchCycles warmup = new BenchCycles(setup(options, workload, shape, strategy, table, client,
                        new RequestTally(), new KeyContributors(0, 1), Long.MAX_VALUE));
                OpenLoop.run(new LoadConfig(RATE_MAX, 0, options.warmupNanos(), senders, inFlight, options.shardIndex(),
                        options.shardCount(), 1_000_000_000L, 0), warmup);
            }
            long measuredFrom = System.nanoTime() + (options.saturating() ? 0 : options.warmupNanos());
            KeyContributors contributors = new KeyContributors(measuredFrom, 10);
            BenchCycles measured = new BenchCycles(setup(options, workload, shape, strategy, table, client, tally,
                    contributors, options.firstMeasuredCycle()));
            Path log = directory.resolve(intervalLogName(i + 1, strategy));
            PartitionSampler sampler = target.partitions() == null ? null : new PartitionSampler(target.partitions(), table);
            LoadResult result;
            // a closed loop's cycle count is not known before it runs: 0 keeps every cycle, up to the bound
            long expected = options.saturating() ? 0
                    : (long) Math.ceil(options.rate() * options.durationNanos() / 1e9 / options.shardCount());
            var sample = new keystorm.workloads.bench.load.HistorySample(expected, startNanos);
            try {
                result = OpenLoop.run(new LoadConfig(options.rate(), options.saturating() ? 0 : options.warmupNanos(),
                        options.durationNanos(),
                        senders, inFlight, options.shardIndex(), options.shardCount(), 1_000_000_000L, 0), measured, log,
                        "load", sample);
            } finally {
                if (sampler != null) {
                    sampler.close();
                }
            }
            String note = sampler == null ? target.noPartitionsWhy()
                    : sampler.error() == null ? null : "sampling stopped: " + sampler.error();
            RequestTally.Snapshot requests = tally.snapshot();
            double seconds = Math.max(1e-9, result.windowNanos() / 1e9);
            Cost cost = Cost.of(seconds, requests.requests(), result.cyclesCompleted(), requests.readUnits(), requests.writeUnits(),
                    options.tableMode(), options.prices());
            if (owner && options.shardCount() == 1) {
                client.deleteTable(table);
            }
            results.add(new StrategyResult(strategy, table, load, result, requests, contributors.minutes(),
                    sampler == null ? List.of() : sampler.samples(result.windowStartEpochNanos(), result.windowEndEpochNanos()),
                    note, cost, log, sample));
        }
        return results;
    }

    private static BenchCycles.Setup setup(Options options, BenchWorkload workload, ItemShape shape, KeyStrategy strategy,
                                           String table, BenchClient client, RequestTally tally,
                                           KeyContributors contributors, long firstMeasuredCycle) {
        return new BenchCycles.Setup(table, workload, shape, strategy,
                count -> distribution(options.keyDistribution(), options.records(), count), options.records(),
                options.seed(), options.shardIndex(), options.shardCount(), client, tally, contributors,
                firstMeasuredCycle, System::currentTimeMillis, System::nanoTime);
    }
}
