package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
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

    static List<Object> sameOnBoth(List<DifferentialProperties.Named> steps) {
        String table = "regression" + DifferentialProperties.TABLES.incrementAndGet();
        List<Object> local = DifferentialProperties.run(peers.localClient, table, steps);
        List<Object> keystorm = DifferentialProperties.run(peers.keystormClient, table, steps);
        assertThat(keystorm).as("outcomes of %s", steps).isEqualTo(local);
        return keystorm;
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

    static DifferentialProperties.Named step(String text, DifferentialProperties.Step step) {
        return new DifferentialProperties.Named(text, step);
    }

    static ExpectedAttributeValue expect(ComparisonOperator operator, AttributeValue... values) {
        return ExpectedAttributeValue.builder().comparisonOperator(operator).attributeValueList(values).build();
    }

    static Condition condition(ComparisonOperator operator, AttributeValue... values) {
        return Condition.builder().comparisonOperator(operator).attributeValueList(values).build();
    }

    /**
     * The legacy parameters (Expected, AttributeUpdates, AttributesToGet, KeyConditions,
     * QueryFilter, ScanFilter, ConditionalOperator), which keystorm rewrites into expressions, give
     * what DynamoDB Local gives, errors included.
     */
    @Test
    void legacyParametersAnswerAsDynamoDbLocalDoes() {
        AttributeValue one = AttributeValue.fromN("1");
        AttributeValue two = AttributeValue.fromN("2");
        Map<String, AttributeValue> b1 = DifferentialProperties.key("b", 1);
        Map<String, AttributeValue> b2 = DifferentialProperties.key("b", 2);
        List<Object> outcomes = sameOnBoth(List.of(
                step("put if absent", (dynamo, table) -> dynamo.putItem(r -> r.tableName(table)
                        .item(Map.of("pk", b1.get("pk"), "sk", b1.get("sk"), "v", one, "s", AttributeValue.fromS("dog"))
                        ).expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))).attributes()),
                step("put if absent again", (dynamo, table) -> dynamo.putItem(r -> r.tableName(table).item(b1)
                        .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))).attributes()),
                step("update v = 2 if v = 1, ADD n, ADD list, UPDATED_NEW", (dynamo, table) -> dynamo.updateItem(r -> r
                        .tableName(table).key(b1).returnValues(ReturnValue.ALL_NEW)
                        .attributeUpdates(Map.of(
                                "v", AttributeValueUpdate.builder().value(two).action(AttributeAction.PUT).build(),
                                "n", AttributeValueUpdate.builder().value(one).action(AttributeAction.ADD).build(),
                                "l", AttributeValueUpdate.builder().value(AttributeValue.fromL(List.of(one)))
                                        .action(AttributeAction.ADD).build(),
                                "ss", AttributeValueUpdate.builder().value(AttributeValue.fromSs(List.of("x", "y")))
                                        .action(AttributeAction.ADD).build()))
                        .expected(Map.of("v", ExpectedAttributeValue.builder().value(one).build()))).attributes()),
                step("update if v IN (5, 6) OR s BEGINS_WITH do", (dynamo, table) -> dynamo.updateItem(r -> r
                        .tableName(table).key(b1).returnValues(ReturnValue.ALL_NEW)
                        .attributeUpdates(Map.of(
                                "s", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build(),
                                "ss", AttributeValueUpdate.builder().value(AttributeValue.fromSs(List.of("x")))
                                        .action(AttributeAction.DELETE).build()))
                        .expected(Map.of("v", expect(ComparisonOperator.IN, AttributeValue.fromN("5"),
                                AttributeValue.fromN("6")), "s", expect(ComparisonOperator.BEGINS_WITH,
                                AttributeValue.fromS("do")))).conditionalOperator(ConditionalOperator.OR)).attributes()),
                step("failed condition: NOT_NULL on missing", (dynamo, table) -> dynamo.deleteItem(r -> r
                        .tableName(table).key(b1).expected(Map.of("gone", expect(ComparisonOperator.NOT_NULL))))
                        .attributes()),
                step("put b/2", (dynamo, table) -> dynamo.putItem(r -> r.tableName(table)
                        .item(Map.of("pk", b2.get("pk"), "sk", b2.get("sk"), "v", AttributeValue.fromN("7"))))
                        .attributes()),
                step("get AttributesToGet", (dynamo, table) -> dynamo.getItem(r -> r.tableName(table).key(b1)
                        .attributesToGet("v", "ss", "missing").consistentRead(true)).item()),
                step("query KeyConditions + QueryFilter", (dynamo, table) -> dynamo.query(r -> r.tableName(table)
                        .consistentRead(true)
                        .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, AttributeValue.fromS("b")),
                                "sk", condition(ComparisonOperator.BETWEEN, one, two)))
                        .queryFilter(Map.of("v", condition(ComparisonOperator.GT, AttributeValue.fromN("3"))))).items()),
                step("scan ScanFilter OR", (dynamo, table) -> dynamo.scan(r -> r.tableName(table).consistentRead(true)
                        .scanFilter(Map.of("v", condition(ComparisonOperator.EQ, two),
                                "n", condition(ComparisonOperator.NULL)))
                        .conditionalOperator(ConditionalOperator.OR)).items().size()),
                step("error: legacy beside expression", (dynamo, table) -> dynamo.getItem(r -> r.tableName(table)
                        .key(b1).attributesToGet("v").projectionExpression("v")).item()),
                step("error: BETWEEN with one value", (dynamo, table) -> dynamo.scan(r -> r.tableName(table)
                        .scanFilter(Map.of("v", condition(ComparisonOperator.BETWEEN, one)))).items()),
                step("error: IN of two types", (dynamo, table) -> dynamo.scan(r -> r.tableName(table)
                        .scanFilter(Map.of("v", condition(ComparisonOperator.IN, one, AttributeValue.fromS("a")))))
                        .items()),
                step("query KeyConditions + FilterExpression", (dynamo, table) -> dynamo.query(r -> r.tableName(table)
                        .consistentRead(true).projectionExpression("sk, v")
                        .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, AttributeValue.fromS("b"))))
                        .filterExpression("v > :x").expressionAttributeValues(Map.of(":x", one))).items()),
                step("error: KeyConditions + KeyConditionExpression", (dynamo, table) -> dynamo.query(r -> r
                        .tableName(table).keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("b")))
                        .keyConditions(Map.of("sk", condition(ComparisonOperator.EQ, one)))).items()),
                step("error: Exists true without Value", (dynamo, table) -> dynamo.deleteItem(r -> r.tableName(table)
                        .key(b1).expected(Map.of("v", ExpectedAttributeValue.builder().exists(true).build())))
                        .attributes())));
        // the same on both, and not the same failure everywhere: the writes took effect where they should
        assertThat(outcomes.get(1)).isEqualTo("error ConditionalCheckFailedException");
        assertThat(outcomes.get(2)).asString().contains("v=AttributeValue(N=2)").contains("n=AttributeValue(N=1)")
                .contains("l=AttributeValue(L=[AttributeValue(N=1)])");
        assertThat(outcomes.get(3)).isInstanceOfSatisfying(Map.class, item -> assertThat(item)
                .doesNotContainKey("s").containsEntry("ss", AttributeValue.fromSs(List.of("y"))));
        assertThat(outcomes.get(4)).isEqualTo("error ConditionalCheckFailedException");
        assertThat(outcomes.get(7)).asString().contains("N=7");
        assertThat(outcomes.subList(9, 12)).containsOnly("error ValidationException");
        assertThat(outcomes.get(12)).asString().contains("N=2").contains("N=7");
        assertThat(outcomes.subList(13, 15)).containsOnly("error ValidationException");
    }
}
