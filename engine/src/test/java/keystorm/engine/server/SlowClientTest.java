package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idle and slow clients are timed out by timers on the connection's event loop: a connection
 * never used, or left unused after a request, is closed after the idle timeout; a request
 * trickled a byte at a time (each byte well within the idle timeout) is answered 408 and closed
 * once the request timeout passes; a connection whose request is being answered is not idle. The
 * tests wait by blocking on the socket's read, which ends when the server closes the connection,
 * and time from before the client's first act, so a loaded machine cannot make them pass early.
 */
class SlowClientTest {
    static final Duration IDLE = Duration.ofMillis(300);
    static final Duration REQUEST = Duration.ofMillis(900);
    DynamoServer server;

    @BeforeEach
    void start() {
        server = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, false,
                new DynamoServer.Timeouts(IDLE, REQUEST));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aConnectionNeverUsedIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = RequestLimitsTest.connect(server)) {
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(IDLE.toMillis()).isLessThan(5_000);
        }
    }

    @Test
    void aConnectionLeftUnusedAfterARequestIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = RequestLimitsTest.connect(server)) {
            long start = System.nanoTime(); // the idle count starts no earlier than the answer, after this
            socket.getOutputStream().write((RequestLimitsTest.head("ListTables", 2) + "{}")
                    .getBytes(StandardCharsets.US_ASCII));
            RequestLimitsTest.Answer answer = RequestLimitsTest.read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(IDLE.toMillis());
        }
    }

    @Test
    void aRequestTrickledByteByByteIsAnswered408AfterTheRequestTimeout() throws Exception {
        byte[] request = (RequestLimitsTest.head("ListTables", 2) + "{}").getBytes(StandardCharsets.US_ASCII);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        try (Socket socket = RequestLimitsTest.connect(server)) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            // one byte every 50 ms: never idle for 300 ms, but the whole request would take seconds
            trickle.scheduleAtFixedRate(() -> {
                int i = sent.get();
                if (i < request.length) {
                    try {
                        out.write(request[i]);
                        out.flush();
                        sent.incrementAndGet();
                    } catch (IOException closed) {
                        throw new IllegalStateException(closed); // ends the schedule
                    }
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            InputStream in = socket.getInputStream();
            RequestLimitsTest.Answer answer = RequestLimitsTest.read(in);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.body()).contains("ValidationException").contains("within 900 ms");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(REQUEST.toMillis());
            assertThat(sent.get()).as("the request had not all arrived").isLessThan(request.length);
            assertThat(in.read()).isEqualTo(-1);
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void aRequestThatArrivesInTimeIsAnsweredAndTheConnectionKept() throws Exception {
        try (Socket socket = RequestLimitsTest.connect(server)) {
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write((RequestLimitsTest.head("ListTables", 2) + "{}")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(RequestLimitsTest.read(socket.getInputStream()).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aConnectionWhoseRequestIsBeingAnsweredIsNotIdle() throws Exception {
        ServerQueueTest.Gate gate = new ServerQueueTest.Gate();
        Engine engine = new Engine(EngineConfig.inMemory().withScheduler(gate)
                .withBugs(java.util.Set.of(keystorm.engine.fault.Bug.LOST_UPDATE)));
        engine.createTable(keystorm.engine.api.CreateTableRequest.onDemand("kvs", "pk",
                keystorm.engine.api.ScalarAttributeType.S, null, null));
        try (DynamoServer held = DynamoServer.start(engine, "127.0.0.1", 0, false, new DynamoServer.Timeouts(IDLE, REQUEST));
             Socket socket = RequestLimitsTest.connect(held)) {
            String body = "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"held\"}},"
                    + "\"ConditionExpression\":\"attribute_not_exists(pk)\"}";
            socket.getOutputStream().write((RequestLimitsTest.head("PutItem", body.length()) + body)
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).as("the request is held in flight").isTrue();
            // a connection opened now, and never used, closes after the idle timeout: by then the held
            // connection has been unread for longer than that too
            try (Socket idle = RequestLimitsTest.connect(held)) {
                assertThat(idle.getInputStream().read()).isEqualTo(-1);
            }
            gate.open.countDown();
            RequestLimitsTest.Answer answer = RequestLimitsTest.read(socket.getInputStream());
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        } finally {
            engine.close();
        }
    }

    @Test
    void timeoutsMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new DynamoServer.Timeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
