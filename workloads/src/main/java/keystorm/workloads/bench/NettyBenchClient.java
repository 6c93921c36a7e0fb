package keystorm.workloads.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import keystorm.workloads.bench.http.RequestEncoder;
import keystorm.workloads.bench.http.RequestEncoder.Operation;
import keystorm.workloads.bench.http.ResponseDecoder;

/**
 * A pipelined, keep-alive client of DynamoDB's JSON protocol on Netty, made so that the bench's
 * client is not what limits a local server: a few connections ({@link Options#connections}), and
 * on each up to {@link Options#inFlightPerConnection} requests written before their answers come
 * back (HTTP/1.1 pipelining), the answers matched to the requests in the order they were sent.
 *
 * <p>How a request goes: {@link #execute} encodes it on the caller's thread into one pooled buffer
 * ({@link RequestEncoder}: pre-encoded head, Jackson's streaming generator for the body, always
 * {@code ReturnConsumedCapacity TOTAL}), picks a connection round-robin and hands it to that
 * connection's event loop, and returns. On the loop it is written at once if the connection has
 * room, else it waits in the connection's queue (at most {@link #WAITING_MAX}; past that it fails
 * at once as {@code ClientQueueFull}, having never been sent).
 * Writes of one loop turn go out with one flush. The answer is decoded on the loop
 * ({@link ResponseDecoder}) and the future completed there, so whatever the caller chained on it
 * runs on the event loop and should be short.
 *
 * <p>Outcomes: a 200 is OK, a 4xx THROTTLED or FAILED, a 5xx INDETERMINATE (see
 * {@link ResponseDecoder}). A connection that closes or errs with requests written and not
 * answered makes each of them INDETERMINATE ({@code connection closed}); the client then opens a
 * new one (at once, then backing off up to a second while connecting fails) and sends the queued
 * requests over it. A request not answered within {@link Options#timeout} of {@link #execute} is
 * INDETERMINATE ({@code timeout}); since an HTTP/1.1 connection cannot skip an answer, the timed
 * out request's connection is closed, and the requests written after it on that connection are
 * INDETERMINATE too. A connection that cannot be opened fails the requests waiting for it
 * ({@code ConnectFailed}: never sent, so no effect). Deadlines are checked every tenth of the
 * timeout (at most every 100 ms), so a timeout fires up to that much late.
 *
 * <p>Limits: plain http only (no TLS: https is refused), and no real SigV4 signature (the
 * Authorization header has the right shape with a zero signature and fixed local credentials,
 * which keystorm serve and DynamoDB Local accept): for loopback and test targets, not for the real
 * service (use {@link SdkBenchClient} there). The response's x-amz-crc32 is not checked.
 *
 * <p>keystorm serve (DynamoServer, as of this writing) answers requests pipelined on one
 * connection out of order when several arrive in one read, so against it the answers would be
 * matched to the wrong requests; until it answers in order, give it
 * {@code inFlightPerConnection(1)} and more connections (NettyBenchClientTest has the disabled
 * test that shows it). DynamoDB Local and the bare handler answer in order.
 *
 * <p>What it costs (ServerLoadBenchmark#nettySweep, GetItem of 1 KB items, client and server
 * sharing 2 busy cores): about 5 µs of client CPU per request pipelined (4 × 32), so one client
 * core issues some 200,000 requests/s against a bare handler; 15 to 20 µs without pipelining
 * (a write and a read syscall per request). Against keystorm serve pipelined connections
 * (4 × 128, 16 × 16) reached 40,000 to 45,000 GetItem/s, one request in flight per connection
 * at most about 26,000.
 *
 * <p>Thread-safe: {@link #execute} from any thread; each connection's state is touched only on
 * its event loop. {@link #createTable} and {@link #deleteTable} block: never call them on the
 * event loop (from a callback of a future this client completed).
 */
