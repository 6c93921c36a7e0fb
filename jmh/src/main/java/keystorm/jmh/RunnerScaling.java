package keystorm.jmh;

import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.op.Payload;
import keystorm.checker.op.RegisterOp;
import keystorm.engine.Engine;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.client.Store;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.register.RegisterWorkload;
import keystorm.workloads.runner.RunSpec;
import keystorm.workloads.runner.Runner;

/**
 * What the runner costs (issue 10): the register workload (read / write / cas over uniform keys)
 * driven by {@link Runner} for a time, then its history checked as the runner checks it
 * ({@link JsonlHistory#read} and the workload's cas-register linearizability checker, keys
 * independent). Two modes separate the runner's cost from the engine's:
 * <ul>
 *   <li>{@code runner-only}: a client that answers ok at once and never calls the store, so the
 *       figure is the interpreter, the generators and the history writer alone (its history is
 *       not linearizable, so it is not checked);</li>
 *   <li>{@code engine}: the workload's own client against the in-memory engine
 *       ({@code new EmbeddedStore(Engine::new)}), then the check, which must say valid.</li>
 * </ul>
 *
 * <p>Heap is measured two ways, each phase (run, check) on its own: the sum of the heap pools'
 * peak usage (reset before the phase; includes garbage not yet collected, so it is bounded by the
 * young generation's size more than by what is live), and the largest heap left after any
 * collection (GC notifications: what was live, the figure that would grow if the run leaked).
 *
 * <p>One line of figures per run. Commands (one JVM per run, for a clean heap):
 *
 * <pre>
 * ./mvnw -q -B -ntp -pl jmh -am package -DskipTests
 * # 1. runner alone, and runner + engine (32 processes, 1,000 keys, 30 s)
 * java -Xmx512m -cp jmh/target/benchmarks.jar keystorm.jmh.RunnerScaling 30 32 1000 runner-only
 * java -Xmx512m -cp jmh/target/benchmarks.jar keystorm.jmh.RunnerScaling 30 32 1000 engine --no-check
 * # 2. heap while running, 60 s against 300 s (the check's own heap is reported apart, and needs more)
 * java -Xmx512m -cp jmh/target/benchmarks.jar keystorm.jmh.RunnerScaling 60 32 1000 engine --no-check
 * java -Xmx512m -cp jmh/target/benchmarks.jar keystorm.jmh.RunnerScaling 300 32 1000 engine --no-check
 * # 3. a 10-minute history at 2,000 operations a second, kept, and checked in process
 * java -Xmx4g -cp jmh/target/benchmarks.jar keystorm.jmh.RunnerScaling 600 32 1000 engine --rate 2000 \
 *     --history /tmp/register-600s-2000.jsonl
 * # ... and the same file checked again, by a process of its own
 * ./keystorm check /tmp/register-600s-2000.jsonl --model cas-register --independent
 * # the same 10 minutes as fast as they complete: its size (far too large to check in memory)
 * java -Xmx512m -cp jmh/target/benchmarks.jar keystorm.jmh.RunnerScaling 600 32 1000 engine --no-check \
 *     --history /tmp/register-600s-full.jsonl
 * </pre>
 *
 * <p>Flags after the mode: {@code --rate R} (operations a second; default 0, as fast as they
 * complete), {@code --history FILE} (keep the history there; default a temporary file, deleted),
 * {@code --no-check} (run only). {@code RunnerScaling check FILE} reads and checks a kept history
 * alone (register, cas-register, independent keys), as the runner would:
 *
 * <pre>
 * java -Xmx4g -cp jmh/target/benchmarks.jar keystorm.jmh.RunnerScaling check /tmp/register-600s-2000.jsonl
 * </pre>
 */
public final class RunnerScaling {
    private RunnerScaling() {
    }

    /** Answers ok at once, without a store call: what is left is the runner's own cost. */
    record Immediate() implements Client<Payload.Keyed> {
        @Override
        public void setup(Store store) {
        }

