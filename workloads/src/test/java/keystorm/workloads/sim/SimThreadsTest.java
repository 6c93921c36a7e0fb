package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import keystorm.checker.history.OpType;
import keystorm.engine.fault.Bug;
import keystorm.workloads.nemesis.NemesisKind;
import org.junit.jupiter.api.Test;

/**
 * A simulated run starts no thread: the engine, its replicas, the clients, the bugs' windows and
 * every fault but a crash run on the caller's. The one exception, until the engine's write-ahead
 * log runs as scheduler tasks, is the log's flusher: a durable engine (for crashes) starts one
 * each time it opens. Runs are not checked here: the linearizability checker has a pool of its own.
 *
 * <p>Platform threads are counted by the JVM ({@link ThreadMXBean#getTotalStartedThreadCount});
 * a virtual thread would need a carrier of the common pool, which the count sees the first time.
 */
class SimThreadsTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static Set<String> liveThreadNames() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            names.add(thread.getName());
        }
        return names;
    }

    @Test
    void anInMemoryRunStartsNoThread() throws Exception {
        List<SimSpec> runs = List.of(
                SimSpec.of("register", 1).withBugs(Set.of(Bug.LOST_UPDATE)).withCheck(false),
                SimSpec.of("bank", 2).withBugs(Set.of(Bug.TORN_TRANSACTION)).withCheck(false),
                SimSpec.of("idempotency", 3).withNemesis(List.of(NemesisKind.PAUSE, NemesisKind.NET_DROP, NemesisKind.NET_DELAY,
                        NemesisKind.FAILOVER, NemesisKind.LAG, NemesisKind.CLOCK), Duration.ofMillis(100)).withCheck(false));
        for (SimSpec spec : runs) {
            Simulation.run(spec); // warm-up: whatever the JDK starts lazily on first use is started now
        }
        Set<String> before = liveThreadNames();
        long started = THREADS.getTotalStartedThreadCount();
        for (SimSpec spec : runs) {
            Simulation.run(spec.withSeed(spec.seed() + 100));
        }
        assertThat(THREADS.getTotalStartedThreadCount() - started).isZero();
        assertThat(liveThreadNames()).isEqualTo(before);
    }

    @Test
    void aDurableRunStartsOnlyTheLogsFlusherOncePerOpening() throws Exception {
        SimSpec spec = SimSpec.of("register", 4).withNemesis(List.of(NemesisKind.CRASH), Duration.ofMillis(100))
                .withTimeLimit(Duration.ofMillis(700)).withCheck(false);
        Simulation.run(spec);
        Set<String> before = liveThreadNames();
        long started = THREADS.getTotalStartedThreadCount();
        SimResult result = Simulation.run(spec.withSeed(5));
        long crashes = result.history().stream()
                .filter(op -> op.isNemesis() && op.type() == OpType.OK && op.f().equals("crash")).count();
        assertThat(crashes).isGreaterThan(0);
        // the first opening and one per recovery, each with its flusher, all stopped by the end
        assertThat(THREADS.getTotalStartedThreadCount() - started).isEqualTo(1 + crashes);
        assertThat(liveThreadNames()).isEqualTo(before);
    }
}