public final class NettyBenchClient implements BenchClient {
    /** How many requests may wait for room on one connection. */
    public static final int WAITING_MAX = 1 << 16;
    static final int RESPONSE_BYTES_MAX = 32 << 20;
    private static final Duration TABLE_WAIT = Duration.ofSeconds(60);
    private static final long TABLE_POLL_MILLIS = 50;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param connections keep-alive connections to the endpoint (1..1024)
     * @param inFlightPerConnection requests written and not yet answered on one connection (1..65536)
     * @param timeout how long a request may take, from execute to its answer
     * @param ioThreads Netty event loop threads the connections share (1..connections)
     * @param accessKeyId the access key the Authorization header names
     * @param region the region it names
     */
    public record Options(int connections, int inFlightPerConnection, Duration timeout, int ioThreads,
                          String accessKeyId, String region) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        public Options {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(region, "region");
            if (connections < 1 || connections > 1024) {
                throw new IllegalArgumentException("connections is 1 to 1024, not " + connections);
            }
            if (inFlightPerConnection < 1 || inFlightPerConnection > 65536) {
                throw new IllegalArgumentException("in-flight requests per connection is 1 to 65536, not "
                        + inFlightPerConnection);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            if (ioThreads < 1 || ioThreads > connections) {
                throw new IllegalArgumentException("io threads is 1 to the connections (" + connections + "), not "
                        + ioThreads);
            }
        }

        /** 4 connections, 128 in flight on each, 10 s, 1 event loop thread, keystorm's local credentials. */
        public static Options defaults() {
            return new Options(4, 128, DEFAULT_TIMEOUT, 1, "keystorm", "us-east-1");
        }

        public Options withConnections(int connections) {
            return new Options(connections, inFlightPerConnection, timeout, Math.min(ioThreads, connections),
                    accessKeyId, region);
        }

        public Options withInFlightPerConnection(int inFlightPerConnection) {
            return new Options(connections, inFlightPerConnection, timeout, ioThreads, accessKeyId, region);
        }

        public Options withTimeout(Duration timeout) {
            return new Options(connections, inFlightPerConnection, timeout, ioThreads, accessKeyId, region);
        }

        public Options withIoThreads(int ioThreads) {
            return new Options(connections, inFlightPerConnection, timeout, ioThreads, accessKeyId, region);
        }

        public Options withAccessKeyId(String accessKeyId) {
            return new Options(connections, inFlightPerConnection, timeout, ioThreads, accessKeyId, region);
        }
    }

    private final URI endpoint;
    private final Options options;
    private final long timeoutNanos;
    private final RequestEncoder encoder;
    private final EventLoopGroup group;
    private final Connection[] connections;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    /** A client of {@code endpoint} (http://host:port) with {@link Options#defaults()}. */
    public NettyBenchClient(URI endpoint) {
        this(endpoint, Options.defaults());
    }

