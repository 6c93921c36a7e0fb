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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The server under load: GetItem and PutItem of 1 KB items at 1, 8 and 32 concurrent
 * connections (a thread and a connection each), against keystorm serve, DynamoDB Local and a
 * bare Netty handler that answers a fixed body (the protocol's floor), in one run, from two
 * clients in turn:
 * <ul>
 * <li>{@code sdk}: the AWS SDK v2 (URL-connection HTTP client), as users drive the servers. On a
 * 2-core machine the SDK's own work (marshalling, signing, checksums) takes most of the CPU, so
 * these figures say more about the client than the server;</li>
 * <li>{@code raw}: pre-built DynamoDB requests written on keep-alive sockets and the responses
 * read back by Content-Length: what the servers themselves can do.</li>
 * </ul>
 * Not part of the default test run (its name does not end in Test); run it with
 *
 * <pre>
 * ./mvnw -pl workloads -am test -Dtest=ServerLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * (-Dbench.seconds=N sets the measured seconds per cell, 5 by default.)
 */
class ServerLoadBenchmark {
    static final int KEYS = 1_000;
    static final String PAYLOAD = "x".repeat(1000);

    @Test
    void run() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 5);
        List<String> rows = new ArrayList<>();
        try (Peers peers = new Peers(); BareNetty bare = new BareNetty()) {
            Map<String, String> endpoints = new java.util.LinkedHashMap<>();
            endpoints.put("keystorm", peers.keystorm.endpoint());
            endpoints.put("dynamodb-local", peers.localEndpoint());
            endpoints.put("bare-netty", bare.endpoint());
            for (Map.Entry<String, String> target : endpoints.entrySet()) {
                if (!target.getKey().equals("bare-netty")) {
                    load(target.getValue());
                }
                for (String client : List.of("sdk", "raw")) {
                    for (String op : List.of("GetItem", "PutItem")) {
                        for (int connections : List.of(1, 8, 32)) {
                            Result result = measure(client, target.getValue(), op, connections, seconds);
                            String row = String.format("%-15s %-4s %-8s %3d conns %10.0f ops/s  p50 %7.3f ms  p99 %7.3f ms",
                                    target.getKey(), client, op, connections, result.opsPerSecond(), result.p50Millis(),
                                    result.p99Millis());
                            System.out.println(row);
                            rows.add(row);
                        }
                    }
                }
            }
        }
        System.out.println("\n== ServerLoadBenchmark\n" + String.join("\n", rows));
    }

    record Result(double opsPerSecond, double p50Millis, double p99Millis) {
    }

    static Map<String, AttributeValue> item(int k) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("key-" + k));
        item.put("payload", AttributeValue.fromS(PAYLOAD));
        return item;
    }

    static void load(String endpoint) {
        try (DynamoDbClient dynamo = Peers.client(endpoint)) {
            dynamo.createTable(b -> b.tableName("bench")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            for (int k = 0; k < KEYS; k++) {
                int key = k;
                dynamo.putItem(b -> b.tableName("bench").item(item(key)));
            }
        }
    }

    /** One connection's way of sending a request. */
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
                    client.getItem(b -> b.tableName("bench").key(Map.of("pk", AttributeValue.fromS("key-" + k))));
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
        java.net.URI uri = java.net.URI.create(endpoint);
        java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
        java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
        return new Caller() {
            public void call(String op, int k) throws Exception {
                String body = op.equals("GetItem")
                        ? "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"key-" + k + "\"}}}"
                        : "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"key-" + k + "\"},\"payload\":{\"S\":\""
                        + PAYLOAD + "\"}}}";
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

    static Result measure(String client, String endpoint, String op, int connections, int seconds) throws Exception {
        List<Caller> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            clients.add(client.equals("sdk") ? sdk(endpoint) : raw(endpoint));
        }
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (Caller caller : clients) {
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            histograms.add(histogram);
            threads.add(Thread.ofPlatform().start(() -> {
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
                        histogram.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(10)));
                    }
                }
                done.countDown();
            }));
        }
        Thread.sleep(2_000); // warm-up
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        running.set(false);
        done.await(30, TimeUnit.SECONDS);
        clients.forEach(Caller::close);
        histograms.forEach(all::add);
        return new Result(all.getTotalCount() * 1e9 / elapsed, all.getValueAtPercentile(50) / 1e6,
                all.getValueAtPercentile(99) / 1e6);
    }

    /** A Netty HTTP server that answers every request with one fixed, valid GetItem body. */
    static final class BareNetty implements AutoCloseable {
        private final EventLoopGroup group = new NioEventLoopGroup();
        private final Channel channel;
        private final byte[] body;
        private final String crc;

        BareNetty() throws InterruptedException {
            body = ("{\"Item\":{\"pk\":{\"S\":\"key-1\"},\"payload\":{\"S\":\"" + PAYLOAD + "\"}}}")
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
                                            ctx.writeAndFlush(response);
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
