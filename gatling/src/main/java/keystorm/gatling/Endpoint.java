package keystorm.gatling;

import java.net.URI;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.server.DynamoServer;

/**
 * The endpoint a simulation drives: the given target, or a keystorm serve started in this JVM on a
 * free loopback port (in-memory engine, throttling on, no admin paths) and stopped by {@link #close}.
 * In-process, the server shares the machine's cores with Gatling: its latencies include that.
 */
public final class Endpoint implements AutoCloseable {
    private final URI uri;
    private final Engine engine;
    private final DynamoServer server;

    private Endpoint(URI uri, Engine engine, DynamoServer server) {
        this.uri = uri;
        this.engine = engine;
        this.server = server;
    }

    /** {@code target}, or a fresh in-process keystorm serve when it is null. */
    public static Endpoint open(URI target) {
        if (target != null) {
            return new Endpoint(target, null, null);
        }
        Engine engine = new Engine(EngineConfig.inMemory());
        DynamoServer server = DynamoServer.start(engine, "127.0.0.1", 0, false);
        return new Endpoint(URI.create(server.endpoint()), engine, server);
    }

    public URI uri() {
        return uri;
    }

    /** Whether this endpoint is a keystorm serve started here (and so empty when opened). */
    public boolean inProcess() {
        return server != null;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            engine.close();
        }
    }

    @Override
    public String toString() {
        return inProcess() ? "keystorm serve in-process at " + uri : uri.toString();
    }
}