    public NettyBenchClient(URI endpoint, Options options) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.options = Objects.requireNonNull(options, "options");
        this.encoder = new RequestEncoder(endpoint, options.accessKeyId(), options.region());
        this.timeoutNanos = options.timeout().toNanos();
        this.group = new NioEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("keystorm-bench-netty", true));
        this.connections = new Connection[options.connections()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new Connection(group.next());
        }
        for (Connection connection : connections) {
            connection.loop.execute(connection::start);
        }
    }

    @Override
    public CompletableFuture<BenchOutcome> execute(BenchRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("the Netty bench client of " + endpoint + " is closed");
        }
        BenchPending pending = new BenchPending(request, encoder.encode(PooledByteBufAllocator.DEFAULT, request),
                System.nanoTime() + timeoutNanos);
        submit(connections[Math.floorMod(next.getAndIncrement(), connections.length)], pending);
        return pending.future;
    }

    private void submit(Connection connection, Pending pending) {
        try {
            connection.loop.execute(() -> connection.submit(pending));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.lost(BenchOutcome.indeterminate("client closed"));
        }
    }

    @Override
    public boolean pipelined() {
        return true;
    }

    @Override
    public String describe() {
        return "netty " + endpoint;
    }

    /** Deletes the table if it is there, waits until it is gone, creates it and waits until it is ACTIVE. */
    @Override
    public void createTable(String table, TableMode mode) {
        Objects.requireNonNull(mode, "mode");
        deleteTable(table);
        Answer created = control(Operation.CreateTable, json -> RequestEncoder.createTable(json, table, mode));
        if (created.status() != 200) {
            throw created.failure("CreateTable " + table);
        }
        awaitTable(table, true);
    }

    /** Deletes the table and waits until it is gone; a table that is not there is fine. */
    @Override
    public void deleteTable(String table) {
        Answer deleted = control(Operation.DeleteTable, json -> RequestEncoder.tableName(json, table));
        if (deleted.notFound()) {
            return;
        }
        if (deleted.status() != 200) {
            throw deleted.failure("DeleteTable " + table);
        }
        awaitTable(table, false);
    }

    private void awaitTable(String table, boolean active) {
        long deadline = System.nanoTime() + TABLE_WAIT.toNanos();
        while (true) {
            Answer described = control(Operation.DescribeTable, json -> RequestEncoder.tableName(json, table));
            if (!active && described.notFound()) {
                return;
            }
            if (described.status() != 200 && !described.notFound()) {
                throw described.failure("DescribeTable " + table);
            }
            if (active && described.status() == 200
                    && "ACTIVE".equals(described.json().path("Table").path("TableStatus").asText())) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("table " + table + " is not " + (active ? "ACTIVE" : "gone")
                        + " after " + TABLE_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(TABLE_POLL_MILLIS); // polling the server's state: nothing to wait on here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for table " + table, e);
            }
        }
    }

    /** The answer to a control request (CreateTable, DeleteTable, DescribeTable). */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("unreadable answer: " + body, e);
            }
        }

        String type() {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return ResponseDecoder.errorType(bytes, 0, bytes.length);
        }

        boolean notFound() {
            return status == 400 && "ResourceNotFoundException".equals(type());
        }

        IllegalStateException failure(String what) {
            return new IllegalStateException(what + ": HTTP " + status + " " + body);
        }
    }

    private Answer control(Operation operation, RequestEncoder.Body body) {
        if (closed) {
            throw new IllegalStateException("the Netty bench client of " + endpoint + " is closed");
        }
        ControlPending pending = new ControlPending(encoder.encode(PooledByteBufAllocator.DEFAULT, operation, body),
                System.nanoTime() + timeoutNanos);
        submit(connections[0], pending);
        try {
            return pending.future.get(timeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + operation, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(operation + " on " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    /** Closes the connections; requests not yet answered complete INDETERMINATE (client closed). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<io.netty.util.concurrent.Future<?>> stops = new ArrayList<>();
        for (Connection connection : connections) {
            stops.add(connection.loop.submit(connection::stop));
        }
        for (io.netty.util.concurrent.Future<?> stop : stops) {
            stop.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** A request on its way: its encoded bytes until written, its deadline, how to answer it. */
    private abstract static class Pending {
        ByteBuf bytes;
        final long deadlineNanos;

        Pending(ByteBuf bytes, long deadlineNanos) {
            this.bytes = bytes;
            this.deadlineNanos = deadlineNanos;
        }

        ByteBuf take() {
            ByteBuf taken = bytes;
            bytes = null;
            return taken;
        }

        /** Completes with an outcome other than an answer; releases the bytes if never written. */
        final void lost(BenchOutcome outcome) {
            if (bytes != null) {
                take().release();
            }
            fail(outcome);
        }

        abstract void answer(int status, byte[] body, int length);

        abstract void fail(BenchOutcome outcome);
    }

    private static final class BenchPending extends Pending {
        final BenchRequest request;
        final CompletableFuture<BenchOutcome> future = new CompletableFuture<>();

        BenchPending(BenchRequest request, ByteBuf bytes, long deadlineNanos) {
            super(bytes, deadlineNanos);
            this.request = request;
        }

        @Override
        void answer(int status, byte[] body, int length) {
            future.complete(ResponseDecoder.decode(request, status, body, 0, length));
        }

        @Override
        void fail(BenchOutcome outcome) {
            future.complete(outcome);
        }
    }

    private static final class ControlPending extends Pending {
        final CompletableFuture<Answer> future = new CompletableFuture<>();

        ControlPending(ByteBuf bytes, long deadlineNanos) {
            super(bytes, deadlineNanos);
        }

        @Override
        void answer(int status, byte[] body, int length) {
            future.complete(new Answer(status, new String(body, 0, length, StandardCharsets.UTF_8)));
        }

        @Override
        void fail(BenchOutcome outcome) {
            future.completeExceptionally(new IOException(outcome.kind() + ": " + outcome.errorType()));
        }
    }

    /**
     * One keep-alive connection and what it carries: the requests written and not answered
     * ({@code inFlight}, in the order written, which is the order of the answers) and those
     * waiting for room ({@code waiting}). Touched only on {@link #loop}.
     */
    private final class Connection {
        final EventLoop loop;
        final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        final Bootstrap bootstrap;
        Channel channel;
        boolean connecting;
        int connectFailures;
        boolean answeredSinceConnect;
        boolean flushScheduled;
        byte[] scratch = new byte[8192];
        ScheduledFuture<?> sweeper;
        final Runnable flush = () -> {
            flushScheduled = false;
            if (channel != null) {
                channel.flush();
            }
        };

        Connection(EventLoop loop) {
            this.loop = loop;
            this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            options.timeout().toMillis()))
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
        }

        void start() {
            long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                    Math.min(TimeUnit.MILLISECONDS.toNanos(100), timeoutNanos / 10));
            sweeper = loop.scheduleAtFixedRate(this::sweep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
            connect();
        }

        void submit(Pending pending) {
            if (closed) {
                pending.lost(BenchOutcome.indeterminate("client closed"));
            } else if (channel != null && waiting.isEmpty() && inFlight.size() < options.inFlightPerConnection()) {
                write(pending);
                if (!flushScheduled) {
                    flushScheduled = true;
                    loop.execute(flush);
                }
            } else if (waiting.size() >= WAITING_MAX) {
                pending.lost(BenchOutcome.failed("ClientQueueFull"));
            } else {
                waiting.add(pending);
            }
        }

        private void write(Pending pending) {
            inFlight.add(pending);
            channel.write(pending.take(), channel.voidPromise());
        }

        /** Writes waiting requests while there is room; answers whether it wrote any. */
        private boolean drain() {
            boolean wrote = false;
            while (channel != null && !waiting.isEmpty() && inFlight.size() < options.inFlightPerConnection()) {
                write(waiting.poll());
                wrote = true;
            }
            return wrote;
        }

        private void connect() {
            if (closed || connecting || channel != null) {
                return;
            }
            connecting = true;
            ChannelFuture opening = bootstrap.handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpResponseDecoder(), new HttpObjectAggregator(RESPONSE_BYTES_MAX),
                            new Handler());
                }
            }).connect(endpoint.getHost(), endpoint.getPort() >= 0 ? endpoint.getPort() : 80);
            opening.addListener((ChannelFuture f) -> {
                connecting = false;
                if (closed) {
                    f.channel().close();
                } else if (f.isSuccess()) {
                    channel = f.channel();
                    answeredSinceConnect = false;
                    if (drain()) {
                        channel.flush();
                    }
                } else {
                    String reason = "ConnectFailed: " + f.cause();
                    for (Pending pending; (pending = waiting.poll()) != null; ) {
                        pending.lost(BenchOutcome.failed(reason));
                    }
                    reconnectLater();
                }
            });
        }

        /** Connects again after 20 ms, 40 ms ... up to a second, as long as connections fail or answer nothing. */
        private void reconnectLater() {
            connectFailures++;
            long delayMillis = Math.min(1000, 10L << Math.min(connectFailures, 7));
            loop.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
        }

        /** The connection {@code lost} is gone: what it carried is indeterminate; a new one is opened. */
        void lose(Channel lost, String reason) {
            if (lost != channel) {
                return; // a connection already given up (closed after a timeout, then inactive)
            }
            channel = null;
            lost.close();
            BenchOutcome outcome = BenchOutcome.indeterminate(reason);
            for (Pending pending; (pending = inFlight.poll()) != null; ) {
                pending.lost(outcome);
            }
            if (answeredSinceConnect) {
                connectFailures = 0;
                connect();
            } else {
                reconnectLater(); // a server that closes every connection unanswered is not hammered
            }
        }

        void answered(Channel from, FullHttpResponse response) {
            if (from != channel) {
                return;
            }
            Pending pending = inFlight.poll();
            if (pending == null) {
                lose(from, "an answer to no request");
                return;
            }
            ByteBuf content = response.content();
            int length = content.readableBytes();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, 2 * scratch.length)];
            }
            content.getBytes(content.readerIndex(), scratch, 0, length);
            answeredSinceConnect = true;
            pending.answer(response.status().code(), scratch, length);
            if (!HttpUtil.isKeepAlive(response)) {
                lose(from, "connection closed by the server");
            }
        }

        void sweep() {
            long now = System.nanoTime();
            Pending oldest = inFlight.peek();
            if (oldest != null && now - oldest.deadlineNanos > 0) {
                lose(channel, "timeout after " + options.timeout().toMillis() + " ms");
            }
            while (!waiting.isEmpty() && now - waiting.peek().deadlineNanos > 0) {
                waiting.poll().lost(BenchOutcome.indeterminate("timeout after " + options.timeout().toMillis()
                        + " ms (not sent)"));
            }
        }

        void stop() {
            if (sweeper != null) {
                sweeper.cancel(false);
            }
            Channel open = channel;
            channel = null;
            BenchOutcome outcome = BenchOutcome.indeterminate("client closed");
            for (Pending pending; (pending = inFlight.poll()) != null; ) {
                pending.lost(outcome);
            }
            for (Pending pending; (pending = waiting.poll()) != null; ) {
                pending.lost(outcome);
            }
            if (open != null) {
                open.close();
            }
        }

        /** The pipeline's end of one channel: hands its events to the connection. */
        private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                answered(ctx.channel(), response);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                if (ctx.channel() == channel && drain()) {
                    ctx.flush();
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                lose(ctx.channel(), "connection closed");
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                lose(ctx.channel(), "connection error: " + cause);
            }
        }
    }
}
