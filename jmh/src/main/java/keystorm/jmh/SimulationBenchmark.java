package keystorm.jmh;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import keystorm.workloads.nemesis.NemesisKind;
import keystorm.workloads.sim.SimResult;
import keystorm.workloads.sim.SimSpec;
import keystorm.workloads.sim.Simulation;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What deterministic simulation costs (issue 11): simulated client operations a second of wall
 * time, on the one thread a simulation runs on, with the history recorded in memory and not
 * checked (the check is the checker's cost, measured by its own benchmarks). Each invocation is
 * one simulated run of one virtual second with a fresh seed; the {@code operations} counter is the
 * figure to read (JMH reports it per second), the invocation rate only says how many runs.
 *
 * <p>{@code rate} 0 is full speed (each client issues its next operation when the last completes:
 * the most operations per virtual second); 2000 is {@code keystorm test}'s default, where virtual
 * time runs far ahead of wall time, which {@code virtualSeconds} counts.
 *
 * <pre>
 * ./mvnw -q -B -ntp -pl jmh -am package -DskipTests
 * taskset -c 0 java -jar jmh/target/benchmarks.jar SimulationBenchmark -f 1 -wi 3 -i 5 -w 5s -r 10s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class SimulationBenchmark {
    @Param({"register", "bank", "list-append"})
    public String workload;

    @Param({"0", "2000"})
    public double rate;

    @Param({"none", "faults"})
    public String nemesis;

    private long seed;

    /** Simulated operations and virtual seconds, reported per second of wall time. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Simulated {
        public long operations;
        public double virtualSeconds;

        @Setup(Level.Iteration)
        public void clear() {
            operations = 0;
            virtualSeconds = 0;
        }
    }

    @Benchmark
    public SimResult simulateOneVirtualSecond(Simulated simulated) throws Exception {
        SimSpec spec = SimSpec.of(workload, ++seed).withConcurrency(10).withRate(rate).withCheck(false)
                .withTimeLimit(Duration.ofSeconds(1));
        if (nemesis.equals("faults")) {
            spec = spec.withNemesis(List.of(NemesisKind.FAILOVER, NemesisKind.ISOLATE, NemesisKind.NET_DROP,
                    NemesisKind.PAUSE), Duration.ofMillis(100));
        }
        SimResult result = Simulation.run(spec);
        simulated.operations += result.statistics().operations();
        simulated.virtualSeconds += result.statistics().virtualNanos() / 1e9;
        return result;
    }
}
