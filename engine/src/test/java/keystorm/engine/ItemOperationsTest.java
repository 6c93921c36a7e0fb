package keystorm.engine;

import static keystorm.engine.TableOperationsTest.assertError;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ItemOperationsTest {
    private final Engine engine = new Engine();

    @BeforeEach
    void table() {
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    static Item item(String pk, long value) {
        return Item.of(Map.of("pk", s(pk), "v", n(value)));
    }

    Item get(String pk) {
        return engine.getItem(GetItemRequest.consistent("kvs", key(pk))).item();
    }

    @Test
    void putThenGet() {
        engine.putItem(PutItemRequest.of("kvs", item("a", 1)));
        assertThat(get("a")).isEqualTo(item("a", 1));
        assertThat(get("b")).isNull();
    }

    @Test
    void putReturnsTheOldItemWhenAsked() {
        engine.putItem(PutItemRequest.of("kvs", item("a", 1)));
        Item old = engine.putItem(PutItemRequest.of("kvs", item("a", 2)).withReturnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(old).isEqualTo(item("a", 1));
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", item("a", 3)).withReturnValues(ReturnValue.ALL_NEW)),
                ErrorType.ValidationException, "Return values set to invalid value");
    }

    @Test
    void conditionalPutSucceedsOrFailsWithTheOldItem() {
        PutItemRequest create = PutItemRequest.of("kvs", item("a", 1)).withCondition("attribute_not_exists(pk)", null);
        engine.putItem(create);
        assertError(() -> engine.putItem(create), ErrorType.ConditionalCheckFailedException,
                "The conditional request failed");
        PutItemRequest askingForOld = new PutItemRequest("kvs", item("a", 9), "v = :v",
                ExpressionInput.values(Map.of(":v", n(5))), null, ReturnValuesOnConditionCheckFailure.ALL_OLD, null);
        assertThatThrownBy(() -> engine.putItem(askingForOld))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).isEqualTo(item("a", 1)));
        assertThat(get("a")).isEqualTo(item("a", 1));
    }

    @Test
    void updateIsAnUpsertWithArithmeticAndReturnValues() {
        ExpressionInput one = ExpressionInput.values(Map.of(":one", n(1), ":zero", n(0)));
        UpdateItemRequest increment = UpdateItemRequest.of("kvs", key("c"), "SET v = if_not_exists(v, :zero) + :one", one);
        engine.updateItem(increment);
        Item after = engine.updateItem(increment.withReturnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(after).isEqualTo(item("c", 2));
        assertThat(engine.updateItem(increment.withReturnValues(ReturnValue.UPDATED_OLD)).attributes())
                .isEqualTo(Item.of(Map.of("v", n(2))));
        assertThat(engine.updateItem(increment.withReturnValues(ReturnValue.UPDATED_NEW)).attributes())
                .isEqualTo(Item.of(Map.of("v", n(4))));
        assertThat(engine.updateItem(increment.withReturnValues(ReturnValue.ALL_OLD)).attributes())
                .isEqualTo(item("c", 4));
    }

    /**
     * UPDATED_OLD and UPDATED_NEW of nested paths return only what lies at each path's end,
     * inside its parents, as the service does (ScyllaDB's Alternator suite records these answers
     * from DynamoDB; DynamoDB Local returns whole top-level attributes instead).
     */
    @Test
    void updatedOldAndNewOfNestedPathsReturnOnlyThePathsEnds() {
        engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("n"), "d", s("keep"),
                "a", AttributeValue.m(Map.of("b", s("x"), "c", AttributeValue.l(java.util.List.of(n(10), n(20), n(30)))))))));
        assertThat(nested("SET a.b = :v", Map.of(":v", s("y")), ReturnValue.UPDATED_OLD))
                .isEqualTo(Map.of("a", AttributeValue.m(Map.of("b", s("x")))));
        assertThat(nested("SET a.c[1] = :v", Map.of(":v", n(21)), ReturnValue.UPDATED_OLD))
                .isEqualTo(Map.of("a", AttributeValue.m(Map.of("c", AttributeValue.l(java.util.List.of(n(20)))))));
        assertThat(nested("SET a.c[1] = :v, a.b = :w", Map.of(":v", n(22), ":w", s("z")), ReturnValue.UPDATED_NEW))
                .isEqualTo(Map.of("a", AttributeValue.m(Map.of("b", s("z"), "c", AttributeValue.l(java.util.List.of(n(22)))))));
        // a.c[9] held nothing, so only a.c[0] comes back
        assertThat(nested("REMOVE a.c[0], a.c[9]", null, ReturnValue.UPDATED_OLD))
                .isEqualTo(Map.of("a", AttributeValue.m(Map.of("c", AttributeValue.l(java.util.List.of(n(10)))))));
        // a new map entry: nothing before it, itself after
        assertThat(nested("SET a.e = :v", Map.of(":v", n(1)), ReturnValue.UPDATED_OLD)).isNull();
        assertThat(nested("SET a.f = :v", Map.of(":v", n(2)), ReturnValue.UPDATED_NEW))
                .isEqualTo(Map.of("a", AttributeValue.m(Map.of("f", n(2)))));
        // an index past the end appends, so nothing is at a.c[50] afterwards either
        assertThat(nested("SET a.c[50] = :v", Map.of(":v", n(5)), ReturnValue.UPDATED_NEW)).isNull();
        // a.c is [22, 30, 5]; removing a.c[0] moves 30 into its place, and that is at the path now
        assertThat(nested("REMOVE a.c[0]", null, ReturnValue.UPDATED_NEW))
                .isEqualTo(Map.of("a", AttributeValue.m(Map.of("c", AttributeValue.l(java.util.List.of(n(30)))))));
        assertThat(get("n").get("a")).isEqualTo(AttributeValue.m(Map.of("b", s("z"), "e", n(1), "f", n(2),
                "c", AttributeValue.l(java.util.List.of(n(30), n(5))))));
    }

    private Map<String, AttributeValue> nested(String update, Map<String, AttributeValue> values, ReturnValue returnValue) {
        Item returned = engine.updateItem(UpdateItemRequest.of("kvs", key("n"), update,
                values == null ? null : ExpressionInput.values(values)).withReturnValues(returnValue)).attributes();
        return returned == null ? null : returned.attributes();
    }

    @Test
    void conditionalUpdate() {
        engine.putItem(PutItemRequest.of("kvs", item("a", 1)));
        UpdateItemRequest cas = UpdateItemRequest.of("kvs", key("a"), "SET v = :new",
                ExpressionInput.values(Map.of(":old", n(1), ":new", n(2)))).withCondition("v = :old");
        engine.updateItem(cas);
        assertError(() -> engine.updateItem(cas), ErrorType.ConditionalCheckFailedException, "conditional");
        assertThat(get("a")).isEqualTo(item("a", 2));
    }

    @Test
    void updateMayNotTouchTheKey() {
        assertError(() -> engine.updateItem(UpdateItemRequest.of("kvs", key("a"), "SET pk = :v",
                        ExpressionInput.values(Map.of(":v", s("b"))))),
                ErrorType.ValidationException, "Cannot update attribute pk. This attribute is part of the key");
    }

    @Test
    void updateThatOnlyRemovesCreatesNothing() {
        engine.updateItem(UpdateItemRequest.of("kvs", key("ghost"), "REMOVE v", null));
        assertThat(get("ghost")).isNull();
        engine.updateItem(UpdateItemRequest.of("kvs", key("made"), null, null));
        assertThat(get("made")).isEqualTo(Item.of(key("made")));
    }

    @Test
    void deleteWithConditionAndReturnValues() {
        engine.putItem(PutItemRequest.of("kvs", item("a", 1)));
        DeleteItemRequest guarded = new DeleteItemRequest("kvs", key("a"), "v = :v",
                ExpressionInput.values(Map.of(":v", n(2))), ReturnValue.ALL_OLD, null, null);
        assertError(() -> engine.deleteItem(guarded), ErrorType.ConditionalCheckFailedException, "conditional");
        assertThat(engine.deleteItem(new DeleteItemRequest("kvs", key("a"), null, null, ReturnValue.ALL_OLD, null, null))
                .attributes()).isEqualTo(item("a", 1));
        assertThat(get("a")).isNull();
        assertThat(engine.deleteItem(DeleteItemRequest.of("kvs", key("a"))).attributes()).isNull();
    }

    @Test
    void keysAreValidated() {
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("v", n(1))))),
                ErrorType.ValidationException, "Missing the key pk in the item");
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", n(1))))),
                ErrorType.ValidationException, "Type mismatch for key pk expected: S actual: N");
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s(""))))),
                ErrorType.ValidationException, "cannot contain an empty string value");
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("x".repeat(2049)))))),
                ErrorType.ValidationException, "Size of hashkey has exceeded the maximum size limit of 2048 bytes");
        assertError(() -> engine.getItem(GetItemRequest.of("kvs", Map.of("pk", s("a"), "extra", s("b")))),
                ErrorType.ValidationException, "The provided key element does not match the schema");
        assertError(() -> engine.getItem(GetItemRequest.of("kvs", Map.of("pk", n(1)))),
                ErrorType.ValidationException, "The provided key element does not match the schema");
        assertError(() -> engine.getItem(GetItemRequest.of("missing-table", key("a"))),
                ErrorType.ResourceNotFoundException, "Requested resource not found");
    }

    @Test
    void emptyStringsAreFineOutsideKeys() {
        Item item = Item.of(Map.of("pk", s("a"), "empty", s(""), "bin", AttributeValue.b(new byte[0])));
        engine.putItem(PutItemRequest.of("kvs", item));
        assertThat(get("a")).isEqualTo(item);
    }

    @Test
    void itemsOverFourHundredKilobytesAreRejected() {
        Item big = Item.of(Map.of("pk", s("a"), "blob", s("x".repeat(400 * 1024))));
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", big)), ErrorType.ValidationException,
                "Item size has exceeded the maximum allowed size");
        Item fits = Item.of(Map.of("pk", s("a"), "blob", s("x".repeat(400 * 1024 - 10))));
        engine.putItem(PutItemRequest.of("kvs", fits));
    }

    @Test
    void attributeNamesAreOneTo65535Bytes() {
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("a"), "", n(1))))),
                ErrorType.ValidationException, "Empty attribute name");
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("a"), "n".repeat(65_536), n(1))))),
                ErrorType.ValidationException, "Attribute name is longer than 65535 bytes");
        // three bytes of UTF-8 a character: 21,846 of them are 65,538 bytes
        assertError(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("a"), "\u20ac".repeat(21_846), n(1))))),
                ErrorType.ValidationException, "Attribute name is longer than 65535 bytes");
        engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("a"), "n".repeat(65_535), n(1)))));
        assertThat(get("a").attributes()).containsKey("n".repeat(65_535));
    }

    @Test
    void placeholdersWithoutExpressionsAndUnusedOnesAreRejected() {
        assertError(() -> engine.putItem(new PutItemRequest("kvs", item("a", 1), null,
                        ExpressionInput.values(Map.of(":v", n(1))), null, null, null)),
                ErrorType.ValidationException, "ExpressionAttributeValues can only be specified when using expressions");
        assertError(() -> engine.updateItem(UpdateItemRequest.of("kvs", key("a"), "SET v = :v",
                        ExpressionInput.values(Map.of(":v", n(1), ":unused", n(2))))),
                ErrorType.ValidationException, "unused in expressions: keys: {:unused}");
    }

    @Test
    void consumedCapacityRoundsUpPerDynamoDbRules() {
        // 5 KB item: 5 write units; 2 read units strongly consistent, 1 eventually consistent.
        Item fiveKb = Item.of(Map.of("pk", s("a"), "blob", s("x".repeat(5 * 1024 - 7))));
        ConsumedCapacity write = engine.putItem(new PutItemRequest("kvs", fiveKb, null, null, null, null,
                ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(write.capacityUnits()).isEqualTo(5.0);
        assertThat(engine.getItem(new GetItemRequest("kvs", key("a"), true, null, null, ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(engine.getItem(new GetItemRequest("kvs", key("a"), false, null, null, ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits()).isEqualTo(1.0);
        assertThat(engine.getItem(new GetItemRequest("kvs", key("none"), false, null, null, ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits()).isEqualTo(0.5);
        assertThat(engine.getItem(GetItemRequest.of("kvs", key("a"))).consumedCapacity()).isNull();
    }

    @Test
    void getWithProjection() {
        engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("a"), "v", n(1), "w", n(2)))));
        Item projected = engine.getItem(new GetItemRequest("kvs", key("a"), false, "#v", Map.of("#v", "v"), null)).item();
        assertThat(projected).isEqualTo(Item.of(Map.of("v", n(1))));
    }

    @Test
    void describeCountsItemsAndBytes() {
        engine.putItem(PutItemRequest.of("kvs", item("a", 1)));
        engine.putItem(PutItemRequest.of("kvs", item("b", 1)));
        engine.deleteItem(DeleteItemRequest.of("kvs", key("a")));
        assertThat(engine.describeTable("kvs").itemCount()).isEqualTo(1);
        assertThat(engine.describeTable("kvs").tableSizeBytes()).isEqualTo(2 + 1 + 1 + 2); // "pk"+"b", "v"+N(1)
    }

    @Test
    void sizeOfItemsFollowsDynamoDbFormula() {
        assertThat(keystorm.engine.item.ItemSize.bytes(Item.of(Map.of("name", s("abc"))))).isEqualTo(7);
        assertThat(keystorm.engine.item.ItemSize.bytes(Item.of(Map.of("n", n("12345"))))).isEqualTo(1 + 3 + 1);
        assertThat(keystorm.engine.item.ItemSize.bytes(Item.of(Map.of("b", AttributeValue.TRUE)))).isEqualTo(2);
        assertThat(keystorm.engine.item.ItemSize.bytes(Item.of(Map.of("l", AttributeValue.l(java.util.List.of(s("ab"), s("c")))))))
                .isEqualTo(1 + 3 + (1 + 2) + (1 + 1));
    }
}
