package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * {@code keystorm serve} started as its own process, driven by the AWS SDK for Java v2 with dummy
 * credentials, as a user would; stopped with SIGTERM.
 */
class ServeEndToEndTest {
    private static final Pattern READY = Pattern.compile("listening on (http://[0-9.]+:\\d+)");

    /** A running {@code keystorm serve}. */
    record Server(Process process, String endpoint, BufferedReader out) implements AutoCloseable {
        static Server start(String... flags) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0"));
            command.addAll(List.of(flags));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    return new Server(process, m.group(1), out);
                }
            }
            throw new IllegalStateException("keystorm serve did not start:\n" + seen);
        }

        DynamoDbClient client() {
            return DynamoDbClient.builder()
                    .endpointOverride(URI.create(endpoint))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                    .build();
        }

        /** Sends SIGTERM and answers what the server printed until it exited. */
        String stop() throws Exception {
            // Process.destroy() would close our end of its output: send the signal with kill(1) instead.
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s of SIGTERM").isTrue();
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                rest.append(line).append('\n');
            }
            return rest.toString();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static void createOrders(DynamoDbClient dynamo) {
        dynamo.createTable(b -> b.tableName("orders")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("customer").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName("customer").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("id").keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @Test
    void theAwsSdkDrivesEveryKindOfOperation() throws Exception {
        try (Server server = Server.start(); DynamoDbClient dynamo = server.client()) {
            createOrders(dynamo);
            assertThat(dynamo.listTables().tableNames()).containsExactly("orders");
            for (int i = 1; i <= 7; i++) {
                long id = i;
                dynamo.putItem(b -> b.tableName("orders").item(Map.of("customer", s("alice"), "id", n(id),
                        "amount", n(10L * id), "tags", AttributeValue.fromSs(List.of("a", "b")))));
            }
            Map<String, AttributeValue> updated = dynamo.updateItem(b -> b.tableName("orders")
                    .key(Map.of("customer", s("alice"), "id", n(3)))
                    .updateExpression("SET amount = amount + :d, #s = :shipped")
                    .conditionExpression("attribute_exists(customer)")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromN("2.5"), ":shipped", s("shipped")))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            assertThat(updated).containsEntry("amount", AttributeValue.fromN("32.5")).containsEntry("status", s("shipped"));

            List<Long> ids = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            int pages = 0;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamo.query(b -> b.tableName("orders").keyConditionExpression("customer = :c")
                        .expressionAttributeValues(Map.of(":c", s("alice"))).limit(3).exclusiveStartKey(from)
                        .scanIndexForward(false));
                page.items().forEach(item -> ids.add(Long.parseLong(item.get("id").n())));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                pages++;
            } while (start != null);
            assertThat(ids).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
            assertThat(pages).isEqualTo(3);

            assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("orders")
                    .item(Map.of("customer", s("alice"), "id", n(1)))
                    .conditionExpression("attribute_not_exists(customer)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                    .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.item()).containsEntry("amount", n(10));
                    });

            assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName("orders")
                            .item(Map.of("customer", s("bob"), "id", n(1)))).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName("orders")
                            .key(Map.of("customer", s("alice"), "id", n(2))).conditionExpression("amount > :big")
                            .expressionAttributeValues(Map.of(":big", n(1000)))).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                            .extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed"));
            assertThat(dynamo.getItem(b -> b.tableName("orders").key(Map.of("customer", s("bob"), "id", n(1)))
                    .consistentRead(true)).hasItem()).isFalse();

            dynamo.batchWriteItem(b -> b.requestItems(Map.of("orders", List.of(
                    software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                            .putRequest(p -> p.item(Map.of("customer", s("carol"), "id", n(1)))).build(),
                    software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                            .deleteRequest(d -> d.key(Map.of("customer", s("alice"), "id", n(7)))).build()))));
            var got = dynamo.transactGetItems(b -> b.transactItems(
                    t -> t.get(g -> g.tableName("orders").key(Map.of("customer", s("carol"), "id", n(1)))),
                    t -> t.get(g -> g.tableName("orders").key(Map.of("customer", s("alice"), "id", n(7))))));
            assertThat(got.responses().get(0).item()).containsEntry("customer", s("carol"));
            assertThat(got.responses().get(1).hasItem() && !got.responses().get(1).item().isEmpty()).isFalse();

            assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName("missing")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> dynamo.updateItem(b -> b.tableName("orders")
                    .key(Map.of("customer", s("alice"), "id", n(1))).updateExpression("SET status = :s")
                    .expressionAttributeValues(Map.of(":s", s("x")))))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.getMessage()).contains("reserved keyword: status");
                    });
            assertThat(dynamo.scan(b -> b.tableName("orders").select("COUNT")).count()).isEqualTo(7);
            assertThat(server.stop()).contains("keystorm serve: stopped");
        }
    }

    @Test
    void aDurableServerKeepsItsDataAcrossARestartAndServesTheAdminEndpoint(@TempDir Path dir) throws Exception {
        try (Server server = Server.start("--data-dir", dir.toString(), "--sync", "always", "--admin");
             DynamoDbClient dynamo = server.client()) {
            createOrders(dynamo);
            for (int i = 0; i < 50; i++) {
                int id = i;
                dynamo.putItem(b -> b.tableName("orders").item(Map.of("customer", s("dora"), "id", n(id))));
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/keystorm/metrics?table=orders&top=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("\"consumedWriteUnits\":50.0").contains("{\\\"S\\\":\\\"dora\\\"}");
            HttpResponse<String> fault = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/keystorm/faults"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":\"crash-leader\",\"table\":\"orders\",\"partition\":0}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fault.body()).isEqualTo("{\"fault\":\"crash-leader\",\"done\":true}");
            assertThat(server.stop()).contains("stopped");
        }
        try (Server server = Server.start("--data-dir", dir.toString()); DynamoDbClient dynamo = server.client()) {
            assertThat(dynamo.query(b -> b.tableName("orders").keyConditionExpression("customer = :c")
                    .expressionAttributeValues(Map.of(":c", s("dora")))).count()).isEqualTo(50);
            server.stop();
        }
    }

    /**
     * kill -9 at a random moment while four clients write (once a random number of writes, 20 to
     * 79, have been acknowledged: a count, not a sleep, so a slow machine changes nothing), then a
     * restart on the same data directory: every write the server acknowledged is there.
     */
    @Test
    void killNineLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
        java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch enough = new java.util.concurrent.CountDownLatch(
                20 + new java.util.Random().nextInt(60));
        try (Server server = Server.start("--data-dir", dir.toString(), "--sync", "always");
             DynamoDbClient setup = server.client()) {
            setup.createTable(b -> b.tableName("log")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(Thread.ofPlatform().start(() -> {
                    try (DynamoDbClient dynamo = DynamoDbClient.builder()
                            .endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("d", "d")))
                            .httpClient(UrlConnectionHttpClient.create())
                            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(r -> r.maxAttempts(1)))
                            .build()) {
                        for (int i = 0; ; i++) {
                            String pk = "t" + thread + "-" + i;
                            dynamo.putItem(b -> b.tableName("log").item(Map.of("pk", s(pk))));
                            acknowledged.add(pk);
                            enough.countDown();
                        }
                    } catch (RuntimeException killed) {
                        // the server is gone: this writer stops
                    }
                }));
            }
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("writes acknowledged before the kill").isTrue();
            server.process().destroyForcibly();
            server.process().waitFor(10, TimeUnit.SECONDS);
            for (Thread writer : writers) {
                writer.join(20_000);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20);
        try (Server server = Server.start("--data-dir", dir.toString()); DynamoDbClient dynamo = server.client()) {
            List<String> lost = new ArrayList<>();
            for (String pk : acknowledged) {
                if (!dynamo.getItem(b -> b.tableName("log").key(Map.of("pk", s(pk))).consistentRead(true)).hasItem()) {
                    lost.add(pk);
                }
            }
            assertThat(lost).as("acknowledged writes missing after kill -9").isEmpty();
            server.stop();
        }
    }

    @Test
    void badFlagsAreNamed() {
        CommandLineTest run = CommandLineTest.run("serve", "--sync", "sometimes", "--data-dir", "x")
                .assertStatus(ExitStatus.USAGE);
        assertThat(run.err()).contains("--sync takes always, batch or never, not 'sometimes'");
        assertThat(CommandLineTest.run("serve", "--bug", "gremlins").assertStatus(ExitStatus.USAGE).err())
                .contains("--bug takes one of lost-update");
        assertThat(CommandLineTest.run("serve", "--port", "70000").assertStatus(ExitStatus.USAGE).err())
                .contains("--port takes a port number");
    }
}
