package keystorm.workloads.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.nemesis.ServeProcess;

/**
 * The store a benchmark runs against, with what it can tell of its partitions: the engine in
 * this process (its own counters), a {@code keystorm serve --admin} child (its metrics endpoint),
 * or another endpoint (DynamoDB Local, Alternator, Amazon DynamoDB), which publishes no
 * per-partition figures: then {@link #partitions()} is null and {@link #noPartitionsWhy()} says so.
 */
public final class BenchTarget implements AutoCloseable {
    private final BenchClient client;
    private final PartitionSampler.Source partitions;
    private final String noPartitionsWhy;
    private final AutoCloseable owned;
    private final String name;

    private BenchTarget(String name, BenchClient client, PartitionSampler.Source partitions, String noPartitionsWhy,
                        AutoCloseable owned) {
        this.name = name;
        this.client = client;
        this.partitions = partitions;
        this.noPartitionsWhy = noPartitionsWhy;
        this.owned = owned;
    }

    /** A new in-memory engine in this process. */
    public static BenchTarget embedded() {
        return embedded(EngineConfig.inMemory());
    }

    /** A new engine in this process on {@code config} (throughput switches: throttling, adaptive capacity...). */
    public static BenchTarget embedded(EngineConfig config) {
        Engine engine = new Engine(config);
        return new BenchTarget("embedded", new EmbeddedBenchClient(engine), PartitionSampler.embedded(engine), null, engine);
    }

    /**
     * A {@code keystorm serve --admin} child started with {@code serveCommand} on a free loopback
     * port, its data in {@code dataDir} logged under {@code sync} (the bench's default is group
     * commit: a benchmark of the store, not of one fsync a write), reached by the client
     * {@code connect} makes of its endpoint.
     */
    public static BenchTarget serve(List<String> serveCommand, Path dataDir, SyncPolicy sync,
                                    Function<URI, BenchClient> connect) {
        ServeProcess serve = ServeProcess.start(serveCommand, dataDir, sync, List.of());
        try {
            BenchClient client = connect.apply(serve.endpoint());
            return new BenchTarget("keystorm serve at " + serve.endpoint(), client, PartitionSampler.admin(serve.endpoint()),
                    null, serve);
        } catch (RuntimeException e) {
            serve.close();
            throw e;
        }
    }

    /** Another endpoint, through {@code client}. */
    public static BenchTarget endpoint(URI uri, BenchClient client) {
        return new BenchTarget(uri.toString(), client, null,
                "not available: " + uri + " publishes no per-partition metrics (only keystorm's engine, embedded or "
                        + "keystorm serve --admin, does; on Amazon DynamoDB see CloudWatch Contributor Insights)", null);
    }

    public BenchClient client() {
        return client;
    }

    /** Where per-partition counters are read, or null. */
    public PartitionSampler.Source partitions() {
        return partitions;
    }

    /** Why there are no per-partition counters (null when there are). */
    public String noPartitionsWhy() {
        return noPartitionsWhy;
    }

    public String describe() {
        return name + " (" + client.describe() + ")";
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop " + name + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
