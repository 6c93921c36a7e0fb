package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random sequences of Put, conditional Put, Update, Delete, Get and Query over a small key
 * space agree, step by step, with a model that is a sorted map of key to counter.
 */
class EngineModelProperties {
    @Property(tries = 200)
    void operationsAgreeWithAMapModel(@ForAll long seed) {
        Random random = new Random(seed);
        Engine engine = new Engine();
        engine.createTable(CreateTableRequest.onDemand("model", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N));
        Map<String, TreeMap<Integer, Long>> model = new HashMap<>();
        for (int step = 0; step < 60; step++) {
            String pk = "p" + random.nextInt(3);
            int sk = random.nextInt(5);
            Map<String, AttributeValue> key = Map.of("pk", s(pk), "sk", n(sk));
            TreeMap<Integer, Long> partition = model.computeIfAbsent(pk, p -> new TreeMap<>());
            Long current = partition.get(sk);
            long value = random.nextInt(100);
            switch (random.nextInt(6)) {
                case 0 -> {
                    Item old = engine.putItem(PutItemRequest.of("model", item(pk, sk, value))
                            .withReturnValues(ReturnValue.ALL_OLD)).attributes();
                    assertThat(old).isEqualTo(current == null ? null : item(pk, sk, current));
                    partition.put(sk, value);
                }
                case 1 -> {
                    boolean applied = true;
                    try {
                        engine.putItem(PutItemRequest.of("model", item(pk, sk, value))
                                .withCondition("attribute_not_exists(pk)", null));
                    } catch (ConditionalCheckFailedException e) {
                        applied = false;
                    }
                    assertThat(applied).isEqualTo(current == null);
                    partition.putIfAbsent(sk, value);
                }
                case 2 -> {
                    Item updated = engine.updateItem(UpdateItemRequest.of("model", key, "ADD c :d",
                            ExpressionInput.values(Map.of(":d", n(value)))).withReturnValues(ReturnValue.ALL_NEW)).attributes();
                    long next = (current == null ? 0 : current) + value;
                    assertThat(updated).isEqualTo(item(pk, sk, next));
                    partition.put(sk, next);
                }
                case 3 -> {
                    Item old = engine.deleteItem(new DeleteItemRequest("model", key, null, null, ReturnValue.ALL_OLD,
                            null, null)).attributes();
                    assertThat(old).isEqualTo(current == null ? null : item(pk, sk, current));
                    partition.remove(sk);
                }
                case 4 -> assertThat(engine.getItem(GetItemRequest.consistent("model", key)).item())
                        .isEqualTo(current == null ? null : item(pk, sk, current));
                default -> {
                    List<Item> items = engine.query(QueryRequest.of("model", "pk = :p",
                            ExpressionInput.values(Map.of(":p", s(pk))))).items();
                    assertThat(items).containsExactlyElementsOf(partition.entrySet().stream()
                            .map(e -> item(pk, e.getKey(), e.getValue())).toList());
                }
            }
        }
    }

    private static Item item(String pk, int sk, long counter) {
        return Item.of(Map.of("pk", s(pk), "sk", n(sk), "c", n(counter)));
    }
}
