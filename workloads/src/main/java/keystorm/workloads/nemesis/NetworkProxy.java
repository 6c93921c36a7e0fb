package keystorm.workloads.nemesis;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import keystorm.engine.fault.Fault;

/**
 * A TCP proxy between clients and a store that carries out {@link Fault.NetworkFault}s: it
 * listens on 127.0.0.1, forwards every accepted connection to the target, and, as told by
 * {@link #apply}, delays what it forwards, drops connections, resets them, or swallows
 * everything (a blackhole) until healed. Delay and drop hold together; a reset or a blackhole
 * replaces the other; {@link Fault.NetHeal} ends them all.
 *
 * <p>Assumptions and guarantees: once {@link #apply} returns, the fault holds for every chunk
 * read afterwards (and, for a reset, every connection open before it has been reset). Random
 * choices (drops, jitter) come from the generator given, one draw per decision, so the same
 * seed and the same traffic make the same choices. Bounded: at most {@link #CONNECTIONS_MAX}
 * connections at once (more are closed on accept) and {@link #PENDING_BYTES_MAX} bytes held per
 * direction of a connection (above it the proxy stops reading that side).
 */
public final class NetworkProxy implements AutoCloseable {
    public static final int CONNECTIONS_MAX = 1_024;
    public static final int PENDING_BYTES_MAX = 4 * 1024 * 1024;
    /** How long {@link #apply} and {@link #close} wait for connections to close. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    /** What happens to every connection besides delay and drop. */
    enum Cut { NONE, BLACKHOLE, RESET }

    /** The faults in force: read once per chunk, replaced whole by {@link #apply}. */
    record Conditions(long delayNanos, long jitterNanos, double dropProbability, Cut cut) {
        static final Conditions PLAIN = new Conditions(0, 0, 0, Cut.NONE);
    }

    private final String targetHost;
    private final int targetPort;
    private final RandomGenerator random;
    private final int connectionsMax;
    private final int pendingBytesMax;
    private final EventLoopGroup loops = new NioEventLoopGroup(2);
    private final Channel listener;
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private volatile Conditions conditions = Conditions.PLAIN;

    /**
     * Starts listening on 127.0.0.1:{@code port} (0: any free port), forwarding to
     * {@code targetHost:targetPort}; {@code random} makes every random choice.
     */
    public NetworkProxy(String targetHost, int targetPort, int port, RandomGenerator random) {
        this(targetHost, targetPort, port, random, CONNECTIONS_MAX, PENDING_BYTES_MAX);
    }

    NetworkProxy(String targetHost, int targetPort, int port, RandomGenerator random, int connectionsMax, int pendingBytesMax) {
        if (targetHost == null || targetPort < 1 || targetPort > 65_535) {
            throw new IllegalArgumentException("target must be a host and a port from 1 to 65535: " + targetHost + ":" + targetPort);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535: " + port);
        }
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        if (connectionsMax < 1 || pendingBytesMax < 1) {
            throw new IllegalArgumentException("connectionsMax and pendingBytesMax must be 1 or more: "
                    + connectionsMax + ", " + pendingBytesMax);
        }
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.random = random;
        this.connectionsMax = connectionsMax;
        this.pendingBytesMax = pendingBytesMax;
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new Gate());
                    }
                });
        try {
            this.listener = bootstrap.bind("127.0.0.1", port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Where clients connect: {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort());
    }

    /** Connections open through the proxy now. */
    public int openConnections() {
        return open.get();
    }

    /** Carries out one network fault; see the class comment for how they combine. */
    public synchronized void apply(Fault.NetworkFault fault) {
        Conditions now = conditions;
        switch (fault) {
            case Fault.NetDelay f -> conditions = new Conditions(f.delay().toNanos(), f.jitter().toNanos(),
                    now.dropProbability(), now.cut());
            case Fault.NetDrop f -> conditions = new Conditions(now.delayNanos(), now.jitterNanos(), f.probability(), now.cut());
            case Fault.NetReset f -> {
                conditions = new Conditions(now.delayNanos(), now.jitterNanos(), now.dropProbability(), Cut.RESET);
                List<ChannelFuture> closed = new ArrayList<>();
                for (ProxyConnection connection : connections) {
                    closed.add(connection.reset());
                }
                await(closed);
            }
            case Fault.NetBlackhole f -> conditions = new Conditions(now.delayNanos(), now.jitterNanos(),
                    now.dropProbability(), Cut.BLACKHOLE);
            case Fault.NetHeal f -> {
                conditions = Conditions.PLAIN;
                // What a blackhole swallowed is gone: those streams cannot go on, so they end here.
                List<ChannelFuture> closed = new ArrayList<>();
                for (ProxyConnection connection : connections) {
                    if (connection.spoilt) {
                        connection.close();
                        closed.add(connection.client.closeFuture());
                    }
                }
                await(closed);
            }
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
        List<ChannelFuture> closed = new ArrayList<>();
        for (ProxyConnection connection : connections) {
            connection.close();
            closed.add(connection.client.closeFuture());
        }
        await(closed);
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_WAIT_MILLIS);
    }

    // ---- for the connections

    Conditions conditions() {
        return conditions;
    }

    /** Whether to drop a connection now: one draw, if drops are on. */
    boolean drops(Conditions now) {
        if (now.dropProbability() <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < now.dropProbability();
        }
    }

    /** This chunk's delay: the delay plus a uniform draw in [-jitter, +jitter]. */
    long delayNanos(Conditions now) {
        if (now.jitterNanos() <= 0) {
            return now.delayNanos();
        }
        synchronized (random) {
            return now.delayNanos() + random.nextLong(-now.jitterNanos(), now.jitterNanos() + 1);
        }
    }

    void forget(ProxyConnection connection) {
        if (connections.remove(connection)) {
            open.decrementAndGet();
        }
    }

    private static void await(List<ChannelFuture> closing) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /** Decides what becomes of a connection just accepted, then hands it to its relay. */
    private final class Gate extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            Conditions now = conditions;
            if (now.cut() == Cut.RESET) {
                client.config().setOption(ChannelOption.SO_LINGER, 0);
                client.close();
                return;
            }
            if (drops(now)) {
                client.close();
                return;
            }
            if (open.incrementAndGet() > connectionsMax) {
                open.decrementAndGet();
                client.close();
                return;
            }
            ProxyConnection connection = new ProxyConnection(NetworkProxy.this, client, pendingBytesMax);
            connections.add(connection);
            ctx.pipeline().addLast(connection.clientHandler());
            ctx.pipeline().remove(this);
            if (now.cut() == Cut.BLACKHOLE) {
                // Accept and read, forward nothing: no connection to the target at all.
                connection.spoilt = true;
                client.config().setAutoRead(true);
                return;
            }
            ChannelFuture connected = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(connection.serverHandler())
                    .connect(targetHost, targetPort);
            connection.server = connected.channel();
            connected.addListener(done -> {
                if (done.isSuccess() && client.isActive()) {
                    client.config().setAutoRead(true);
                    connection.server.config().setAutoRead(true);
                } else {
                    connection.close();
                }
            });
        }
    }
}
