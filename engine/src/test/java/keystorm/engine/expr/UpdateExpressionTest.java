package keystorm.engine.expr;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.DynamoException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import org.junit.jupiter.api.Test;

class UpdateExpressionTest {
    static final Item OLD = ExpressionsTest.item(Map.of(
            "pk", s("k"),
            "count", n(10),
            "arr", AttributeValue.l(List.of(s("a"), s("b"), s("c"), s("d"))),
            "doc", AttributeValue.m(Map.of("nested", n(1))),
            "tags", new AttributeValue.SS(Set.of("x", "y")),
            "nums", new AttributeValue.NS(Set.of(Num.of(1)))));

    static Item apply(String update, Map<String, AttributeValue> values, Item old) {
        ExpressionContext context = new ExpressionContext(Map.of("#c", "count"), values.isEmpty() ? null : values);
        return Expressions.update(update, context).apply(old);
    }

    @Test
    void setWithArithmeticReadsTheOldItem() {
        Item updated = apply("SET #c = #c + :one, dup = #c - :one", Map.of(":one", n(1)), OLD);
        assertThat(updated.get("count")).isEqualTo(n(11));
        assertThat(updated.get("dup")).isEqualTo(n(9)); // from the old count, not the new one
    }

    @Test
    void ifNotExistsAndListAppend() {
        Item updated = apply("SET a = if_not_exists(a, :zero), b = if_not_exists(#c, :zero), arr = list_append(arr, :more)",
                Map.of(":zero", n(0), ":more", AttributeValue.l(List.of(s("e")))), OLD);
        assertThat(updated.get("a")).isEqualTo(n(0));
        assertThat(updated.get("b")).isEqualTo(n(10));
        assertThat(((AttributeValue.L) updated.get("arr")).values()).hasSize(5).last().isEqualTo(s("e"));
    }

    @Test
    void setPastTheEndOfAListAppends() {
        Item updated = apply("SET arr[10] = :v", Map.of(":v", s("z")), OLD);
        assertThat(((AttributeValue.L) updated.get("arr")).values()).containsExactly(s("a"), s("b"), s("c"), s("d"), s("z"));
    }

    @Test
    void removeOfSeveralListElementsUsesTheOldIndexes() {
        Item updated = apply("REMOVE arr[0], arr[2]", Map.of(), OLD);
        assertThat(((AttributeValue.L) updated.get("arr")).values()).containsExactly(s("b"), s("d"));
    }

    @Test
    void removeOfAMissingAttributeIsANoOp() {
        assertThat(apply("REMOVE nothing, doc.nothing", Map.of(), OLD)).isEqualTo(OLD);
    }

    @Test
    void addToNumbersAndSetsAndDeleteFromSets() {
        Item updated = apply("ADD #c :five, newcount :five, tags :z, nums :two",
                Map.of(":five", n(5), ":z", new AttributeValue.SS(Set.of("z")), ":two", new AttributeValue.NS(Set.of(Num.of(2))) ), OLD);
        assertThat(updated.get("count")).isEqualTo(n(15));
        assertThat(updated.get("newcount")).isEqualTo(n(5));
        assertThat(updated.get("nums")).isEqualTo(new AttributeValue.NS(Set.of(Num.of(1), Num.of(2))));
        // ADD tags and DELETE tags overlap: that is rejected, so check DELETE alone
        assertThat(apply("DELETE tags :x", Map.of(":x", new AttributeValue.SS(Set.of("x"))), OLD).get("tags"))
                .isEqualTo(new AttributeValue.SS(Set.of("y")));
    }

    @Test
    void deleteOfTheLastElementsRemovesTheAttribute() {
        Item updated = apply("DELETE tags :all", Map.of(":all", new AttributeValue.SS(Set.of("x", "y", "q"))), OLD);
        assertThat(updated.attributes()).doesNotContainKey("tags");
    }

    @Test
    void nestedSetNeedsAnExistingParent() {
        assertThat(apply("SET doc.more = :v", Map.of(":v", n(2)), OLD).get("doc"))
                .isEqualTo(AttributeValue.m(Map.of("nested", n(1), "more", n(2))));
        assertThatThrownBy(() -> apply("SET nodoc.more = :v", Map.of(":v", n(2)), OLD))
                .hasMessage("The document path provided in the update expression is invalid for update");
    }

    @Test
    void removeAndDeleteThroughAMissingOrWrongTypedParentAreInvalidPaths() {
        String invalid = "The document path provided in the update expression is invalid for update";
        assertThatThrownBy(() -> apply("REMOVE nodoc.more", Map.of(), OLD)).hasMessage(invalid);
        assertThatThrownBy(() -> apply("REMOVE #c.more", Map.of(), OLD)).hasMessage(invalid);
        assertThatThrownBy(() -> apply("REMOVE #c[0]", Map.of(), OLD)).hasMessage(invalid);
        assertThatThrownBy(() -> apply("REMOVE noarr[0]", Map.of(), OLD)).hasMessage(invalid);
        assertThatThrownBy(() -> apply("REMOVE arr[9].x", Map.of(), OLD)).hasMessage(invalid);
        assertThatThrownBy(() -> apply("DELETE nodoc.tags :t", Map.of(":t", new AttributeValue.SS(Set.of("x"))), OLD))
                .hasMessage(invalid);
        // the last element missing is nothing to remove
        assertThat(apply("REMOVE doc.absent, arr[9]", Map.of(), OLD)).isEqualTo(OLD);
    }