        @Override
        public Completion<Payload.Keyed> invoke(Store store, Payload.Keyed op) {
            if (op.value() instanceof RegisterOp.Read) {
                return Completion.ok(new Payload.Keyed(op.key(), new RegisterOp.Read(NullNode.getInstance())));
            }
            return Completion.ok(op);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("check")) {
            GcWatch gc = GcWatch.start();
            Workload<Payload.Keyed> register = RegisterWorkload.linearizable(
                    new WorkloadOptions(42, 1, new KeyDistribution.Uniform(1), "bench-", 1));
            check(Path.of(args[1]), register, gc);
            return;
        }
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: RunnerScaling SECONDS CONCURRENCY KEYS runner-only|engine "
                    + "[--rate R] [--history FILE] [--no-check]");
        }
        int seconds = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        int keys = Integer.parseInt(args[2]);
        String mode = args[3];
        if (!mode.equals("runner-only") && !mode.equals("engine")) {
            throw new IllegalArgumentException("mode is runner-only or engine, not " + mode);
        }
        double rate = 0;
        Path history = null;
        boolean check = mode.equals("engine");
        for (int i = 4; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--history" -> history = Path.of(args[++i]);
                case "--no-check" -> check = false;
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        boolean keep = history != null;
        if (!keep) {
            history = Files.createTempFile("runner-scaling-", ".jsonl");
        }
        GcWatch gc = GcWatch.start();

        WorkloadOptions options = new WorkloadOptions(42, keys, new KeyDistribution.Uniform(keys), "bench-", concurrency);
        Workload<Payload.Keyed> register = RegisterWorkload.linearizable(options);
        Client<Payload.Keyed> client = mode.equals("engine") ? register.client() : new Immediate();
        // The run's own check is left out (VALID at once), so the run's heap and the check's are measured apart.
        Workload<Payload.Keyed> running = new Workload<>(register.name(), register.family(), register.keyed(),
                register.generator(), register.finalGenerator(), client, register.checker());
        try (EmbeddedStore store = new EmbeddedStore(Engine::new)) {
            System.gc();
            gc.reset();
            Runner.Recording run = Runner.record(new RunSpec<>(running, store, concurrency, Duration.ofSeconds(seconds),
                    rate, 42, null, null, history, Duration.ofSeconds(30)), true);
            long runPeak = GcWatch.poolPeaksBytes();
            long runLive = gc.liveMax.get();
            long bytes = Files.size(history);
            long lines = countLines(history);
            System.out.printf("runner %s: %d s, %d processes, %,d keys, rate %s: %,d operations, %,.0f ops/s; "
                    + "history %,d events, %,d bytes (%.1f MB); run heap: pool peaks %,d MB, max after GC %,d MB, "
                    + "%d GCs; %s%n", mode, seconds, concurrency, keys, rate == 0 ? "unbounded" : String.valueOf(rate),
                    run.statistics().operations(), run.statistics().throughput(), lines, bytes, bytes / 1e6,
                    runPeak >> 20, runLive >> 20, gc.count.get(), jvm());
            if (check) {
                check(history, register, gc);
            }
        } finally {
            if (!keep) {
                Files.deleteIfExists(history);
            }
        }
    }

    /** Reads the history as the runner does (all of it, into memory) and checks it; prints the figures. */
    private static void check(Path history, Workload<Payload.Keyed> register, GcWatch gc) throws Exception {
        System.gc();
        gc.reset();
        long start = System.nanoTime();
        long startCpu = processCpuNanos();
        History read;
        try (BufferedReader reader = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
            read = JsonlHistory.read(reader);
        }
        long readNanos = System.nanoTime() - start;
        long readCpu = processCpuNanos() - startCpu;
        // What the history holds in memory, once read: a full collection, outside the timings.
        System.gc();
        long held = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long checkStart = System.nanoTime();
        long checkStartCpu = processCpuNanos();
        Result result = register.checker().check(read);
        long checkNanos = System.nanoTime() - checkStart;
        long checkCpu = processCpuNanos() - checkStartCpu;
        System.out.printf("check %s: %,d events read in %,d ms (%,d ms cpu), checked in %,d ms more (%,d ms cpu), "
                + "total %,d ms; history in memory %,d MB (%,d bytes an event); check heap: pool peaks %,d MB, "
                + "max after GC %,d MB, %d GCs; verdict %s; %s%n", history.getFileName(), read.size(),
                readNanos / 1_000_000, readCpu / 1_000_000, checkNanos / 1_000_000, checkCpu / 1_000_000,
                (readNanos + checkNanos) / 1_000_000, held >> 20, held / Math.max(1, read.size()),
                GcWatch.poolPeaksBytes() >> 20, gc.liveMax.get() >> 20, gc.count.get(), result.validity().word(), jvm());
        if (result.validity() != Validity.VALID) {
            throw new AssertionError("the correct engine must be linearizable:\n" + result.render());
        }
    }

    /** CPU time of the whole process (every thread, the collector's too): a fairer clock on a shared machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long countLines(Path file) throws java.io.IOException {
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    private static String jvm() {
        return "JVM " + Runtime.version() + " " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
                + ", " + Runtime.getRuntime().availableProcessors() + " cpus, max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB";
    }

    /**
     * Heap figures for one phase: the largest heap used after any collection (from the GC
     * notifications: what was live), and the heap pools' peaks.
     */
    static final class GcWatch {
        final AtomicLong liveMax = new AtomicLong();
        final AtomicLong count = new AtomicLong();

        static GcWatch start() {
            GcWatch watch = new GcWatch();
            for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) bean).addNotificationListener((notification, handback) -> {
                    if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        used += pool.getValue().getUsed();
                    }
                    watch.count.incrementAndGet();
                    watch.liveMax.accumulateAndGet(used, Math::max);
                }, null, null);
            }
            return watch;
        }

        /** Starts a phase: peaks and counts from now. */
        void reset() {
            liveMax.set(0);
            count.set(0);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
        }

        static long poolPeaksBytes() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return peak;
        }
    }
}
