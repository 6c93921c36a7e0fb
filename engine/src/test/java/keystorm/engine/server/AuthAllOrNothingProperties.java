package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.auth.AuthConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Generated transactions and batches whose items alice may or may not write (her own partition key in orders; bob's
 * key in orders; her key in a table she has no access to): with any one denied the call is AccessDeniedException and
 * no item changes; with none denied every item takes effect. Through the SDK against a live server.
 */
class AuthAllOrNothingProperties {
    static final AtomicInteger TRIES = new AtomicInteger();
    static DynamoServer server;
    static DynamoDbClient root;
    static DynamoDbClient alice;

    /** Whose item: alice's in orders (allowed), bob's in orders, alice's in other (both denied). */
    enum Owner { ALICE, BOB, OTHER_TABLE }

    enum Kind { PUT, UPDATE, DELETE, CHECK }

    record Action(Owner owner, Kind kind) {
    }

    @BeforeContainer
    static void start() {
        server = DynamoServer.start(new Engine(EngineConfig.inMemory().withThrottling(false)), "127.0.0.1", 0, false,
                DynamoServer.Timeouts.DEFAULT, AuthConfig.parse(AuthServerTest.AUTH, "auth.json"));
        root = AuthServerTest.client(server, "AKIDROOT", "root-secret");
        alice = AuthServerTest.client(server, "AKIDALICE", "alice-secret");
        for (String table : List.of("orders", "other")) {
            root.createTable(b -> b.tableName(table)
                    .attributeDefinitions(d -> d.attributeName("customer").attributeType(ScalarAttributeType.S),
                            d -> d.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("customer").keyType(KeyType.HASH),
                            k -> k.attributeName("id").keyType(KeyType.RANGE))
                    .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST));
        }
    }

    @AfterContainer
    static void stop() {
        root.close();
        alice.close();
        server.close();
    }

    @Provide
    Arbitrary<List<Action>> transactions() {
        return actions(Arbitraries.of(Kind.values()));
    }

    @Provide
    Arbitrary<List<Action>> batches() {
        return actions(Arbitraries.of(Kind.PUT, Kind.DELETE));
    }

    static Arbitrary<List<Action>> actions(Arbitrary<Kind> kinds) {
        Arbitrary<Owner> owners = Arbitraries.frequency(Tuple.of(8, Owner.ALICE), Tuple.of(1, Owner.BOB),
                Tuple.of(1, Owner.OTHER_TABLE));
        return Combinators.combine(owners, kinds).as(Action::new).list().ofMinSize(1).ofMaxSize(8);
    }

    static String table(Action action) {
        return action.owner() == Owner.OTHER_TABLE ? "other" : "orders";
    }

    /** Every action on its own item, written as "before" by root first. */
    static Map<String, AttributeValue> key(Action action, int tryNumber, int index) {
        return Map.of("customer", AttributeValue.fromS(action.owner() == Owner.BOB ? "bob" : "alice"),
                "id", AttributeValue.fromS(tryNumber + "-" + index));
    }

    static Map<String, AttributeValue> with(Map<String, AttributeValue> key, String note) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key);
        item.put("note", AttributeValue.fromS(note));
        return item;
    }

    /** The note each item holds now, "absent" for none. */
    static List<String> notes(List<Action> actions, int tryNumber) {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Map<String, AttributeValue> key = key(actions.get(i), tryNumber, i);
            String table = table(actions.get(i));
            var item = root.getItem(b -> b.tableName(table).key(key).consistentRead(true));
            notes.add(item.hasItem() ? item.item().get("note").s() : "absent");
        }
        return notes;
    }

    static List<String> expectedIfAllowed(List<Action> actions) {
        return actions.stream().map(a -> switch (a.kind()) {
            case PUT -> "put";
            case UPDATE -> "updated";
            case DELETE -> "absent";
            case CHECK -> "before";
        }).toList();
    }

    /** Runs alice's call; answers "ok" or the error code. */
    static String outcome(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (DynamoDbException e) {
            return e.awsErrorDetails().errorCode();
        }
    }

    void check(List<Action> actions, int tryNumber, Runnable call) {
        for (int i = 0; i < actions.size(); i++) {
            Map<String, AttributeValue> key = key(actions.get(i), tryNumber, i);
            String table = table(actions.get(i));
            root.putItem(b -> b.tableName(table).item(with(key, "before")));
        }
        boolean anyDenied = actions.stream().anyMatch(a -> a.owner() != Owner.ALICE);
        Statistics.label("denied").collect(anyDenied);
        String outcome = outcome(call);
        if (anyDenied) {
            assertThat(outcome).isEqualTo("AccessDeniedException");
            assertThat(notes(actions, tryNumber)).containsOnly("before");
        } else {
            assertThat(outcome).isEqualTo("ok");
            assertThat(notes(actions, tryNumber)).isEqualTo(expectedIfAllowed(actions));
        }
    }

    @Property(tries = 30)
    void aTransactionIsWrittenWholeOrNotAtAll(@ForAll("transactions") List<Action> actions) {
        int tryNumber = TRIES.incrementAndGet();
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            Map<String, AttributeValue> key = key(action, tryNumber, i);
            String table = table(action);
            items.add(switch (action.kind()) {
                case PUT -> TransactWriteItem.builder().put(Put.builder().tableName(table).item(with(key, "put")).build())
                        .build();
                case UPDATE -> TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                        .updateExpression("SET note = :n")
                        .expressionAttributeValues(Map.of(":n", AttributeValue.fromS("updated"))).build()).build();
                case DELETE -> TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key).build())
                        .build();
                case CHECK -> TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                        .key(key).conditionExpression("attribute_exists(note)").build()).build();
            });
        }
        check(actions, tryNumber, () -> alice.transactWriteItems(b -> b.transactItems(items)));
    }

    @Property(tries = 30)
    void aBatchIsWrittenWholeOrNotAtAll(@ForAll("batches") List<Action> actions) {
        int tryNumber = TRIES.incrementAndGet();
        Map<String, List<WriteRequest>> requests = new LinkedHashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            Map<String, AttributeValue> key = key(action, tryNumber, i);
            requests.computeIfAbsent(table(action), t -> new ArrayList<>()).add(action.kind() == Kind.PUT
                    ? WriteRequest.builder().putRequest(PutRequest.builder().item(with(key, "put")).build()).build()
                    : WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
        }
        check(actions, tryNumber, () -> {
            var response = alice.batchWriteItem(b -> b.requestItems(requests));
            assertThat(response.unprocessedItems()).isEmpty();
        });
    }
}
