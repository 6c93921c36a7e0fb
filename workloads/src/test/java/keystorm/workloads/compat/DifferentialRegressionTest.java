package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Counterexamples the differential suite found, shrunk, kept as fixed sequences: each runs
 * against DynamoDB Local and keystorm serve and must give the same outcomes.
 */
class DifferentialRegressionTest {
    static Peers peers;

    @BeforeAll
    static void start() throws Exception {
        peers = new Peers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    static void sameOnBoth(List<DifferentialProperties.Named> steps) {
        String table = "regression" + DifferentialProperties.TABLES.incrementAndGet();
        List<Object> local = DifferentialProperties.run(peers.localClient, table, steps);
        List<Object> keystorm = DifferentialProperties.run(peers.keystormClient, table, steps);
        assertThat(keystorm).as("outcomes of %s", steps).isEqualTo(local);
    }

    static DifferentialProperties.Named update(String text, String expression, Map<String, AttributeValue> values,
                                               ReturnValue returnValue) {
        return new DifferentialProperties.Named(text, (DynamoDbClient dynamo, String table) -> {
            Map<String, AttributeValue> returned = dynamo.updateItem(b -> b.tableName(table)
                    .key(DifferentialProperties.key("b", 3)).updateExpression(expression)
                    .expressionAttributeValues(values.isEmpty() ? null : values).returnValues(returnValue)).attributes();
            return DifferentialProperties.nestedUpdated(expression, returnValue)
                    ? "updated top-level attributes " + new java.util.TreeSet<>(returned.keySet()) : returned;
        });
    }

    static DifferentialProperties.Named get() {
        return new DifferentialProperties.Named("GetItem b/3", (DynamoDbClient dynamo, String table) ->
                dynamo.getItem(b -> b.tableName(table).key(DifferentialProperties.key("b", 3)).consistentRead(true)).item());
    }

    /**
     * Found with seed -7491567359365391987: {@code SET l[5] = :d} on a list of one element
     * appends, and UPDATED_OLD returned the whole list where DynamoDB returns nothing (nothing
     * was at l[5]). Nested paths with UPDATED_OLD/NEW are compared by the top-level attributes
     * returned (DynamoDB Local returns whole attributes, the service the nested part; see
     * DifferentialProperties.nestedUpdated), and the item after each step whole.
     */
    @Test
    void updatesOfNestedPathsReturnTheSameAttributesAndLeaveTheSameItem() {
        AttributeValue d = AttributeValue.fromN("1");
        AttributeValue seven = AttributeValue.fromN("7");
        sameOnBoth(List.of(
                update("l = [0]", "SET l = list_append(if_not_exists(l, :empty), :one)",
                        Map.of(":one", AttributeValue.fromL(List.of(AttributeValue.fromN("0"))),
                                ":empty", AttributeValue.fromL(List.of())), ReturnValue.ALL_NEW),
                update("l[5] = :d, UPDATED_OLD", "SET l[5] = :d", Map.of(":d", d), ReturnValue.UPDATED_OLD),
                update("l[5] = :d, UPDATED_NEW", "SET l[5] = :d", Map.of(":d", d), ReturnValue.UPDATED_NEW),
                update("l[0] = :d, UPDATED_OLD", "SET l[0] = :d", Map.of(":d", seven), ReturnValue.UPDATED_OLD),
                get(),
                update("m = {a: 1, b: 2}", "SET m = :m", Map.of(":m", AttributeValue.fromM(Map.of(
                        "a", AttributeValue.fromN("1"), "b", AttributeValue.fromN("2")))), ReturnValue.UPDATED_NEW),
                update("m.a = 7, UPDATED_OLD", "SET m.a = :d", Map.of(":d", seven), ReturnValue.UPDATED_OLD),
                update("m.c = 7, v = 7, UPDATED_NEW", "SET m.c = :d, v = :d", Map.of(":d", seven),
                        ReturnValue.UPDATED_NEW),
                update("REMOVE m.b, l[0], UPDATED_OLD", "REMOVE m.b, l[0] SET w = :d", Map.of(":d", d),
                        ReturnValue.UPDATED_OLD),
                get()));
    }
}
