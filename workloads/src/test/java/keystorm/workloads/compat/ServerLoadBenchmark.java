package keystorm.workloads.compat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import keystorm.workloads.bench.BenchKey;
import keystorm.workloads.bench.BenchOutcome;
import keystorm.workloads.bench.BenchRequest;
import keystorm.workloads.bench.NettyBenchClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The servers under load: GetItem and PutItem of 1 KB items, closed loop, at 1, 8 and 32
 * requests in flight, against keystorm serve, DynamoDB Local and a bare Netty handler that
 * answers a fixed body (the protocol's floor), all in this process, from three clients:
 * <ul>
 * <li>{@code sdk}: the AWS SDK v2 (URL-connection HTTP client), a thread and a connection per
 * request in flight, as users drive the servers. On a 2-core machine the SDK's own work
 * (marshalling, signing, checksums) takes most of the CPU, so these figures say more about the
 * client than the server;</li>
 * <li>{@code raw}: pre-built DynamoDB requests written on keep-alive sockets and the responses
 * read back by Content-Length, a thread and a connection per request in flight;</li>
 * <li>{@code netty}: {@link NettyBenchClient}, the bench's client, on one event loop thread:
 * at most {@code bench.nettyConnections} connections (4), the requests in flight spread over them
 * and pipelined. keystorm serve answers pipelined requests out of order today (see
 * NettyBenchClientTest), which a throughput figure does not see but a bench's answers would.</li>
 * </ul>
 * Fair to every server: every client first runs against every server once unmeasured (so no
 * server is measured with a cold client), then the measured cells run in rounds, each round
 * visiting the servers in another order, and the report gives each cell's median over the rounds
 * (and the range of its ops/s). The column {@code client µs/op} is the CPU time of the client's
 * own threads per request (the callers' threads; the Netty client's event loop), so
 * {@code 1e6 / µs} is how many requests one core of client can issue; {@code rest µs/op} the CPU
 * time of the rest of the process per request (the server's threads, and the JVM's GC and JIT);
 * {@code capacity} what both would do on this machine's cores with nothing else running (cores ×
 * 10^6 / (client + rest)): on a shared machine the ops/s are what the cores left over gave, and
 * the CPU per op is the steadier figure.
 *
 * <p>Not part of the default test run (its name does not end in Test); run it with
 * <pre>
 * ./mvnw -pl workloads -am test -Dtest=ServerLoadBenchmark#run -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * and narrow it with {@code -Dbench.targets=keystorm,dynamodb-local,bare-netty},
 * {@code -Dbench.clients=sdk,raw,netty}, {@code -Dbench.ops=GetItem,PutItem},
 * {@code -Dbench.concurrency=1,8,32}, {@code -Dbench.seconds=3} (measured seconds per cell and
 * round), {@code -Dbench.rounds=3}, {@code -Dbench.warmup=2} (seconds per client and server before
 * the rounds), {@code -Dbench.nettyConnections=4}.
 *
 * <p>{@link #nettySweep} runs the Netty client alone over a grid of connections and in-flight
 * bounds against keystorm serve and the bare handler (GetItem):
 * {@code -Dtest=ServerLoadBenchmark#nettySweep -Dbench.grid=1x1,4x1,16x1,4x8,4x32}.
 */
class ServerLoadBenchmark {
    static final int KEYS = 1_000;
    static final String PAYLOAD = "x".repeat(1000);
    static final String SORT_KEY = "0";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void run() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 3);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int warmup = Integer.getInteger("bench.warmup", 2);
        List<String> targets = list("bench.targets", "keystorm,dynamodb-local,bare-netty");
        List<String> clients = list("bench.clients", "sdk,raw,netty");
        List<String> ops = list("bench.ops", "GetItem,PutItem");
        List<Integer> concurrencies = list("bench.concurrency", "1,8,32").stream().map(Integer::valueOf).toList();
        int concurrencyMax = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
        THREADS.setThreadCpuTimeEnabled(true);
        try (Peers peers = new Peers(); BareNetty bare = new BareNetty()) {
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("keystorm", peers.keystorm.endpoint());
            endpoints.put("dynamodb-local", peers.localEndpoint());
            endpoints.put("bare-netty", bare.endpoint());
            endpoints.keySet().retainAll(targets);
            for (Map.Entry<String, String> target : endpoints.entrySet()) {
                if (!target.getKey().equals("bare-netty")) {
                    load(target.getValue());
                }
            }
            // Warm every client against every server before anything is measured.
            for (String client : clients) {
                for (String op : ops) {
                    for (String endpoint : endpoints.values()) {
                        measure(client, endpoint, op, concurrencyMax, 0, warmup);
                    }
                }
            }
            Map<String, List<Result>> cells = new LinkedHashMap<>();
            List<String> order = new ArrayList<>(endpoints.keySet());
            for (int round = 0; round < rounds; round++) {
                for (String client : clients) {
                    for (String op : ops) {
                        for (int concurrency : concurrencies) {
                            for (String target : order) {
                                Result result = measure(client, endpoints.get(target), op, concurrency, seconds, 0.5);
                                String cell = String.format("%-15s %-5s %-8s %3d in flight", target, client, op, concurrency);
                                System.out.printf("round %d  %s %10.0f ops/s%n", round + 1, cell, result.opsPerSecond());
                                cells.computeIfAbsent(cell, c -> new ArrayList<>()).add(result);
                            }
                        }
                    }
                }
                order.add(order.removeFirst()); // the next round visits the servers in another order
            }
            List<String> rows = new ArrayList<>();
            for (String target : endpoints.keySet()) {
                cells.forEach((cell, results) -> {
                    if (cell.startsWith(target + " ")) {
                        rows.add(String.format("%s %8.0f ops/s (%6.0f..%6.0f)  p50 %7.3f ms  p99 %7.3f ms  "
                                        + "client %6.1f µs/op  rest %6.1f µs/op  capacity %7.0f/s",
                                cell, median(results, Result::opsPerSecond),
                                results.stream().mapToDouble(Result::opsPerSecond).min().orElse(0),
                                results.stream().mapToDouble(Result::opsPerSecond).max().orElse(0),
                                median(results, Result::p50Millis), median(results, Result::p99Millis),
                                median(results, Result::clientMicrosPerOp), median(results, Result::restMicrosPerOp),
                                median(results, Result::capacity)));
                    }
                });
            }
            System.out.println("\n== ServerLoadBenchmark: medians of " + rounds + " rounds of " + seconds
                    + " s per cell (" + Runtime.getRuntime().availableProcessors() + " cores)\n" + String.join("\n", rows));
        }
    }

    @Test
    void nettySweep() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 3);
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<String> grid = list("bench.grid", "1x1,4x1,8x1,16x1,32x1,4x8,4x32,8x16");
        THREADS.setThreadCpuTimeEnabled(true);
        try (Peers peers = new Peers(); BareNetty bare = new BareNetty()) {
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("keystorm", peers.keystorm.endpoint());
            endpoints.put("bare-netty", bare.endpoint());
            load(peers.keystorm.endpoint());
            for (String endpoint : endpoints.values()) {
                nettyMeasure(endpoint, "GetItem", 4, 32, 0, 3);
            }
            Map<String, List<Result>> cells = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (String shape : grid) {
                    String[] parts = shape.split("x");
                    int connections = Integer.parseInt(parts[0]);
                    int inFlight = Integer.parseInt(parts[1]);
                    for (Map.Entry<String, String> target : endpoints.entrySet()) {
                        Result result = nettyMeasure(target.getValue(), "GetItem", connections, inFlight, seconds, 0.5);
                        String cell = String.format("%-11s netty GetItem %3d conns x %3d in flight", target.getKey(),
                                connections, inFlight);
                        System.out.printf("round %d  %s %10.0f ops/s%n", round + 1, cell, result.opsPerSecond());
                        cells.computeIfAbsent(cell, c -> new ArrayList<>()).add(result);
                    }
                }
            }
            List<String> rows = new ArrayList<>();
            cells.forEach((cell, results) -> rows.add(String.format(
                    "%s %8.0f ops/s (%6.0f..%6.0f)  p50 %7.3f ms  p99 %7.3f ms  client %5.1f µs/op  rest %5.1f µs/op  "
                            + "capacity %7.0f/s", cell,
                    median(results, Result::opsPerSecond),
                    results.stream().mapToDouble(Result::opsPerSecond).min().orElse(0),
                    results.stream().mapToDouble(Result::opsPerSecond).max().orElse(0),
                    median(results, Result::p50Millis), median(results, Result::p99Millis),
                    median(results, Result::clientMicrosPerOp), median(results, Result::restMicrosPerOp),
                    median(results, Result::capacity))));
            System.out.println("\n== ServerLoadBenchmark.nettySweep: medians of " + rounds + " rounds of " + seconds
                    + " s per cell (" + Runtime.getRuntime().availableProcessors() + " cores)\n" + String.join("\n", rows));
        }
    }

    static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
        double[] values = results.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /**
     * @param clientMicrosPerOp CPU of the client's threads per request
     * @param restMicrosPerOp CPU of the rest of the process per request: the server's threads (and
     *     the JVM's own: GC, JIT)
     */
    record Result(double opsPerSecond, double p50Millis, double p99Millis, double clientMicrosPerOp,
                  double restMicrosPerOp) {
        /** Requests/s both at this cost on the machine's cores with nothing else running. */
        double capacity() {
            return Runtime.getRuntime().availableProcessors() * 1e6 / (clientMicrosPerOp + restMicrosPerOp);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static Map<String, AttributeValue> item(int k) {
        Map<String, AttributeValue> item = key(k);
        item.put("payload", AttributeValue.fromS(PAYLOAD));
        return item;
    }

    static Map<String, AttributeValue> key(int k) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("pk", AttributeValue.fromS("key-" + k));
        key.put("sk", AttributeValue.fromS(SORT_KEY));
        return key;
    }

    /** The bench table of keystorm bench (pk S HASH, sk S RANGE) and {@link #KEYS} items. */
    static void load(String endpoint) {
        try (DynamoDbClient dynamo = Peers.client(endpoint)) {
            dynamo.createTable(b -> b.tableName("bench")
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            for (int k = 0; k < KEYS; k++) {
                int key = k;
                dynamo.putItem(b -> b.tableName("bench").item(item(key)));
            }
        }
    }

    /** One connection's way of sending a request, blocking. */
    interface Caller extends AutoCloseable {
        void call(String op, int key) throws Exception;

        @Override
        void close();
    }

    static Caller sdk(String endpoint) {
        DynamoDbClient client = Peers.client(endpoint);
        return new Caller() {
            public void call(String op, int k) {
                if (op.equals("GetItem")) {
                    client.getItem(b -> b.tableName("bench").key(key(k)));
                } else {
                    client.putItem(b -> b.tableName("bench").item(item(k)));
                }
            }

            public void close() {
                client.close();
            }
        };
    }

    /** HTTP/1.1 on a plain keep-alive socket: pre-built requests, responses read by Content-Length. */
    static Caller raw(String endpoint) throws java.io.IOException {
        URI uri = URI.create(endpoint);
        java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
        java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
        return new Caller() {
            public void call(String op, int k) throws Exception {
                String key = "\"pk\":{\"S\":\"key-" + k + "\"},\"sk\":{\"S\":\"" + SORT_KEY + "\"}";
                String body = op.equals("GetItem")
                        ? "{\"TableName\":\"bench\",\"Key\":{" + key + "}}"
                        : "{\"TableName\":\"bench\",\"Item\":{" + key + ",\"payload\":{\"S\":\"" + PAYLOAD + "\"}}}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("POST / HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                        + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810." + op
                        + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=dummy/20261124/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host, Signature=0\r\nX-Amz-Date: 20261124T000000Z\r\nContent-Length: "
                        + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                int length = -1;
                int status = -1;
                StringBuilder line = new StringBuilder();
                while (true) {
                    int c = in.read();
                    if (c < 0) {
                        throw new java.io.EOFException("connection closed");
                    }
                    if (c == '\n') {
                        String header = line.toString().trim();
                        line.setLength(0);
                        if (header.isEmpty()) {
                            break;
                        }
                        if (status < 0) {
                            status = Integer.parseInt(header.split(" ")[1]);
                        } else if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                            length = Integer.parseInt(header.substring(15).trim());
                        }
                    } else {
                        line.append((char) c);
                    }
                }
                byte[] response = in.readNBytes(length);
                if (status != 200 || response.length != length) {
                    throw new IllegalStateException("status " + status + ": " + new String(response, StandardCharsets.UTF_8));
                }
            }

            public void close() {
                try {
                    socket.close();
                } catch (java.io.IOException e) {
                    // closing a benchmark connection
                }
            }
        };
    }

    /**
     * One cell: {@code concurrency} requests in flight for {@code warmupSeconds} unmeasured, then
     * {@code seconds} measured (0: a warm-up only).
     */
    static Result measure(String client, String endpoint, String op, int concurrency, int seconds, double warmupSeconds)
            throws Exception {
        if (client.equals("netty")) {
            int connections = Math.min(concurrency, Integer.getInteger("bench.nettyConnections", 4));
            return nettyMeasure(endpoint, op, connections, (concurrency + connections - 1) / connections, seconds,
                    warmupSeconds);
        }
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            callers.add(client.equals("sdk") ? sdk(endpoint) : raw(endpoint));
        }
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (Caller caller : callers) {
            threads.add(Thread.ofPlatform().name("bench-caller").start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (running.get()) {
                    int k = random.nextInt(KEYS);
                    long start = System.nanoTime();
                    try {
                        caller.call(op, k);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    if (measuring.get()) {
                        recorder.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(10)));
                    }
                }
            }));
        }
        Result result = window(recorder, measuring, threads, seconds, warmupSeconds);
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        callers.forEach(Caller::close);
        return result;
    }

    /** Sleeps through the warm-up, measures {@code seconds}: throughput, latency, the client threads' CPU per op. */
    private static Result window(Recorder recorder, AtomicBoolean measuring, List<Thread> clientThreads, int seconds,
                                 double warmupSeconds) throws InterruptedException {
        Thread.sleep((long) (warmupSeconds * 1000));
        if (seconds == 0) {
            return new Result(0, 0, 0, 0, 0);
        }
        recorder.reset();
        long cpuBefore = cpuNanos(clientThreads);
        long processBefore = processCpuNanos();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long cpu = cpuNanos(clientThreads) - cpuBefore;
        long process = processCpuNanos() - processBefore;
        Histogram all = recorder.getIntervalHistogram();
        long count = Math.max(1, all.getTotalCount());
        return new Result(all.getTotalCount() * 1e9 / elapsed, all.getValueAtPercentile(50) / 1e6,
                all.getValueAtPercentile(99) / 1e6, cpu / 1e3 / count, Math.max(0, process - cpu) / 1e3 / count);
    }

    private static long cpuNanos(List<Thread> threads) {
        long sum = 0;
        for (Thread thread : threads) {
            long cpu = THREADS.getThreadCpuTime(thread.threadId());
            sum += Math.max(0, cpu);
        }
        return sum;
    }

    /**
     * The Netty client, closed loop: {@code connections × inFlight} requests kept in flight, each
     * answer sending the next one from the event loop.
     */
    static Result nettyMeasure(String endpoint, String op, int connections, int inFlight, int seconds,
                               double warmupSeconds) throws Exception {
        NettyBenchClient.Options options = NettyBenchClient.Options.defaults().withConnections(connections)
                .withInFlightPerConnection(inFlight).withTimeout(Duration.ofSeconds(10)).withAccessKeyId("dummy");
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        Map<String, String> fields = Map.of("payload", PAYLOAD);
        try (NettyBenchClient client = new NettyBenchClient(URI.create(endpoint), options)) {
            Runnable[] loop = new Runnable[1];
            loop[0] = () -> {
                if (!running.get()) {
                    return;
                }
                BenchKey key = new BenchKey("key-" + ThreadLocalRandom.current().nextInt(KEYS), SORT_KEY);
                BenchRequest request = op.equals("GetItem") ? new BenchRequest.Get("bench", key, false)
                        : new BenchRequest.Put("bench", key, fields);
                long start = System.nanoTime();
                client.execute(request).thenAccept(outcome -> {
                    if (outcome.kind() != BenchOutcome.Kind.OK) {
                        failures.incrementAndGet();
                    } else if (measuring.get()) {
                        recorder.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(10)));
                    }
                    loop[0].run();
                });
            };
            for (int i = 0; i < connections * inFlight; i++) {
                loop[0].run();
            }
            List<Thread> eventLoops = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("keystorm-bench-netty")).toList();
            Result result = window(recorder, measuring, eventLoops, seconds, warmupSeconds);
            running.set(false);
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " requests were not ok against " + endpoint);
            }
            return result;
        }
    }

    /** A Netty HTTP server that answers every request with one fixed, valid GetItem body. */
    static final class BareNetty implements AutoCloseable {
        private final EventLoopGroup group = new NioEventLoopGroup(0, new DefaultThreadFactory("bare-netty", true));
        private final Channel channel;
        private final byte[] body;
        private final String crc;

        BareNetty() throws InterruptedException {
            body = ("{\"Item\":{\"pk\":{\"S\":\"key-1\"},\"sk\":{\"S\":\"0\"},\"payload\":{\"S\":\"" + PAYLOAD + "\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            CRC32 crc32 = new CRC32();
            crc32.update(body);
            crc = Long.toString(crc32.getValue());
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                    HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                                            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-amz-json-1.0")
                                                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                                                    .set("x-amz-crc32", crc).set("x-amzn-RequestId", "bare");
                                            ctx.write(response);
                                        }

                                        @Override
                                        public void channelReadComplete(ChannelHandlerContext ctx) {
                                            ctx.flush();
                                        }
                                    });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
        }

        String endpoint() {
            return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
