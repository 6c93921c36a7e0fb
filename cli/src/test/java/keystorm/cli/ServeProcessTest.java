package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import keystorm.engine.fault.Fault;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.nemesis.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** ServeProcess over the real {@code keystorm serve}: kill -9 and restart keep synced data; pause stalls it. */
class ServeProcessTest {
    static List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve");
    }

    /** No retries: a timed-out call must surface as one. */
    static DynamoDbClient client(URI endpoint, Duration callTimeout) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout).retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk));
    }

    @Test
    void aKilledServerRestartsWithItsSyncedDataAndAPausedOneTimesOut(@TempDir Path dir) throws Exception {
        try (ServeProcess serve = ServeProcess.start(command(), dir.resolve("data"), SyncPolicy.ALWAYS, List.of("--partitions", "2"))) {
            URI first = serve.endpoint();
            try (DynamoDbClient dynamo = client(first, Duration.ofSeconds(10))) {
                dynamo.createTable(b -> b.tableName("kvs")
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                        .billingMode(BillingMode.PAY_PER_REQUEST));
                dynamo.putItem(b -> b.tableName("kvs").item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1"))));
            }
            long firstPid = serve.pid();

            serve.apply(new Fault.Kill());
            assertThat(serve.isAlive()).isFalse();
            serve.apply(new Fault.Restart());
            assertThat(serve.pid()).isNotEqualTo(firstPid);
            ServeProcess.StartTiming restart = serve.lastStart();
            assertThat(restart.pid()).isEqualTo(serve.pid());
            assertThat(restart.readyNanos()).isPositive().isLessThanOrEqualTo(restart.answerNanos());
            assertThat(restart.replayMillis()).as("the replay time of the ready line").isNotNaN().isNotNegative()
                    .isLessThan(restart.readyNanos() / 1e6);
            try (DynamoDbClient dynamo = client(serve.endpoint(), Duration.ofSeconds(10))) {
                assertThat(dynamo.getItem(b -> b.tableName("kvs").key(key("a")).consistentRead(true)).item())
                        .containsEntry("v", AttributeValue.fromN("1"));
            }

            serve.apply(new Fault.Pause());
            try (DynamoDbClient dynamo = client(serve.endpoint(), Duration.ofMillis(500))) {
                assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName("kvs").key(key("a"))))
                        .isInstanceOf(ApiCallTimeoutException.class);
            }
            serve.apply(new Fault.Resume());
            try (DynamoDbClient dynamo = client(serve.endpoint(), Duration.ofSeconds(10))) {
                assertThat(dynamo.getItem(b -> b.tableName("kvs").key(key("a")).consistentRead(true)).item())
                        .containsEntry("v", AttributeValue.fromN("1"));
            }
            assertThat(Files.readString(serve.logFile())).contains("keystorm serve: listening on " + first);
        }
    }
}
