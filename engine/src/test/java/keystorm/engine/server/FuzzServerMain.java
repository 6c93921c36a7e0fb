package keystorm.engine.server;

import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;

/**
 * A {@link DynamoServer} on 127.0.0.1 and a free port, in a JVM of its own, for
 * {@link ServerFuzzProperties}: the child's heap ({@code -Xmx}) is then the server's alone.
 * Prints {@code port N} once listening; then answers lines on stdin: {@code heap} prints
 * {@code heap used=.. peak=.. max=.. direct=..} (bytes: heap in use; the most in use at once
 * since start, read from what each collection found before it ran; the heap's maximum; Netty's
 * direct memory in use, -1 where Netty does not count it), {@code gc} does the same
 * after a full collection, {@code quit} (or the end of stdin) stops the server and exits.
 *
 * <p>A test-only way in: {@code -Dkeystorm.fuzz.idleMillis} and
 * {@code -Dkeystorm.fuzz.requestMillis} set the server's {@link DynamoServer.Timeouts}.
 * Capacity is not enforced (as {@code keystorm serve --no-throttle}), so that the sentinel's
 * round trips measure the server, not the fuzzed table's spent capacity. Netty logs through
 * java.util.logging, so whatever it reports reaches stderr.
 */
public final class FuzzServerMain {
    private FuzzServerMain() {
    }

    public static void main(String[] args) throws Exception {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        watchCollections();
        DynamoServer.Timeouts timeouts = new DynamoServer.Timeouts(
                Duration.ofMillis(Long.getLong("keystorm.fuzz.idleMillis", 60_000)),
                Duration.ofMillis(Long.getLong("keystorm.fuzz.requestMillis", 30_000)));
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        DynamoServer server = DynamoServer.start(engine, "127.0.0.1", 0, false, timeouts);
        System.out.println("port " + server.address().getPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            switch (line) {
                case "gc" -> {
                    System.gc();
                    System.out.println(heap());
                }
                case "heap" -> System.out.println(heap());
                default -> System.out.println("unknown command: " + line);
            }
            System.out.flush();
        }
        server.close();
        System.out.println("stopped");
        System.out.flush();
    }

    /** The most heap in use at once: what the heap held just before a collection, the highest seen. */
    static final AtomicLong PEAK = new AtomicLong();

    /** Records the heap in use before each collection (where it peaks between collections). */
    static void watchCollections() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData());
                    long before = 0;
                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                        if (HEAP_POOLS.contains(pool.getKey())) {
                            before += pool.getValue().getUsed();
                        }
                    }
                    PEAK.accumulateAndGet(before, Math::max);
                }, null, null);
            }
        }
    }

    static final java.util.Set<String> HEAP_POOLS = heapPools();

    private static java.util.Set<String> heapPools() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                names.add(pool.getName());
            }
        }
        return names;
    }

    static String heap() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        long peak = PEAK.accumulateAndGet(used, Math::max);
        return "heap used=" + used + " peak=" + peak + " max=" + runtime.maxMemory() + " direct="
                + PlatformDependent.usedDirectMemory();
    }
}
