package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import keystorm.checker.history.OpType;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.fault.Bug;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.nemesis.NemesisKind;
import org.junit.jupiter.api.Test;

/**
 * A simulated run starts no thread: the engine, its replicas, the clients, the bugs' windows and
 * every fault run on the caller's. The one exception, until the engine's simulated write-ahead
 * log is merged, is the threaded log's flusher: a durable engine (for crashes) starts one each
 * time it opens. Once it is merged, a durable run starts none either ({@link #logIsSimulated}). Runs are not checked here: the linearizability checker has a pool of its own.
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

    /**
     * Whether the engine's write-ahead log runs as scheduler tasks in a simulation (the engine's
     * change for it merged): a durable engine on a {@link SimScheduler} then opens without a thread.
     */
    static boolean logIsSimulated() throws IOException {
        Path dir = Files.createTempDirectory("keystorm-sim-probe-");
        try {
            long started = THREADS.getTotalStartedThreadCount();
            new Engine(EngineConfig.durable(dir, SyncPolicy.ALWAYS).withScheduler(new SimScheduler())).close();
            return THREADS.getTotalStartedThreadCount() == started;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void aDurableRunStartsNoThreadButAThreadedLogsFlusherPerOpening() throws Exception {
        SimSpec spec = SimSpec.of("register", 4).withNemesis(List.of(NemesisKind.CRASH), Duration.ofMillis(100))
                .withTimeLimit(Duration.ofMillis(700)).withCheck(false);
        Simulation.run(spec);
        Set<String> before = liveThreadNames();
        long started = THREADS.getTotalStartedThreadCount();
        SimResult result = Simulation.run(spec.withSeed(5));
        long crashes = result.history().stream()
                .filter(op -> op.isNemesis() && op.type() == OpType.OK && op.f().equals("crash")).count();
        assertThat(crashes).isGreaterThan(0);
        // a threaded log: the first opening and one per recovery, each with its flusher, all stopped
        // by the end; a simulated one: none
        assertThat(THREADS.getTotalStartedThreadCount() - started).isEqualTo(logIsSimulated() ? 0 : 1 + crashes);
        assertThat(liveThreadNames()).isEqualTo(before);
    }
}
