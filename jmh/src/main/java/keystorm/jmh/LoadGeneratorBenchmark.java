package keystorm.jmh;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.workloads.bench.BenchKey;
import keystorm.workloads.bench.BenchOutcome;
import keystorm.workloads.bench.BenchRequest;
import keystorm.workloads.bench.EmbeddedBenchClient;
import keystorm.workloads.bench.TableMode;
import keystorm.workloads.bench.load.CycleSource;
import keystorm.workloads.bench.load.LoadConfig;
import keystorm.workloads.bench.load.LoadResult;
import keystorm.workloads.bench.load.OpenLoop;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The load generator's own cost ({@link OpenLoop}), against a no-op {@link CycleSource} (a
 * completed future) and against the embedded engine's GetItem of 1 KB items
 * ({@link EmbeddedBenchClient}, throttling off: 200,000 reads a second of 1 KB would pass an
 * on-demand table's partition ceilings, and the figure wanted is the generator's).
 *
 * <p>Two harnesses, because JMH's model (a method called back to back) fits a closed loop but not
 * an open one:
 * <ul>
 *   <li>JMH, {@link #closedLoop}: {@value #CYCLES} cycles closed-loop (rate 0) through the whole
 *       generator, 1 and 2 senders: the time per cycle, so the generator's maximum rate;</li>
 *   <li>{@link #main}: an open loop at a fixed offered rate for some seconds, printing the rate
 *       achieved, the schedule error and the latency from intended start (p50 / p99 / max).</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -q -B -ntp -pl jmh -am package -DskipTests
 * java -jar jmh/target/benchmarks.jar LoadGeneratorBenchmark -f 1 -wi 3 -i 5
 * # open loop: source (noop | engine), offered rate a second, seconds, senders
 * java -cp jmh/target/benchmarks.jar keystorm.jmh.LoadGeneratorBenchmark engine 200000 5 2
 * </pre>
 *
 * <p>Figures of 2026-12-02 on the 2-core machine, idle (load average about 1; on the same machine
 * shared with other builds, load 10 to 19, the open loop fell seconds behind: the senders got a
 * fraction of a core, and the figures say so, as they should). Closed loop, per cycle: noop 76 ns
 * (1 sender) and 105 ns (2), engine GetItem 963 ns (1) and 487 ns (2). Open loop, 5 s at the
 * offered rate (us: p50 / p99 / p99.9 / max):
 * <pre>
 * noop    200,000/s 1 sender : achieved 199,991/s; schedule error 0.1 / 24.0 / 78 / 1,112
 * noop    200,000/s 2 senders: achieved 199,947/s; schedule error 0.3 / 19.6 / 742 / 8,077
 * noop  2,000,000/s 2 senders: achieved 1,999,660/s; schedule error 0.1 / 14.5 / 4,135 / 8,045
 * engine  200,000/s 2 senders: achieved 199,967/s; schedule error 0.1 / 19.1 / 2,083 / 4,981;
 *                              latency from intended 1.3 / 23.2 / 2,095 / 11,067
 * engine  400,000/s 2 senders: achieved 399,901/s; schedule error 0.1 / 55.9 / 6,500 / 8,077;
 *                              latency from intended 1.2 / 62.7 / 6,504 / 8,512
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class LoadGeneratorBenchmark {
    static final int CYCLES = 1_000_000;
    static final int KEYS = 10_000;
    static final String TABLE = "usertable";
    static final long JIT_CYCLES = 2_000_000;
    static final long WARMUP_SECONDS = 2;

    @Param({"1", "2"})
    public int senders;

    @Param({"noop", "engine"})
    public String source;

    private CycleSource cycles;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        cycles = source.equals("noop") ? noop() : engine();
    }

    @Benchmark
    @OperationsPerInvocation(CYCLES)
    public LoadResult closedLoop() {
        LoadResult result = OpenLoop.run(new LoadConfig(0, 0, 0, senders, senders, 0, 1, TimeUnit.SECONDS.toNanos(1),
                CYCLES), cycles);
        if (result.count(BenchOutcome.Kind.OK) != CYCLES) {
            throw new IllegalStateException("not every cycle was ok: " + result.count(BenchOutcome.Kind.OK));
        }
        return result;
    }

    /** Every cycle answers ok at once. */
    static CycleSource noop() {
        CompletableFuture<BenchOutcome> ok = CompletableFuture.completedFuture(BenchOutcome.ok(0.5, 0, 1));
        return new CycleSource() {
            public List<String> operations() {
                return List.of("read");
            }

            public Started start(long cycle, long intendedNanos) {
                return new Started(0, ok);
            }
        };
    }

    /** GetItem of one of 10,000 items of 1 KB, in an order the cycle scrambles, on an in-memory engine. */
    static CycleSource engine() {
        EmbeddedBenchClient client = new EmbeddedBenchClient(new Engine(EngineConfig.inMemory().withThrottling(false)));
        client.createTable(TABLE, new TableMode.OnDemand());
        Map<String, String> fields = Map.of("field0", "x".repeat(1_000));
        BenchRequest[] gets = new BenchRequest[KEYS];
        for (int i = 0; i < KEYS; i++) {
            BenchKey key = new BenchKey("user" + i, "0");
            BenchOutcome put = client.execute(new BenchRequest.Put(TABLE, key, fields)).join();
            if (put.kind() != BenchOutcome.Kind.OK) {
                throw new IllegalStateException("loading the items: " + put);
            }
            gets[i] = new BenchRequest.Get(TABLE, key, false);
        }
        return new CycleSource() {
            public List<String> operations() {
                return List.of("read");
            }

            public Started start(long cycle, long intendedNanos) {
                int index = (int) Long.remainderUnsigned(cycle * 0x9E3779B97F4A7C15L, KEYS);
                return new Started(0, client.execute(gets[index]));
            }
        };
    }

    /** The open-loop driver: {@code noop|engine rate seconds senders}. */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: LoadGeneratorBenchmark noop|engine RATE SECONDS SENDERS");
            System.exit(64);
        }
        CycleSource cycles = switch (args[0]) {
            case "noop" -> noop();
            case "engine" -> engine();
            default -> throw new IllegalArgumentException("'" + args[0] + "': the sources are noop and engine");
        };
        double rate = Double.parseDouble(args[1]);
        long seconds = Long.parseLong(args[2]);
        int senders = Integer.parseInt(args[3]);
        // The JIT first, in a closed loop of its own, so the open loop's warm-up does not start with a backlog.
        OpenLoop.run(new LoadConfig(0, 0, 0, senders, senders, 0, 1, TimeUnit.SECONDS.toNanos(1), JIT_CYCLES), cycles);
        LoadConfig config = new LoadConfig(rate, TimeUnit.SECONDS.toNanos(WARMUP_SECONDS),
                TimeUnit.SECONDS.toNanos(seconds), senders, senders, 0, 1, TimeUnit.SECONDS.toNanos(1), 0);
        LoadResult result = OpenLoop.run(config, cycles);
        Histogram error = result.scheduleErrorNanos();
        Histogram latency = result.latency("read", BenchOutcome.Kind.OK);
        System.out.printf(Locale.ROOT, "%s offered %.0f/s, %d senders, %d s (after %d closed-loop cycles and %d s of "
                        + "warm-up): achieved %.0f/s; cycles due %d started %d completed %d never %d%n", args[0], rate,
                senders, seconds, JIT_CYCLES, WARMUP_SECONDS,
                result.achievedRate(), result.cyclesDue(), result.cyclesStarted(), result.cyclesCompleted(),
                result.cyclesNeverCompleted());
        System.out.printf(Locale.ROOT, "  schedule error us: p50 %.1f p99 %.1f p99.9 %.1f max %.1f%n",
                micros(error, 50), micros(error, 99), micros(error, 99.9), error.getMaxValue() / 1e3);
        System.out.printf(Locale.ROOT, "  latency from intended us: p50 %.1f p99 %.1f p99.9 %.1f max %.1f%n",
                micros(latency, 50), micros(latency, 99), micros(latency, 99.9), latency.getMaxValue() / 1e3);
        for (LoadResult.Interval interval : result.intervals()) {
            LoadResult.OpInterval read = interval.ops().getFirst();
            System.out.printf(Locale.ROOT, "  interval %.0f s: ok %d, p50 %.1f us, p99 %.1f us%n",
                    interval.startOffsetNanos() / 1e9, read.ok(), read.okP50Nanos() / 1e3, read.okP99Nanos() / 1e3);
        }
    }

    private static double micros(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e3;
    }
}
