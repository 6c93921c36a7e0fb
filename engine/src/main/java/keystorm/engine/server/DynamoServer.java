package keystorm.engine.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import keystorm.engine.Engine;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;

/**
 * The engine behind DynamoDB's JSON 1.0 protocol over HTTP/1.1 (Netty): {@code POST /} with
 * {@code X-Amz-Target: DynamoDB_20120810.<Operation>}, answers with {@code x-amz-crc32} and
 * {@code x-amzn-RequestId}, errors as {@code {"__type":..., "message":...}} with DynamoDB's
 * status codes, keep-alive. {@code GET /} answers a health check.
 *
 * <p>The event loop only parses and writes: engine calls run on a bounded pool of worker threads
 * (they may wait on an fsync). A connection stops being read while its request runs, so a
 * client cannot queue more than one request per connection; when the pool's queue is full
 * ({@link Limits#serverQueueMax()}) a request is answered at once with a ThrottlingException
 * (retryable, and proof that nothing was applied) rather than waiting without bound.
 *
 * <p>With {@code admin}, paths under {@code /keystorm/} drive the engine's faults and read its
 * metrics (see {@link Admin}).
 *
 * <p>With an {@link keystorm.engine.auth.AuthConfig} ({@code keystorm serve --auth}) every request but the health
 * check is verified ({@link Authenticator}) on the event loop before it is parsed, and authorized on the worker
 * before the engine runs it; the admin endpoint then wants the config's bearer token.
 */
