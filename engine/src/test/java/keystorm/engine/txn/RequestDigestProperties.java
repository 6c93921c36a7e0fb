package keystorm.engine.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The digest a retry under a ClientRequestToken is matched by, after a restart as before: two
 * TransactItems lists digest alike exactly when they are equal, whatever order their maps and
 * sets were built in and however their numbers were written. The items come from a small space
 * so that equal pairs are common.
 */
class RequestDigestProperties {

    record Pair(List<TransactWriteItem> a, List<TransactWriteItem> b) {
    }

    @Property(tries = 1000)
    void theDigestsAgreeExactlyWhenTheRequestsAreEqual(@ForAll("pairs") Pair pair) {
        assertThat(RequestDigest.of(pair.a()).equals(RequestDigest.of(pair.b()))).isEqualTo(pair.a().equals(pair.b()));
    }

    /** Half the time the same request twice, rebuilt; otherwise another from the same small space. */
    @Provide
    Arbitrary<Pair> pairs() {
        return Combinators.combine(requests(), requests(), Arbitraries.of(true, false)).as((a, other, same) ->
                new Pair(a, same ? a.stream().map(RequestDigestProperties::rebuilt).toList() : other));
    }

    @Property(tries = 500)
    void aRequestBuiltAnewInAnotherOrderHasTheSameDigest(@ForAll("requests") List<TransactWriteItem> request) {
        List<TransactWriteItem> rebuilt = request.stream().map(RequestDigestProperties::rebuilt).toList();
        assertThat(rebuilt).isEqualTo(request);
        assertThat(RequestDigest.of(rebuilt)).isEqualTo(RequestDigest.of(request));
    }

