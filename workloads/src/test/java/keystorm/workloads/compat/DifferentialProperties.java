package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * keystorm serve against DynamoDB Local: jqwik generates sequences of operations over a small
 * key space (2 partition keys x 3 sort keys), each sequence runs through the AWS SDK v2 on a
 * fresh table of each server, and every outcome (items, pages, error types, cancellation
 * reasons) must be equal.
 *
 * <p>Left out on purpose, each a documented DynamoDB Local departure (DYNAMODB.md):
 * <ul>
 * <li>consumed capacity and throttling: DynamoDB Local meters and throttles nothing;</li>
 * <li>Scan order: both return items in partition-hash order, but with different hash functions,
 * so scans are compared as sorted item lists, whole (no Limit);</li>
 * <li>updates that only REMOVE or DELETE on a missing item: DynamoDB Local creates the item, the
 * real service does not, so every generated update also SETs;</li>
 * <li>where a Query page ends: when a page reaches its Limit on the last item of the range,
 * DynamoDB Local leaves out LastEvaluatedKey, the service (and keystorm) returns it and then an
 * empty page; the pages' items, counts and scanned counts are compared, empty pages dropped;</li>
 * <li>error messages: DynamoDB Local's wording differs from the service's in places; the error
 * types are compared;</li>
 * <li>UPDATED_OLD / UPDATED_NEW of a nested path: DynamoDB Local returns the whole top-level
 * attribute, the service only the part at the path's end; the top-level names returned are
 * compared ({@link #nestedUpdated});</li>
 * <li>two actions on one item in a transaction: DynamoDB Local cancels, the service refuses with
 * ValidationException; transactions are generated on distinct items.</li>
 * </ul>
 * The default run makes 60 tries; {@code -Dkeystorm.differential.tries=2000} makes a long one.
 */
class DifferentialProperties {
    static final List<String> PKS = List.of("a", "b");
    static final List<Integer> SKS = List.of(1, 2, 3);
    static final AtomicInteger TABLES = new AtomicInteger();
    static Peers peers;

    @BeforeContainer
    static void start() throws Exception {
        peers = new Peers();
    }

    @AfterContainer
    static void stop() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    /** One generated operation: run against a client and a table, answers a comparable outcome. */
    interface Step {
        Object run(DynamoDbClient dynamo, String table);
    }

    /** A step with a name to show in a counterexample. */
    record Named(String text, Step step) {
        @Override
        public String toString() {
            return text;
        }
    }

    @Property
    void keystormAnswersAsDynamoDbLocalDoes(@ForAll("sequences") List<Named> steps) {
        String table = "diff" + TABLES.incrementAndGet();
        List<Object> local = run(peers.localClient, table, steps);
        List<Object> keystorm = run(peers.keystormClient, table, steps);
        for (int i = 0; i < steps.size(); i++) {
            assertThat(keystorm.get(i)).as("step %d: %s", i + 1, steps.get(i)).isEqualTo(local.get(i));
        }
    }

    static List<Object> run(DynamoDbClient dynamo, String table, List<Named> steps) {
        dynamo.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        List<Object> outcomes = new ArrayList<>();
        for (Named step : steps) {
            Object outcome;
            try {
                outcome = step.step().run(dynamo, table);
            } catch (TransactionCanceledException e) {
                outcome = "cancelled " + e.cancellationReasons().stream().map(CancellationReason::code).toList();
            } catch (DynamoDbException e) {
                outcome = "error " + e.awsErrorDetails().errorCode();
            }
            outcomes.add(outcome);
        }
        dynamo.deleteTable(b -> b.tableName(table));
        return outcomes;
    }

    // ---- generators

    @Provide
    Arbitrary<List<Named>> sequences() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, puts()), net.jqwik.api.Tuple.of(3, gets()),
                net.jqwik.api.Tuple.of(6, updates()), net.jqwik.api.Tuple.of(3, deletes()),
                net.jqwik.api.Tuple.of(3, queries()), net.jqwik.api.Tuple.of(1, scans()),
                net.jqwik.api.Tuple.of(2, batchWrites()), net.jqwik.api.Tuple.of(2, batchGets()),
                net.jqwik.api.Tuple.of(3, transactWrites()), net.jqwik.api.Tuple.of(1, transactGets()),
                net.jqwik.api.Tuple.of(2, malformed()))
                .list().ofMinSize(1).ofMaxSize(20);
    }

    static Map<String, AttributeValue> key(String pk, int sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Integer.toString(sk)));
    }

    static AttributeValue n(int v) {
        return AttributeValue.fromN(Integer.toString(v));
    }

    Arbitrary<String> pks() {
        return Arbitraries.of(PKS);
    }

    Arbitrary<Integer> sks() {
        return Arbitraries.of(SKS);
    }

    Arbitrary<Integer> small() {
        return Arbitraries.integers().between(0, 3);
    }

    Arbitrary<Named> puts() {
        return Combinators.combine(pks(), sks(), small(), Arbitraries.of("", "attribute_not_exists(pk)", "v = :x"), small())
                .as((pk, sk, v, condition, x) -> new Named("PutItem " + pk + "/" + sk + " v=" + v
                        + (condition.isEmpty() ? "" : " if " + condition + " (:x=" + x + ")"), (dynamo, table) -> {
                    Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
                    item.put("v", n(v));
                    item.put("data", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(n(v),
                            AttributeValue.fromS("s" + v))), "bin", AttributeValue.fromB(SdkBytes.fromUtf8String("b" + v)))));
                    return dynamo.putItem(b -> {
                        b.tableName(table).item(item).returnValues(ReturnValue.ALL_OLD);
                        if (!condition.isEmpty()) {
                            b.conditionExpression(condition);
                            if (condition.contains(":x")) {
                                b.expressionAttributeValues(Map.of(":x", n(x)));
                            }
                        }
                    }).attributes();
                }));
    }

    Arbitrary<Named> gets() {
        return Combinators.combine(pks(), sks(), Arbitraries.of("", "v, #d.#l[1]", "sk, w, ss"))
                .as((pk, sk, projection) -> new Named("GetItem " + pk + "/" + sk + " " + projection, (dynamo, table) ->
                        dynamo.getItem(b -> {
                            b.tableName(table).key(key(pk, sk)).consistentRead(true);
                            if (!projection.isEmpty()) {
                                b.projectionExpression(projection);
                                if (projection.contains("#d")) {
                                    b.expressionAttributeNames(Map.of("#d", "data", "#l", "list"));
                                }
                            }
                        }).item()));
    }

    static final List<String> UPDATE_ACTIONS = List.of(
            "SET v = if_not_exists(v, :zero) + :d",
            "SET v = v + :d",
            "SET w = :s",
            "SET l = list_append(if_not_exists(l, :empty), :one)",
            "SET l[5] = :d",
            "ADD ss :set SET w = :s",
            "SET v = :d REMOVE w",
            "SET v = :d DELETE ss :set",
            "ADD v :d SET w = :s",
            "SET w = size(w)");

    Arbitrary<Named> updates() {
        return Combinators.combine(pks(), sks(), Arbitraries.of(UPDATE_ACTIONS),
                        Arbitraries.of("", "attribute_exists(pk)", "v < :x", "contains(ss, :elem)"), small(),
                        Arbitraries.of(ReturnValue.ALL_NEW, ReturnValue.ALL_OLD, ReturnValue.UPDATED_NEW,
                                ReturnValue.UPDATED_OLD, ReturnValue.NONE))
                .as((pk, sk, action, condition, x, returns) -> new Named("UpdateItem " + pk + "/" + sk + " " + action
                        + (condition.isEmpty() ? "" : " if " + condition) + " (x=" + x + ") " + returns,
                        (dynamo, table) -> {
                            Map<String, AttributeValue> returned = dynamo.updateItem(b -> {
                                Map<String, AttributeValue> values = new LinkedHashMap<>();
                                String all = action + " " + condition;
                                put(values, all, ":zero", n(0));
                                put(values, all, ":d", n(x + 1));
                                put(values, all, ":s", AttributeValue.fromS("s" + x));
                                put(values, all, ":empty", AttributeValue.fromL(List.of()));
                                put(values, all, ":one", AttributeValue.fromL(List.of(n(x))));
                                put(values, all, ":set", AttributeValue.fromSs(List.of("e" + x, "f")));
                                put(values, all, ":x", n(x));
                                put(values, all, ":elem", AttributeValue.fromS("e" + x));
                                b.tableName(table).key(key(pk, sk)).updateExpression(action).returnValues(returns)
                                        .expressionAttributeValues(values);
                                if (!condition.isEmpty()) {
                                    b.conditionExpression(condition);
                                }
                            }).attributes();
                            return nestedUpdated(action, returns)
                                    ? "updated top-level attributes " + new java.util.TreeSet<>(returned.keySet()) : returned;
                        }));
    }

    /**
     * UPDATED_OLD / UPDATED_NEW of an update that writes a nested path (l[5], m.a): the service returns
     * only what lies at the path's end, as keystorm does (its ItemOperationsTest pins the
     * service's answers); DynamoDB Local returns the whole top-level attribute whenever the path
     * exists. Compared: which top-level attributes came back.
     */
    static boolean nestedUpdated(String action, ReturnValue returns) {
        return (action.contains("[") || action.contains(".")) && (returns == ReturnValue.UPDATED_OLD || returns == ReturnValue.UPDATED_NEW);
    }

    private static void put(Map<String, AttributeValue> values, String expressions, String name, AttributeValue value) {
        if (expressions.matches(".*" + name + "\\b.*")) {
            values.put(name, value);
        }
    }

    Arbitrary<Named> deletes() {
        return Combinators.combine(pks(), sks(), Arbitraries.of("", "attribute_exists(v)", "v = :x"), small())
                .as((pk, sk, condition, x) -> new Named("DeleteItem " + pk + "/" + sk
                        + (condition.isEmpty() ? "" : " if " + condition + " (:x=" + x + ")"), (dynamo, table) ->
                        dynamo.deleteItem(b -> {
                            b.tableName(table).key(key(pk, sk)).returnValues(ReturnValue.ALL_OLD);
                            if (!condition.isEmpty()) {
                                b.conditionExpression(condition);
                                if (condition.contains(":x")) {
                                    b.expressionAttributeValues(Map.of(":x", n(x)));
                                }
                            }
                        }).attributes()));
    }

    Arbitrary<Named> queries() {
        return Combinators.combine(pks(), Arbitraries.of("", " AND sk >= :lo", " AND sk BETWEEN :lo AND :hi", " AND sk < :hi"),
                        Arbitraries.of("", "v > :x", "attribute_exists(w)"), Arbitraries.of(0, 1, 2),
                        Arbitraries.of(true, false), Arbitraries.of(false, true))
                .as((pk, range, filter, limit, forward, count) -> new Named("Query " + pk + range + " filter " + filter
                        + " limit " + limit + (forward ? "" : " backward") + (count ? " COUNT" : ""), (dynamo, table) -> {
                    List<Object> pages = new ArrayList<>();
                    Map<String, AttributeValue> start = null;
                    do {
                        Map<String, AttributeValue> from = start;
                        QueryResponse page = dynamo.query(b -> {
                            Map<String, AttributeValue> values = new HashMap<>();
                            values.put(":pk", AttributeValue.fromS(pk));
                            if (range.contains(":lo")) {
                                values.put(":lo", n(2));
                            }
                            if (range.contains(":hi")) {
                                values.put(":hi", n(3));
                            }
                            if (filter.contains(":x")) {
                                values.put(":x", n(1));
                            }
                            b.tableName(table).keyConditionExpression("pk = :pk" + range).expressionAttributeValues(values)
                                    .scanIndexForward(forward).exclusiveStartKey(from).consistentRead(true);
                            if (!filter.isEmpty()) {
                                b.filterExpression(filter);
                            }
                            if (limit > 0) {
                                b.limit(limit);
                            }
                            if (count) {
                                b.select("COUNT");
                            }
                        });
                        // Pages are compared, not where they stop: see the class comment.
                        if (page.scannedCount() > 0) {
                            pages.add(List.of(page.hasItems() ? page.items() : List.of(), page.count(), page.scannedCount()));
                        }
                        start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                    } while (start != null && pages.size() < 40);
                    return pages;
                }));
    }

    Arbitrary<Named> scans() {
        return Arbitraries.of("", "v >= :x").map(filter -> new Named("Scan filter " + filter, (dynamo, table) -> {
            var response = dynamo.scan(b -> {
                b.tableName(table).consistentRead(true);
                if (!filter.isEmpty()) {
                    b.filterExpression(filter).expressionAttributeValues(Map.of(":x", n(2)));
                }
            });
            return List.of(sorted(response.items()), response.count(), response.scannedCount());
        }));
    }

    static List<Map<String, AttributeValue>> sorted(List<Map<String, AttributeValue>> items) {
        List<Map<String, AttributeValue>> out = new ArrayList<>(items);
        out.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("pk") == null ? "" : i.get("pk").s())
                .thenComparing(i -> i.get("sk") == null ? "" : i.get("sk").n()));
        return out;
    }

    Arbitrary<Named> batchWrites() {
        return Combinators.combine(pks(), sks(), small()).as((pk, sk, v) -> List.of(pk, sk, v)).list().ofMinSize(1)
                .ofMaxSize(4).uniqueElements(t -> List.of(t.get(0), t.get(1)))
                .map(writes -> new Named("BatchWriteItem " + writes, (dynamo, table) -> {
                    List<WriteRequest> requests = new ArrayList<>();
                    for (List<?> w : writes) {
                        Map<String, AttributeValue> key = key((String) w.get(0), (Integer) w.get(1));
                        int v = (Integer) w.get(2);
                        if (v == 0) {
                            requests.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
                        } else {
                            Map<String, AttributeValue> item = new HashMap<>(key);
                            item.put("v", n(v));
                            requests.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
                        }
                    }
                    return dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, requests))).unprocessedItems();
                }));
    }

    Arbitrary<Named> batchGets() {
        return Combinators.combine(pks(), sks()).as(List::<Object>of).list().ofMinSize(1).ofMaxSize(4)
                .uniqueElements()
                .map(keys -> new Named("BatchGetItem " + keys, (dynamo, table) -> {
                    List<Map<String, AttributeValue>> wanted = new ArrayList<>();
                    for (List<Object> k : keys) {
                        wanted.add(key((String) k.get(0), (Integer) k.get(1)));
                    }
                    var response = dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                            KeysAndAttributes.builder().keys(wanted).consistentRead(true).build())));
                    return List.of(sorted(response.responses().getOrDefault(table, List.of())), response.unprocessedKeys());
                }));
    }

    Arbitrary<Named> transactWrites() {
        Arbitrary<List<Object>> action = Combinators.combine(pks(), sks(),
                        Arbitraries.of("put", "update", "delete", "check"),
                        Arbitraries.of("", "attribute_exists(pk)", "attribute_not_exists(pk)", "v = :x"), small())
                .as(List::<Object>of);
        return action.list().ofMinSize(1).ofMaxSize(3).uniqueElements(a -> List.of(a.get(0), a.get(1)))
                .map(actions -> new Named("TransactWriteItems " + actions, (dynamo, table) -> {
                    List<TransactWriteItem> items = new ArrayList<>();
                    for (List<Object> a : actions) {
                        Map<String, AttributeValue> key = key((String) a.get(0), (Integer) a.get(1));
                        String condition = (String) a.get(3);
                        int x = (Integer) a.get(4);
                        String kind = (String) a.get(2);
                        String cond = condition.isEmpty() ? (kind.equals("check") ? "attribute_exists(pk)" : null) : condition;
                        Map<String, AttributeValue> values = new HashMap<>();
                        if (cond != null && cond.contains(":x")) {
                            values.put(":x", n(x));
                        }
                        if (kind.equals("update")) {
                            values.put(":d", n(x + 1));
                        }
                        Map<String, AttributeValue> vals = values.isEmpty() ? null : values;
                        items.add(switch (kind) {
                            case "put" -> {
                                Map<String, AttributeValue> item = new HashMap<>(key);
                                item.put("v", n(x));
                                yield TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                                        .conditionExpression(cond).expressionAttributeValues(vals)).build();
                            }
                            case "update" -> TransactWriteItem.builder().update(u -> u.tableName(table).key(key)
                                    .updateExpression("ADD v :d").conditionExpression(cond)
                                    .expressionAttributeValues(vals)).build();
                            case "delete" -> TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)
                                    .conditionExpression(cond).expressionAttributeValues(vals)).build();
                            default -> TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key)
                                    .conditionExpression(cond).expressionAttributeValues(vals)).build();
                        });
                    }
                    dynamo.transactWriteItems(b -> b.transactItems(items));
                    return "committed";
                }));
    }

    Arbitrary<Named> transactGets() {
        return Combinators.combine(pks(), sks()).as(List::<Object>of).list().ofMinSize(1).ofMaxSize(3).uniqueElements()
                .map(keys -> new Named("TransactGetItems " + keys, (dynamo, table) -> {
                    var response = dynamo.transactGetItems(b -> b.transactItems(keys.stream().map(k ->
                            software.amazon.awssdk.services.dynamodb.model.TransactGetItem.builder().get(g -> g
                                    .tableName(table).key(key((String) k.get(0), (Integer) k.get(1)))).build()).toList()));
                    return response.responses().stream().map(r -> r.hasItem() ? r.item() : Map.of()).toList();
                }));
    }

    Arbitrary<Named> malformed() {
        return Arbitraries.of(
                new Named("UpdateItem with a reserved word used bare", (dynamo, table) -> dynamo.updateItem(b -> b
                        .tableName(table).key(key("a", 1)).updateExpression("SET status = :s")
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("x"))))),
                new Named("PutItem with an undefined placeholder", (dynamo, table) -> dynamo.putItem(b -> b
                        .tableName(table).item(key("a", 1)).conditionExpression("v = :nope"))),
                new Named("PutItem with an unused value", (dynamo, table) -> dynamo.putItem(b -> b.tableName(table)
                        .item(key("a", 1)).conditionExpression("attribute_exists(v)")
                        .expressionAttributeValues(Map.of(":unused", n(1))))),
                new Named("GetItem with the sort key as a string", (dynamo, table) -> dynamo.getItem(b -> b
                        .tableName(table).key(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("1"))))),
                new Named("PutItem without the sort key", (dynamo, table) -> dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", AttributeValue.fromS("a"))))),
                new Named("PutItem with an empty partition key", (dynamo, table) -> dynamo.putItem(b -> b
                        .tableName(table).item(Map.of("pk", AttributeValue.fromS(""), "sk", n(1))))),
                new Named("UpdateItem with a syntax error", (dynamo, table) -> dynamo.updateItem(b -> b
                        .tableName(table).key(key("a", 1)).updateExpression("SET = :v")
                        .expressionAttributeValues(Map.of(":v", n(1))))),
                new Named("UpdateItem of a key attribute", (dynamo, table) -> dynamo.updateItem(b -> b
                        .tableName(table).key(key("a", 1)).updateExpression("SET sk = :v")
                        .expressionAttributeValues(Map.of(":v", n(1))))),
                new Named("UpdateItem with overlapping paths", (dynamo, table) -> dynamo.updateItem(b -> b
                        .tableName(table).key(key("a", 1)).updateExpression("SET m = :v, m.x = :v")
                        .expressionAttributeValues(Map.of(":v", n(1))))),
                new Named("Query without a key condition on the partition key", (dynamo, table) -> dynamo.query(b -> b
                        .tableName(table).keyConditionExpression("sk = :v")
                        .expressionAttributeValues(Map.of(":v", n(1))))),
                new Named("PutItem to a missing table", (dynamo, table) -> dynamo.putItem(b -> b
                        .tableName(table + "-missing").item(key("a", 1)))),
                new Named("PutItem with a duplicate in a string set", (dynamo, table) -> {
                    Map<String, AttributeValue> item = new HashMap<>(key("a", 1));
                    item.put("ss", AttributeValue.fromSs(List.of("x", "x")));
                    return dynamo.putItem(b -> b.tableName(table).item(item));
                }));
    }
}
