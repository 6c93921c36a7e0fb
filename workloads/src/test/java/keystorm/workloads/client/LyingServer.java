package keystorm.workloads.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DynamoDB front on 127.0.0.1 that forwards every request to a real server ({@code keystorm
 * serve}) and, for a seeded fraction of the writes the real server applied (PutItem, UpdateItem,
 * TransactWriteItems answered 200), lies about the outcome: it answers 500 InternalServerError,
 * or holds the true answer for {@code holdFor} (past the client's timeout) before sending it.
 * A correct client must record both as info; calling either a failure is the bug this catches.
 *
 * <p>Bounded: at most {@link #HOLDS_MAX} answers are held at once (past that a hold becomes the
 * truth), held answers go out on one scheduled thread, and {@link #close} drops those not sent.
 */
final class LyingServer implements AutoCloseable {
    static final int HOLDS_MAX = 64;
    private static final Set<String> WRITES = Set.of("DynamoDB_20120810.PutItem", "DynamoDB_20120810.UpdateItem",
            "DynamoDB_20120810.TransactWriteItems");
    private static final List<String> FORWARDED_HEADERS = List.of("Content-Type", "X-Amz-Target", "Authorization",
            "X-Amz-Date");
    private static final byte[] INTERNAL_ERROR = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
            + "\"message\":\"keystorm's lying server: the request was applied, the answer is a lie\"}")
            .getBytes(StandardCharsets.UTF_8);

    private enum Answer { TRUTH, INTERNAL_ERROR, HOLD }

    private final URI upstream;
    private final double lieFraction;
    private final double holdFraction;
    private final Duration holdFor;
    private final SplittableRandom random;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService held = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient forward;
    private final AtomicInteger lies = new AtomicInteger();
    private final AtomicInteger holds = new AtomicInteger();
    private final AtomicInteger holding = new AtomicInteger();

    /**
     * @param lieFraction of the applied writes, how many get a 500
     * @param holdFraction of the applied writes, how many get their answer only after {@code holdFor}
     */
    LyingServer(String upstream, long seed, double lieFraction, double holdFraction, Duration holdFor) throws IOException {
        if (lieFraction < 0 || holdFraction < 0 || lieFraction + holdFraction > 1) {
            throw new IllegalArgumentException("fractions must be >= 0 and sum to at most 1, not "
                    + lieFraction + " and " + holdFraction);
        }
        this.upstream = URI.create(upstream + "/");
        this.lieFraction = lieFraction;
        this.holdFraction = holdFraction;
        this.holdFor = holdFor;
        this.random = new SplittableRandom(seed);
        this.forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(handlers)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Applied writes answered 500. */
    int lies() {
        return lies.get();
    }

    /** Applied writes whose answer was held past the client's patience. */
    int holds() {
        return holds.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Answer answer = target != null && WRITES.contains(target) ? draw() : Answer.TRUTH;
            HttpRequest.Builder request = HttpRequest.newBuilder(upstream).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : FORWARDED_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    request.header(name, value);
                }
            }
            HttpResponse<byte[]> truth = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (truth.statusCode() != 200) {
                answer = Answer.TRUTH; // only lie about what was applied
            }
            switch (answer) {
                case TRUTH -> send(exchange, truth);
                case INTERNAL_ERROR -> {
                    lies.incrementAndGet();
                    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                    exchange.sendResponseHeaders(500, INTERNAL_ERROR.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(INTERNAL_ERROR);
                    }
                }
                case HOLD -> {
                    if (holding.incrementAndGet() > HOLDS_MAX) {
                        holding.decrementAndGet();
                        send(exchange, truth);
                        return;
                    }
                    holds.incrementAndGet();
                    held.schedule(() -> {
                        holding.decrementAndGet();
                        try {
                            send(exchange, truth);
                        } catch (IOException e) {
                            exchange.close(); // the client gave up and closed the connection: as intended
                        }
                    }, holdFor.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException e) {
            exchange.close();
        }
    }

    private synchronized Answer draw() {
        double x = random.nextDouble();
        return x < lieFraction ? Answer.INTERNAL_ERROR : x < lieFraction + holdFraction ? Answer.HOLD : Answer.TRUTH;
    }

    private static void send(HttpExchange exchange, HttpResponse<byte[]> truth) throws IOException {
        for (String name : List.of("Content-Type", "x-amz-crc32", "x-amzn-RequestId")) {
            truth.headers().firstValue(name).ifPresent(value -> exchange.getResponseHeaders().set(name, value));
        }
        byte[] body = truth.body();
        exchange.sendResponseHeaders(truth.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        held.shutdownNow();
        server.stop(0);
        forward.close();
        handlers.shutdownNow();
    }
}