    /**
     * The digest is kept in the log with a completed token: were its encoding to change, a retry
     * after an upgrade would be refused as another request. Pinned here for one request that has
     * every kind of value, an unpaired surrogate, names, nulls and a ReturnValuesOnConditionCheckFailure.
     */
    @Example
    void theDigestOfARequestNeverChanges() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", new AttributeValue.S("a\ud800b"));
        item.put("n", new AttributeValue.N(Num.parse("1.50")));
        item.put("b", new AttributeValue.B(Bytes.copyOf(new byte[] {1, 2})));
        item.put("ss", new AttributeValue.SS(new LinkedHashSet<>(List.of("y", "x"))));
        item.put("ns", new AttributeValue.NS(new LinkedHashSet<>(List.of(Num.of(2), Num.of(1)))));
        item.put("bs", new AttributeValue.BS(new LinkedHashSet<>(List.of(Bytes.copyOf(new byte[] {9}), Bytes.copyOf(new byte[] {3})))));
        item.put("m", new AttributeValue.M(Map.of("k", new AttributeValue.Bool(false))));
        item.put("l", new AttributeValue.L(List.of(AttributeValue.NULL, new AttributeValue.S("\u00e9"))));
        List<TransactWriteItem> request = java.util.Arrays.asList(
                new TransactWriteItem.Put("t", Item.of(item), "attribute_not_exists(pk)", null, null),
                new TransactWriteItem.Update("t", Map.of("pk", new AttributeValue.S("u")), "SET #v = :v", null,
                        new ExpressionInput(Map.of("#v", "v"), Map.of(":v", new AttributeValue.N(Num.of(7)))),
                        ReturnValuesOnConditionCheckFailure.ALL_OLD),
                new TransactWriteItem.Delete("t", Map.of("pk", new AttributeValue.S("d")), null, null, null),
                new TransactWriteItem.ConditionCheck("u", Map.of("pk", new AttributeValue.S("c")), "v = :v",
                        ExpressionInput.values(Map.of(":v", new AttributeValue.S("w"))), null));
        assertThat(HexFormat.of().formatHex(RequestDigest.of(request).toByteArray()))
                .isEqualTo("53470d290f2432f822c41a750adb30bad5b4dbf446c78ccf33543607b95a5c3f");
    }

    @Provide
    Arbitrary<List<TransactWriteItem>> requests() {
        return items().list().ofMinSize(1).ofMaxSize(2);
    }

    Arbitrary<TransactWriteItem> items() {
        Arbitrary<String> tables = Arbitraries.of("a", "b");
        Arbitrary<Map<String, AttributeValue>> keys = Arbitraries.of("1", "2")
                .map(pk -> Map.<String, AttributeValue>of("pk", new AttributeValue.S(pk)));
        Arbitrary<String> conditions = Arbitraries.of("attribute_exists(pk)", "v = :v").injectNull(0.5);
        Arbitrary<ExpressionInput> expressions = Arbitraries.oneOf(Arbitraries.just(ExpressionInput.NONE),
                Arbitraries.maps(Arbitraries.of(":v", ":w"), values()).ofMinSize(1).ofMaxSize(2).map(ExpressionInput::values),
                Arbitraries.just(new ExpressionInput(Map.of("#v", "v"), null)));
        Arbitrary<ReturnValuesOnConditionCheckFailure> onFailure = Arbitraries.of(ReturnValuesOnConditionCheckFailure.class)
                .injectNull(0.5);
        Arbitrary<TransactWriteItem> puts = Combinators.combine(tables, keys, values(), conditions, expressions, onFailure)
                .as((table, key, v, condition, input, failure) -> {
                    Map<String, AttributeValue> item = new LinkedHashMap<>(key);
                    item.put("v", v);
                    return new TransactWriteItem.Put(table, Item.of(item), condition, input, failure);
                });
        Arbitrary<TransactWriteItem> updates = Combinators.combine(tables, keys, Arbitraries.of("SET v = :v", "ADD v :w"),
                        conditions, expressions, onFailure)
                .as(TransactWriteItem.Update::new);
        Arbitrary<TransactWriteItem> deletes = Combinators.combine(tables, keys, conditions, expressions, onFailure)
                .as(TransactWriteItem.Delete::new);
        Arbitrary<TransactWriteItem> checks = Combinators.combine(tables, keys, conditions, expressions, onFailure)
                .as(TransactWriteItem.ConditionCheck::new);
        return Arbitraries.oneOf(puts, updates, deletes, checks);
    }

    Arbitrary<AttributeValue> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("x", "y").map(AttributeValue.S::new),
                Arbitraries.of(1, 2).map(i -> new AttributeValue.N(Num.of(i))),
                Arbitraries.of(new AttributeValue.Bool(true), AttributeValue.NULL),
                Arbitraries.of("x", "y", "z").set().ofMinSize(1).ofMaxSize(3).map(AttributeValue.SS::new),
                Arbitraries.of(1, 2, 3).set().ofMinSize(1).ofMaxSize(2)
                        .map(s -> new AttributeValue.NS(new LinkedHashSet<>(s.stream().map(Num::of).toList()))),
                Arbitraries.of(1, 2).set().ofMinSize(1).ofMaxSize(2)
                        .map(s -> new AttributeValue.BS(new LinkedHashSet<>(s.stream().map(b -> Bytes.copyOf(new byte[] {b.byteValue()})).toList()))),
                Arbitraries.maps(Arbitraries.of("m", "n"), Arbitraries.of("x", "y").<AttributeValue>map(AttributeValue.S::new))
                        .ofMaxSize(2).map(AttributeValue.M::new),
                Arbitraries.of(1, 2).list().ofMaxSize(2)
                        .map(l -> new AttributeValue.L(l.stream().<AttributeValue>map(i -> new AttributeValue.N(Num.of(i))).toList())));
    }

    /** The same item built anew: maps and sets filled in reverse order, numbers parsed from other text. */
    static TransactWriteItem rebuilt(TransactWriteItem item) {
        ExpressionInput input = item.expressions();
        ExpressionInput expressions = new ExpressionInput(input.names() == null ? null : reversed(input.names()),
                input.values() == null ? null : rebuilt(input.values()));
        return switch (item) {
            case TransactWriteItem.Put put -> new TransactWriteItem.Put(put.tableName(),
                    Item.of(rebuilt(put.item().attributes())), put.conditionExpression(), expressions,
                    put.returnValuesOnConditionCheckFailure());
            case TransactWriteItem.Update update -> new TransactWriteItem.Update(update.tableName(),
                    rebuilt(update.key()), update.updateExpression(), update.conditionExpression(), expressions,
                    update.returnValuesOnConditionCheckFailure());
            case TransactWriteItem.Delete delete -> new TransactWriteItem.Delete(delete.tableName(),
                    rebuilt(delete.key()), delete.conditionExpression(), expressions,
                    delete.returnValuesOnConditionCheckFailure());
            case TransactWriteItem.ConditionCheck check -> new TransactWriteItem.ConditionCheck(check.tableName(),
                    rebuilt(check.key()), check.conditionExpression(), expressions,
                    check.returnValuesOnConditionCheckFailure());
        };
    }

    static Map<String, AttributeValue> rebuilt(Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        reversed(attributes).forEach((name, value) -> out.put(name, rebuilt(value)));
        return out;
    }

    static AttributeValue rebuilt(AttributeValue value) {
        return switch (value) {
            case AttributeValue.N n -> new AttributeValue.N(Num.parse(
                    n.value().toBigDecimal().setScale(n.value().toBigDecimal().scale() + 2).toPlainString()));
            case AttributeValue.SS ss -> new AttributeValue.SS(reversed(ss.values()));
            case AttributeValue.NS ns -> new AttributeValue.NS(reversed(ns.values()));
            case AttributeValue.BS bs -> new AttributeValue.BS(reversed(bs.values()));
            case AttributeValue.M m -> new AttributeValue.M(rebuilt(m.values()));
            case AttributeValue.L l -> new AttributeValue.L(l.values().stream().map(RequestDigestProperties::rebuilt).toList());
            default -> value;
        };
    }

    static <V> Map<String, V> reversed(Map<String, V> map) {
        List<String> names = new ArrayList<>(map.keySet());
        Collections.reverse(names);
        Map<String, V> out = new LinkedHashMap<>();
        names.forEach(name -> out.put(name, map.get(name)));
        return out;
    }

    static <T> Set<T> reversed(Set<T> set) {
        List<T> members = new ArrayList<>(set);
        Collections.reverse(members);
        return new LinkedHashSet<>(members);
    }
}