    @Test
    void setsOfSeveralElementsOfOneListRunInIndexOrder() {
        // four indexes past the end: appended in index order, not expression order
        Item updated = apply("SET arr[84] = :a, arr[37] = :b, arr[17] = :c, arr[50] = :d, arr[0] = :e",
                Map.of(":a", s("a84"), ":b", s("b37"), ":c", s("c17"), ":d", s("d50"), ":e", s("e0")), OLD);
        assertThat(((AttributeValue.L) updated.get("arr")).values())
                .containsExactly(s("e0"), s("b"), s("c"), s("d"), s("c17"), s("b37"), s("d50"), s("a84"));
    }

    @Test
    void aBareNameStartsWithALetter() {
        assertThatThrownBy(() -> apply("SET _a = :v", Map.of(":v", n(1)), OLD))
                .isInstanceOf(DynamoException.class).hasMessageContaining("Syntax error; token: \"_\"");
        assertThat(apply("SET a_1 = :v", Map.of(":v", n(1)), OLD).get("a_1")).isEqualTo(n(1));
    }

    @Test
    void overlappingAndConflictingPathsAreRejected() {
        assertThatThrownBy(() -> apply("SET doc = :v REMOVE doc.nested", Map.of(":v", n(1)), OLD))
                .hasMessageContaining("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [doc], path two: [doc, nested]");
        // the same path twice is an overlap too; a map key and a list index at one level conflict
        assertThatThrownBy(() -> apply("SET a = :v, a = :v", Map.of(":v", n(1)), OLD))
                .hasMessageContaining("Two document paths overlap with each other");
        assertThatThrownBy(() -> apply("SET doc.x = :v, doc[1] = :v", Map.of(":v", n(1)), OLD))
                .hasMessageContaining("Two document paths conflict with each other; must remove or rewrite one of "
                        + "these paths; path one: [doc, x], path two: [doc, [1]]");
        assertThat(apply("SET doc.x = :v, doc.y = :v", Map.of(":v", n(1)), OLD).get("doc"))
                .isEqualTo(AttributeValue.m(Map.of("nested", n(1), "x", n(1), "y", n(1))));
    }

    @Test
    void typeErrorsAppearWhenTheItemIsSeen() {
        assertThatThrownBy(() -> apply("SET x = arr + :one", Map.of(":one", n(1)), OLD))
                .isInstanceOf(DynamoException.class)
                .hasMessage("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> apply("SET x = absent + :one", Map.of(":one", n(1)), OLD))
                .hasMessage("The provided expression refers to an attribute that does not exist in the item");
        assertThatThrownBy(() -> apply("ADD arr :one", Map.of(":one", n(1)), OLD))
                .hasMessage("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> apply("ADD x :s", Map.of(":s", s("no")), OLD))
                .hasMessageContaining("operator: ADD, operand type: S");
    }

    @Test
    void eachClauseAtMostOnce() {
        assertThatThrownBy(() -> apply("SET a = :v SET b = :v", Map.of(":v", n(1)), OLD))
                .hasMessageContaining("The \"SET\" section can only be used once in an update expression");
    }

    @Test
    void numberOverflowIsAValidationError() {
        Map<String, AttributeValue> values = Map.of(":big", n("9.9999999999999999999999999999999999999E+125"));
        assertThatThrownBy(() -> apply("SET x = :big + :big", values, OLD))
                .hasMessageContaining("Number overflow");
        // a result that needs more than 38 digits is reported as an overflow too, as the service does
        assertThatThrownBy(() -> apply("SET x = :a - :b", Map.of(":a", n("1E+50"), ":b", n(1)), OLD))
                .hasMessage("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThat(apply("SET x = :a - :b", Map.of(":a", n("1E+37"), ":b", n(1)), OLD).get("x"))
                .isEqualTo(n("9999999999999999999999999999999999999"));
    }

    @Test
    void topLevelNamesAndRemovesOnly() {
        Update update = Expressions.update("SET doc.nested = :v REMOVE arr[1]",
                new ExpressionContext(null, Map.of(":v", n(1))));
        assertThat(update.topLevelNames()).containsExactlyInAnyOrder("doc", "arr");
        assertThat(update.removesOnly()).isFalse();
        assertThat(Expressions.update("REMOVE a", ExpressionContext.empty()).removesOnly()).isTrue();
    }
}
