package keystorm.cli;

import static keystorm.cli.ServeEndToEndTest.n;
import static keystorm.cli.ServeEndToEndTest.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import keystorm.engine.insights.AccessKind;
import keystorm.engine.insights.InsightsLine;
import keystorm.engine.insights.InsightsLines;
import keystorm.engine.insights.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code keystorm serve --insights DIR} as its own process, driven by the AWS SDK v2 and stopped
 * with SIGTERM: the shutdown leaves insights.jsonl with the last (partial) minute and results.json
 * with the totals.
 */
class ServeInsightsTest {
    @Test
    void theServersTrafficIsRecordedAndTheFilesAreCompleteAfterSigterm(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("insights");
        String said;
        try (ServeEndToEndTest.Server server = ServeEndToEndTest.Server.start("--insights", dir.toString(),
                "--insights-interval", "0.2"); DynamoDbClient dynamo = server.client()) {
            ServeEndToEndTest.createOrders(dynamo);
            for (int i = 1; i <= 3; i++) {
                long id = i;
                dynamo.putItem(b -> b.tableName("orders").item(Map.of("customer", s("alice"), "id", n(id))));
            }
            dynamo.putItem(b -> b.tableName("orders").item(Map.of("customer", s("bob"), "id", n(1))));
            assertThat(dynamo.getItem(b -> b.tableName("orders").key(Map.of("customer", s("alice"), "id", n(2)))
                    .consistentRead(true)).hasItem()).isTrue();
            assertThat(dynamo.query(b -> b.tableName("orders").keyConditionExpression("customer = :c")
                    .expressionAttributeValues(Map.of(":c", s("alice")))).count()).isEqualTo(3);
            assertThat(dynamo.scan(b -> b.tableName("orders").filterExpression("id = :one")
                    .expressionAttributeValues(Map.of(":one", n(1)))).count()).isEqualTo(2);
            said = server.stop();
        }
        assertThat(said).contains("keystorm serve: stopped");

        List<InsightsLine> lines = InsightsLines.read(dir.resolve("insights.jsonl"));
        List<InsightsLine.Access> access = lines.stream().filter(InsightsLine.Access.class::isInstance)
                .map(InsightsLine.Access.class::cast).toList();
        assertThat(access).extracting(InsightsLine.Access::operation)
                .containsExactlyInAnyOrder(Operation.PUT_ITEM, Operation.GET_ITEM, Operation.QUERY, Operation.SCAN);
        assertThat(access).allMatch(a -> a.table().equals("orders") && a.minute() == 0);
        InsightsLine.Access put = one(access, Operation.PUT_ITEM);
        assertThat(put.requests()).isEqualTo(4);
        assertThat(put.writeUnits()).isEqualTo(4.0);
        InsightsLine.Access get = one(access, Operation.GET_ITEM);
        assertThat(get.kind()).isEqualTo(AccessKind.KEY_LOOKUP);
        assertThat(get.items()).isEqualTo(1);
        assertThat(get.readUnits()).isEqualTo(1.0);
        InsightsLine.Access query = one(access, Operation.QUERY);
        assertThat(query.items()).isEqualTo(3);
        assertThat(query.scannedItems()).isEqualTo(OptionalLong.of(3));
        InsightsLine.Access scan = one(access, Operation.SCAN);
        assertThat(scan.kind()).isEqualTo(AccessKind.SCAN);
        assertThat(scan.items()).isEqualTo(2);
        assertThat(scan.scannedItems()).isEqualTo(OptionalLong.of(4));

        InsightsLine.Keys keys = lines.stream().filter(InsightsLine.Keys.class::isInstance)
                .map(InsightsLine.Keys.class::cast).findFirst().orElseThrow();
        assertThat(keys.accessed().getFirst().key()).isEqualTo("alice"); // 3 puts, a get and a query
        assertThat(keys.accessed().getFirst().requests()).isEqualTo(5);
        List<InsightsLine.Partitions> partitions = lines.stream().filter(InsightsLine.Partitions.class::isInstance)
                .map(InsightsLine.Partitions.class::cast).toList();
        assertThat(partitions).isNotEmpty().allMatch(p -> p.table().equals("orders"));
        assertThat(partitions.stream().flatMap(p -> p.partitions().stream())
                .mapToDouble(InsightsLine.PartitionUnits::consumedWriteUnits).sum()).isEqualTo(4.0);

        ObjectMapper json = new ObjectMapper();
        JsonNode results = json.readTree(dir.resolve("results.json").toFile());
        assertThat(results.path("format").asInt()).isEqualTo(1);
        assertThat(results.path("kind").asText()).isEqualTo("insights");
        assertThat(results.path("requests").asLong()).isEqualTo(7);
        assertThat(results.path("writeUnits").asDouble()).isEqualTo(4.0);
        assertThat(results.path("tables").path("orders").path("billingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(results.path("byKind").path("scan").path("requests").asLong()).isEqualTo(1);
        assertThat(results.path("byKind").path("key-lookup").path("readUnits").asDouble()).isEqualTo(1.0);
        assertThat(results.path("cost").path("onDemand").asDouble()).isPositive();
        assertThat(results.path("cost").has("provisionedMonth")).isFalse();
        assertThat(results.path("cost").path("region").asText()).isEqualTo("us-east-1");
        assertThat(results.path("startedEpochMillis").asLong()).isPositive();
        JsonNode test = json.readTree(dir.resolve("test.json").toFile());
        assertThat(test.path("kind").asText()).isEqualTo("insights");
        assertThat(test.path("command").asText()).startsWith("keystorm serve --port 0 --insights ");
        assertThat(test.path("options").path("insightsIntervalSeconds").asDouble()).isEqualTo(0.2);
        assertThat(Files.exists(dir.resolve("results.json.tmp"))).isFalse();
    }

    @Test
    void anInsightsDirectoryThatCannotBeCreatedIsRefusedWith73(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "");
        CommandLineTest run = CommandLineTest.run("serve", "--port", "0", "--insights", file.resolve("dir").toString())
                .assertStatus(ExitStatus.CANNOT_CREATE);
        assertThat(run.err()).startsWith("keystorm serve: cannot write the insights directory " + file.resolve("dir"));
        CommandLineTest.run("serve", "--insights-interval", "1").assertStatus(ExitStatus.USAGE);
    }

    private static InsightsLine.Access one(List<InsightsLine.Access> access, Operation operation) {
        return access.stream().filter(a -> a.operation() == operation).findFirst().orElseThrow();
    }
}
