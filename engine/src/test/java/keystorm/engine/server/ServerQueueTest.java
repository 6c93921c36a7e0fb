package keystorm.engine.server;

import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.fault.Bug;
import keystorm.engine.time.Clock;
import keystorm.engine.time.Scheduler;
import org.junit.jupiter.api.Test;

/**
 * The server's queue for its workers is bounded: with its one worker held and its queue of one
 * full, further requests are answered at once with a ThrottlingException that names the bound,
 * and none of them is applied.
 */
class ServerQueueTest {
    /** Real threads, but a seeded bug's window waits at a gate, so a request can be held in flight. */
    static final class Gate implements Scheduler {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        public Clock clock() {
            return Clock.system();
        }

        public boolean simulated() {
            return false;
        }

        public void schedule(long delayNanos, Runnable task) {
            throw new UnsupportedOperationException();
        }

        public void interleave() {
            entered.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static HttpRequest put(DynamoServer server, String pk) {
        // a conditional put: with the lost-update bug, it enters the bug's window, the gate
        String body = "{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(pk)\"}";
        return HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.PutItem")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void aFullQueueRefusesWithThrottlingAndAppliesNothing() throws Exception {
        Gate gate = new Gate();
        Engine engine = new Engine(EngineConfig.inMemory().withScheduler(gate).withBugs(Set.of(Bug.LOST_UPDATE))
                .withLimits(Limits.DYNAMODB.with(b -> b.serverQueueMax = 1)));
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (DynamoServer server = DynamoServer.start(engine, "127.0.0.1", 0, false, 1)) {
            CompletableFuture<HttpResponse<String>> held = http.sendAsync(put(server, "held"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).as("the first request holds the worker").isTrue();

            // four more: one waits in the queue, three find it full
            ConcurrentLinkedQueue<HttpResponse<String>> answered = new ConcurrentLinkedQueue<>();
            CountDownLatch refusals = new CountDownLatch(3);
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                more.add(http.sendAsync(put(server, "more" + i), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> {
                            if (response != null) {
                                answered.add(response);
                            }
                            refusals.countDown();
                        }));
            }
            assertThat(refusals.await(10, TimeUnit.SECONDS)).as("three answered while the worker is held").isTrue();
            assertThat(answered).hasSize(3);
            for (HttpResponse<String> response : answered) {
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.body()).startsWith("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\"")
                        .contains("Limits.serverQueueMax = 1");
            }

            gate.open.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            int applied = 0;
            for (int i = 0; i < 4; i++) {
                more.get(i).get(10, TimeUnit.SECONDS);
                if (engine.getItem(GetItemRequest.consistent("kvs", Map.of("pk", s("more" + i)))).item() != null) {
                    applied++;
                }
            }
            assertThat(applied).as("only the queued request was applied").isEqualTo(1);
            assertThat(engine.describeTable("kvs").itemCount()).isEqualTo(2);
        } finally {
            engine.close();
        }
    }
}