public final class DynamoServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DynamoServer.class.getName());
    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    static final Set<String> OPERATIONS = Set.copyOf(Operations.NAMES);
    /**
     * Jackson's default cap on names (50,000) is below DynamoDB's 65,535-byte attribute names;
     * anything but whitespace after the request's JSON value is malformed, as Jackson would
     * otherwise ignore it.
     */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNameLength(4 * Limits.DYNAMODB.attributeNameBytesMax()).build())
            .build())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Engine engine;
    private final Operations operations;
    private final Admin admin;
    /** With {@code --auth}: every request but the health check signed, every operation authorized; else null. */
    private final Authenticator auth;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final ThreadPoolExecutor pool;
    private final int queueMax;
    private final int bodyBytesMax;
    private final Channel channel;

    /**
     * How long a connection may sit unused ({@code idle}: no byte read or written, no request being
     * answered) and how long one request may take to arrive, from its first byte to its last
     * ({@code request}); past either the connection is closed, a request cut short first answered
     * 408. Both are timers on the connection's event loop: a slow or idle client holds no thread.
     */
    public record Timeouts(java.time.Duration idle, java.time.Duration request) {
        /** 60 s idle, 30 s for a request to arrive. */
        public static final Timeouts DEFAULT = new Timeouts(java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(30));

        public Timeouts {
            if (idle.isNegative() || idle.isZero() || request.isNegative() || request.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: idle " + idle + ", request " + request);
            }
        }
    }

    private static final byte[] UNAUTHORIZED = ("{\"error\":\"the admin endpoint wants the admin token of the --auth "
            + "file: Authorization: Bearer <adminToken>\"}").getBytes(StandardCharsets.UTF_8);

    /** The request line's bytes (Netty's default), past which a request is answered 414. */
    static final int INITIAL_LINE_BYTES_MAX = 4096;
    /** The headers' bytes together (Netty's default), past which a request is answered 431. */
    static final int HEADER_BYTES_MAX = 8192;

    private DynamoServer(Engine engine, String host, int port, boolean adminEnabled, int threads, Timeouts timeouts,
                         keystorm.engine.auth.AuthConfig authConfig) throws InterruptedException {
        this.engine = engine;
        this.operations = new Operations(engine, this::describedAddress);
        this.admin = adminEnabled ? new Admin(engine) : null;
        this.auth = authConfig == null ? null : new Authenticator(authConfig, engine);
        AtomicInteger count = new AtomicInteger();
        int bodyBytesMax = engine.config().limits().requestBytesMax(); // DynamoDB answers 413 past 16 MB
        this.bodyBytesMax = bodyBytesMax;
        this.queueMax = engine.config().limits().serverQueueMax();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueMax),
                r -> Thread.ofPlatform().daemon().name("keystorm-engine-" + count.incrementAndGet()).unstarted(r));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Guard guard = new Guard(bodyBytesMax, timeouts.request().toNanos());
                        ch.pipeline().addLast(
                                // idle: nothing read and nothing written (an answer sent restarts the count)
                                new io.netty.handler.timeout.IdleStateHandler(0, 0, timeouts.idle().toNanos(),
                                        TimeUnit.NANOSECONDS),
                                guard.arrivals(),
                                new HttpServerCodec(INITIAL_LINE_BYTES_MAX, HEADER_BYTES_MAX, 8192),
                                guard,
                                new TooLargeAggregator(bodyBytesMax),
                                new Handler());
                    }
                });
        this.channel = bootstrap.bind(host, port).sync().channel();
    }

    /** Starts serving {@code engine} on {@code host:port} (port 0: any free port). */
    public static DynamoServer start(Engine engine, String host, int port, boolean admin) {
        return start(engine, host, port, admin, Math.max(16, 8 * Runtime.getRuntime().availableProcessors()));
    }

    /** The same with {@code threads} workers (tests fill the queue with one). */
    static DynamoServer start(Engine engine, String host, int port, boolean admin, int threads) {
        return start(engine, host, port, admin, threads, Timeouts.DEFAULT);
    }

    /** The same with {@code timeouts} for idle connections and slow requests. */
    public static DynamoServer start(Engine engine, String host, int port, boolean admin, Timeouts timeouts) {
        return start(engine, host, port, admin, Math.max(16, 8 * Runtime.getRuntime().availableProcessors()),
                timeouts);
    }

    static DynamoServer start(Engine engine, String host, int port, boolean admin, int threads, Timeouts timeouts) {
        return start(engine, host, port, admin, threads, timeouts, null);
    }

    /**
     * The same with access control ({@code keystorm serve --auth}): every request but {@code GET /} must carry an
     * AWS Signature Version 4 of a credential in {@code auth}, and is run only if the credential's policies allow
     * every action and resource it touches; the admin endpoint wants {@code Authorization: Bearer <adminToken>}
     * (without an adminToken in {@code auth} it answers 401 to every request). {@code auth} null: no access control.
     */
    public static DynamoServer start(Engine engine, String host, int port, boolean admin, Timeouts timeouts,
                                     keystorm.engine.auth.AuthConfig auth) {
        return start(engine, host, port, admin, Math.max(16, 8 * Runtime.getRuntime().availableProcessors()),
                timeouts, auth);
    }

    static DynamoServer start(Engine engine, String host, int port, boolean admin, int threads, Timeouts timeouts,
                              keystorm.engine.auth.AuthConfig auth) {
        try {
            return new DynamoServer(engine, host, port, admin, threads, timeouts, auth);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public String endpoint() {
        InetSocketAddress address = address();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    public Engine engine() {
        return engine;
    }

    /**
     * What DescribeEndpoints answers: this server's {@code host:port}; a server bound to every interface names
     * the loopback address (the only one certain to reach it).
     */
    private String describedAddress() {
        InetSocketAddress address = address();
        String host = address.getAddress() != null && address.getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Stops accepting, lets requests in flight finish (up to 10 s), then stops the threads. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * One connection's requests, answered one at a time and in the order they came: a client may
     * pipeline them (send the next before the answer to the last), and HTTP/1.1 requires the
     * answers in request order and lets a server run only safe methods in parallel (RFC 9112,
     * section 9.3.2; every DynamoDB request is a POST). A request that arrives while another is
     * being answered waits here; the connection is not read meanwhile, so this holds at most what
     * one read decoded.
     */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
        private boolean busy;

        Handler() {
            super(false); // released here, once answered
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (busy) {
                waiting.add(request);
                return;
            }
            serve(ctx, request);
        }

        /** Answers requests in order until one goes to the workers; its answer calls {@link #next}. */
        private void serve(ChannelHandlerContext ctx, FullHttpRequest first) {
            FullHttpRequest request = first;
            while (request != null) {
                boolean dispatched;
                try {
                    dispatched = handle(ctx, request);
                } finally {
                    request.release();
                }
                if (dispatched) {
                    busy = true;
                    return;
                }
                request = waiting.poll();
            }
            busy = false;
            ctx.channel().config().setAutoRead(true);
        }

        /** After a dispatched request's answer was written (on the connection's event loop). */
        void next(ChannelHandlerContext ctx) {
            FullHttpRequest request = waiting.poll();
            if (request == null) {
                busy = false;
                ctx.channel().config().setAutoRead(true);
            } else {
                serve(ctx, request);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            FullHttpRequest request;
            while ((request = waiting.poll()) != null) {
                request.release();
            }
            super.channelInactive(ctx);
        }

        /** Answers one request, or hands it to the workers: then answers true. */
        private boolean handle(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = new QueryStringDecoder(request.uri()).path();
            if (path.startsWith("/keystorm/")) {
                if (admin == null) {
                    send(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain",
                            "the admin endpoint is off; start keystorm serve with --admin\n".getBytes(StandardCharsets.UTF_8));
                    return false;
                }
                if (auth != null && !auth.admits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                    send(ctx, keepAlive, HttpResponseStatus.UNAUTHORIZED, "application/json", UNAUTHORIZED);
                    return false;
                }
                String method = request.method().name();
                String body = request.content().toString(StandardCharsets.UTF_8);
                String uri = request.uri();
                return dispatch(ctx, keepAlive, () -> admin.handle(method, uri, body), this);
            }
            if (request.method().equals(HttpMethod.GET) && path.equals("/")) {
                // as the service answers a health check: "healthy: " and the host it was asked as
                String host = request.headers().get(HttpHeaderNames.HOST, "keystorm");
                send(ctx, keepAlive, HttpResponseStatus.OK, "text/plain",
                        ("healthy: " + host + "\n").getBytes(StandardCharsets.UTF_8));
                return false;
            }
            Authenticator.Caller caller = null;
            if (auth != null) {
                // before anything else looks at the request: the signature over the bytes as they came
                try {
                    caller = auth.authenticate(request.method().name(), request.uri(), request.headers(),
                            io.netty.buffer.ByteBufUtil.getBytes(request.content()));
                } catch (DynamoException e) {
                    sendError(ctx, keepAlive, e);
                    return false;
                }
            }
            if (!request.method().equals(HttpMethod.POST) || !path.equals("/")) {
                sendError(ctx, keepAlive, new DynamoException(ErrorType.UnknownOperationException, ""));
                return false;
            }
            String target = request.headers().get("X-Amz-Target");
            // DynamoDB's operations by their bare name, DynamoDB Streams' by their whole target
            String operation = StreamsOperations.serves(target) ? target
                    : target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
            if (operation == null || !(OPERATIONS.contains(operation) || StreamsOperations.serves(operation))) {
                sendError(ctx, keepAlive, new DynamoException(ErrorType.UnknownOperationException, ""));
                return false;
            }
            io.netty.buffer.ByteBuf content;
            try {
                content = ContentDecoding.decode(request.headers().get(HttpHeaderNames.CONTENT_ENCODING),
                        request.content(), bodyBytesMax);
            } catch (ContentDecoding.TooLarge e) {
                FullHttpResponse tooLarge = Guard.tooLarge(-1, bodyBytesMax);
                if (keepAlive) {
                    tooLarge.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                    ctx.writeAndFlush(tooLarge);
                } else {
                    ctx.writeAndFlush(tooLarge).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                }
                return false;
            } catch (DynamoException e) {
                sendError(ctx, keepAlive, e);
                return false;
            }
            try {
                return parseAndDispatch(ctx, keepAlive, operation, content, caller);
            } finally {
                if (content != request.content()) {
                    content.release();
                }
            }
        }

        /** Reads a request's (decoded) body as JSON and hands it to the workers. */
        private boolean parseAndDispatch(ChannelHandlerContext ctx, boolean keepAlive, String operation,
                                         io.netty.buffer.ByteBuf content, Authenticator.Caller caller) {
            long malformed = Utf8.firstMalformed(content);
            if (malformed >= 0) {
                sendError(ctx, keepAlive, new DynamoException(ErrorType.SerializationException,
                        "Malformed JSON: invalid UTF-8 at byte " + malformed + " of the request body"));
                return false;
            }
            JsonNode body;
            try (InputStream in = new ByteBufInputStream(content)) {
                body = JSON.readTree(in);
            } catch (JsonProcessingException e) {
                sendError(ctx, keepAlive, new DynamoException(ErrorType.SerializationException,
                        "Malformed JSON: " + e.getOriginalMessage()));
                return false;
            } catch (IOException e) {
                sendError(ctx, keepAlive, new DynamoException(ErrorType.SerializationException, e.getMessage()));
                return false;
            }
            if (body == null || body.isMissingNode()) {
                body = JSON.createObjectNode();
            }
            JsonNode parsed = body;
            Authenticator.Caller signed = caller;
            return dispatch(ctx, keepAlive, () -> {
                if (signed != null) {
                    auth.authorize(signed, operation, parsed); // all of it allowed, or nothing runs
                }
                return new Reply(HttpResponseStatus.OK, "application/x-amz-json-1.0", operations.call(operation, parsed));
            }, this);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof io.netty.handler.timeout.IdleStateEvent) {
                // idle between requests; while one is being answered the connection is not read
                if (!busy && waiting.isEmpty()) {
                    ctx.close();
                }
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(Level.FINE, "connection error", cause);
            ctx.close();
        }
    }

    /** A response: status, content type, body. */
    record Reply(HttpResponseStatus status, String contentType, byte[] body) {
    }

    interface Call {
        Reply run() throws Exception;
    }

    /**
     * Runs a call on the worker pool, not reading the connection meanwhile; answers whether it went
     * there (then {@code handler} is told once its answer is written), or was refused at once.
     */
    private boolean dispatch(ChannelHandlerContext ctx, boolean keepAlive, Call call, Handler handler) {
        ctx.channel().config().setAutoRead(false);
        try {
            pool.execute(() -> {
                Reply reply;
                try {
                    reply = call.run();
                } catch (DynamoException e) {
                    reply = new Reply(HttpResponseStatus.valueOf(e.type().httpStatus()), "application/x-amz-json-1.0",
                            Operations.error(e));
                } catch (Exception | StackOverflowError e) {
                    LOG.log(Level.WARNING, "internal error", e);
                    reply = new Reply(HttpResponseStatus.INTERNAL_SERVER_ERROR, "application/x-amz-json-1.0",
                            Operations.error(new DynamoException(ErrorType.InternalServerError,
                                    "Internal server error: " + e)));
                }
                Reply done = reply;
                ctx.executor().execute(() -> {
                    send(ctx, keepAlive, done.status(), done.contentType(), done.body());
                    handler.next(ctx);
                });
            });
            return true;
        } catch (RejectedExecutionException e) {
            sendError(ctx, keepAlive, Limits.overloaded("The server has " + queueMax + " requests queued",
                    "serverQueueMax", queueMax));
            return false;
        }
    }

    private static void sendError(ChannelHandlerContext ctx, boolean keepAlive, DynamoException e) {
        send(ctx, keepAlive, HttpResponseStatus.valueOf(e.type().httpStatus()), "application/x-amz-json-1.0",
                Operations.error(e));
    }

    static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String contentType,
                     byte[] body) {
        FullHttpResponse response = response(status, contentType, body);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    /** A response with the headers DynamoDB sends (type, length, CRC32, request id, date). */
    static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        CRC32 crc = new CRC32();
        crc.update(body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("x-amz-crc32", Long.toString(crc.getValue()))
                .set("x-amzn-RequestId", requestId())
                .set(HttpHeaderNames.DATE, httpDate())
                .set(HttpHeaderNames.SERVER, "keystorm");
        return response;
    }

    /** The Date header's text, formatted once a second rather than once a response. */
    private record HttpDate(long second, String text) {
    }

    private static volatile HttpDate httpDate = new HttpDate(-1, "");

    private static String httpDate() {
        long second = System.currentTimeMillis() / 1000;
        HttpDate cached = httpDate;
        if (cached.second() != second) {
            cached = new HttpDate(second, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    java.time.Instant.ofEpochSecond(second).atZone(java.time.ZoneOffset.UTC)));
            httpDate = cached;
        }
        return cached.text();
    }

    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(52);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < 52; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
