package keystorm.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import keystorm.workloads.keys.KeyDistribution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The key distributions' cost: draws per second over 1,000,000 keys for each (one random source per
 * thread, as the load generator's senders hold them), and the setup of zipf over 10^9 keys, which
 * YCSB's O(n) zeta makes minutes long for a theta other than 0.99. Each draw's key is checked to be
 * in range at the end of an iteration, so a benchmark that drew nonsense fails.
 *
 * <pre>
 * ./mvnw -q -pl jmh -am package -DskipTests
 * java -jar jmh/target/benchmarks.jar KeyDistributionBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1
 * java -jar jmh/target/benchmarks.jar KeyDistributionBenchmark.draw -t 2    # two threads sharing each distribution
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeyDistributionBenchmark {
    static final int KEYS = 1_000_000;
    static final int SETUP_KEYS = 1_000_000_000;

    /** One distribution shared by every benchmark thread, as one run's workload shares it. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"uniform", "zipf:0.5", "zipf:0.99", "zipf:1.5", "zipf:5", "zipf:0.99:ordered", "latest",
                "hotspot:0.2:0.8", "exponential", "sequential"})
        public String spec;

        final AtomicInteger records = new AtomicInteger(KEYS);
        KeyDistribution distribution;

        @Setup(Level.Trial)
        public void setUp() {
            distribution = KeyDistribution.parse(spec, KEYS, records::get);
        }
    }

    /** Each thread's own random source and the range check of its draws. */
    @State(Scope.Thread)
    public static class PerThread {
        final SplittableRandom random = new SplittableRandom(Thread.currentThread().threadId());
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;

        @TearDown(Level.Iteration)
        public void check() {
            if (lowest < 0 || highest >= KEYS) {
                throw new IllegalStateException("drew keys in [" + lowest + ", " + highest + "], outside [0, " + KEYS + ")");
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int draw(Shared shared, PerThread thread) {
        int key = shared.distribution.next(thread.random);
        if (key < thread.lowest) {
            thread.lowest = key;
        }
        if (key > thread.highest) {
            thread.highest = key;
        }
        return key;
    }

    @State(Scope.Benchmark)
    public static class Setting {
        @Param({"0.99", "1.5"})
        public double theta;
    }

    /** Building zipf (scrambled) over 10^9 keys and drawing one key from it. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int setUpZipfOverABillionKeys(Setting setting, PerThread thread) {
        KeyDistribution zipf = new KeyDistribution.Zipf(SETUP_KEYS, setting.theta);
        int key = zipf.next(thread.random);
        if (key < 0 || key >= SETUP_KEYS) {
            throw new IllegalStateException("drew " + key + " from " + zipf.describe());
        }
        return key;
    }
}
