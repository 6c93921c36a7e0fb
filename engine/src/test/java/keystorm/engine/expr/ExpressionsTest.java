package keystorm.engine.expr;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionsTest {
    /** An item with one of each type, for the condition table below. */
    static final Item ITEM = item(Map.of(
            "pk", s("user#1"),
            "n", n(5),
            "s", s("hello world"),
            "b", AttributeValue.b(new byte[] {1, 2, 3}),
            "ss", new AttributeValue.SS(Set.of("red", "green")),
            "ns", new AttributeValue.NS(Set.of(Num.of(1), Num.of(2))),
            "l", AttributeValue.l(List.of(s("x"), n(7), AttributeValue.m(Map.of("deep", s("yes"))))),
            "m", AttributeValue.m(Map.of("a", n(1), "b", AttributeValue.m(Map.of("c", s("leaf"))))),
            "flag", AttributeValue.TRUE,
            "nothing", AttributeValue.NULL));

    static final Map<String, AttributeValue> VALUES = Map.ofEntries(
            Map.entry(":five", n(5)), Map.entry(":six", n(6)), Map.entry(":one", n(1)), Map.entry(":ten", n(10)),
            Map.entry(":hello", s("hello")), Map.entry(":world", s("world")), Map.entry(":red", s("red")),
            Map.entry(":x", s("x")), Map.entry(":seven", n(7)), Map.entry(":leaf", s("leaf")),
            Map.entry(":S", s("S")), Map.entry(":N", s("N")), Map.entry(":M", s("M")),
            Map.entry(":b12", AttributeValue.b(new byte[] {1, 2})),
            Map.entry(":b23", AttributeValue.b(new byte[] {2, 3})), Map.entry(":b13", AttributeValue.b(new byte[] {1, 3})), Map.entry(":two", n(2)), Map.entry(":true", AttributeValue.TRUE));

    static Item item(Map<String, AttributeValue> attributes) {
        return Item.of(new LinkedHashMap<>(attributes));
    }

    static boolean eval(String condition, Item item) {
        ExpressionContext context = new ExpressionContext(Map.of("#s", "s", "#name", "name"), VALUES);
        return Expressions.condition(condition, context).test(item);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "n = :five | true",
        "n <> :five | false",
        "n < :six | true",
        "n <= :five | true",
        "n > :five | false",
        "n >= :six | false",
        "n = :hello | false",            // different types: simply false
        "n <> :hello | true",
        "absent = :five | false",
        "absent <> :five | true",
        "absent < :five | false",
        "n BETWEEN :one AND :ten | true",
        "n BETWEEN :six AND :ten | false",
        "n IN (:one, :five) | true",
        "n IN (:one, :six) | false",
        "attribute_exists(n) | true",
        "attribute_exists(absent) | false",
        "attribute_not_exists(absent) | true",
        "attribute_exists(m.b.c) | true",
        "attribute_exists(m.b.d) | false",
        "attribute_exists(l[2].deep) | true",
        "attribute_exists(l[3]) | false",
        "attribute_type(n, :N) | true",
        "attribute_type(n, :S) | false",
        "attribute_type(m, :M) | true",
        "begins_with(#s, :hello) | true",
        "begins_with(#s, :world) | false",
        "begins_with(b, :b12) | true",
        "contains(#s, :world) | true",
        "contains(ss, :red) | true",
        "contains(ns, :two) | true",
        "contains(l, :x) | true",
        "contains(l, :seven) | true",
        "contains(l, :red) | false",
        "contains(b, :b12) | true",      // a binary contains a run of bytes
        "contains(b, :b23) | true",
        "contains(b, :b13) | false",
        "size(#s) = :ten | false",
        "size(#s) > :ten | true",
        "size(l) BETWEEN :one AND :five | true",
        "size(m) = :two | true",
        "size(n) = :one | false",        // size of a number is undefined
        "size(:hello) = :five | true",   // the size of a value, not of a path it names
        "attribute_type(:five, :N) | true",
        "attribute_type(:hello, :N) | false",
        "m.b.c = :leaf | true",
        "l[1] = :seven | true",
        "flag = :true | true",
        "NOT n = :five | false",
        "n = :five AND #s = :hello | false",
        "n = :five OR #s = :hello | true",
        "NOT (n = :six OR n = :one) | true",
        "n = :six OR n = :five AND n = :one | false",   // AND binds tighter than OR
        "(n = :six OR n = :five) AND n = :five | true",
        "n = :five and n < :six | true",                 // keywords are case-insensitive
    })
    void conditions(String condition, boolean expected) {
        assertThat(eval(condition, ITEM)).isEqualTo(expected);
    }

    @Test
    void stringsCompareByUtf8BytesNotUtf16Units() {
        // U+FF5E sorts before U+1F600 in UTF-8 (and code points), after it in UTF-16 units.
        ExpressionContext context = new ExpressionContext(null, Map.of(":v", s("\uD83D\uDE00")));
        assertThat(Expressions.condition("a < :v", context).test(item(Map.of("a", s("\uFF5E"))))).isTrue();
    }

    @Test
    void numbersCompareByValue() {
        ExpressionContext context = new ExpressionContext(null, Map.of(":v", n("10.50")));
        assertThat(Expressions.condition("a = :v", context).test(item(Map.of("a", n("1.05E1"))))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "n = | Syntax error; token: \"<EOF>\"",
        "n == :five | Syntax error; token: \"=\"",
        "n = :nope | An expression attribute value used in expression is not defined; attribute value: :nope",
        "#nope = :five | An expression attribute name used in the document path is not defined; attribute name: #nope",
        "status = :five | Attribute name is a reserved keyword; reserved keyword: status",
        "n BETWEEN :ten AND :one | The BETWEEN operator requires upper bound to be greater than or equal to lower bound",
        "attribute_type(n, :five) | Incorrect operand type for operator or function; operator or function: attribute_type",
        "attribute_type(n, :hello) | Invalid attribute type name found; type: hello",
        "attribute_exists(:five) | Operator or function requires a document path",
        "begins_with(n, :five) | Incorrect operand type for operator or function; operator or function: begins_with",
        "unknown_fn(n) | Invalid function name; function: unknown_fn",
        "size(n) | Syntax error",
        "n = :five AND | Syntax error; token: \"<EOF>\"",
        "n = :five) | Syntax error; token: \")\"",
        "l[x] = :five | Syntax error; token: \"x\"",
        "n $ :five | Syntax error; token: \"$\"",
    })
    void conditionErrorsAreValidationExceptionsThatSayWhere(String condition, String message) {
        assertThatThrownBy(() -> eval(condition, ITEM))
                .isInstanceOf(DynamoException.class)
                .satisfies(e -> assertThat(((DynamoException) e).type()).isEqualTo(ErrorType.ValidationException))
                .hasMessageContaining(message);
    }

    @Test
    void syntaxErrorNamesTheTokenAndItsNeighbourhood() {
        ExpressionContext context = new ExpressionContext(null, Map.of(":v", n(1)));
        assertThatThrownBy(() -> Expressions.update("SET = :v", context))
                .hasMessage("Invalid UpdateExpression: Syntax error; token: \"=\", near: \"SET = :v\"");
    }

    @Test
    void unusedPlaceholdersAreRejectedOncePerRequest() {
        ExpressionContext context = new ExpressionContext(Map.of("#a", "a", "#b", "b"), Map.of(":v", n(1), ":w", n(2)));
        Expressions.condition("#a = :v", context);
        assertThatThrownBy(context::checkAllUsed)
                .hasMessage("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
        Expressions.update("SET #b = :w", context); // the same request's other expression uses them
        context.checkAllUsed();
    }

    @Test
    void placeholderMapsAreChecked() {
        assertThatThrownBy(() -> new ExpressionContext(Map.of(), null))
                .hasMessage("ExpressionAttributeNames must not be empty");
        assertThatThrownBy(() -> new ExpressionContext(null, Map.of("v", n(1))))
                .hasMessageContaining("ExpressionAttributeValues contains invalid key");
    }

    @Test
    void placeholdersAreCountedInUtf8BytesAndTheirMapsTogether() {
        // "é" is 2 bytes: "#" and 127 of them are 255 bytes, one more is 257
        new ExpressionContext(Map.of("#" + "é".repeat(127), "a"), null);
        assertThatThrownBy(() -> new ExpressionContext(Map.of("#" + "é".repeat(128), "a"), null))
                .hasMessage("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key "
                        + "that is too long; size of key: 257");
        assertThatThrownBy(() -> new ExpressionContext(null, Map.of(":" + "é".repeat(128), n(1))))
                .hasMessageStartingWith("ExpressionAttributeValues contains invalid key: The expression attribute map");
        // 2 MB of values, then one byte more spread over a name and the values
        String half = "a".repeat(1024 * 1024 - 2);
        new ExpressionContext(null, Map.of(":a", s(half), ":b", s(half)));
        assertThatThrownBy(() -> new ExpressionContext(Map.of("#n", "x"),
                Map.of(":a", s(half), ":b", s(half.substring(2)))))
                .hasMessageEndingWith("for all substitution variables; size: " + (2 * 1024 * 1024 + 1));
    }

    @Test
    void inAcceptsAtMostOneHundredOperands() {
        StringBuilder text = new StringBuilder("a IN (");
        for (int i = 0; i <= 100; i++) {
            text.append(i == 0 ? "" : ", ").append(":v");
        }
        text.append(')');
        assertThatThrownBy(() -> Expressions.condition(text.toString(), new ExpressionContext(null, Map.of(":v", n(1)))))
                .hasMessageContaining("too many operands");
    }

    @Test
    void expressionsLongerThanFourKilobytesAreRejected() {
        String text = "a = :v" + " OR a = :v".repeat(500);
        assertThatThrownBy(() -> Expressions.condition(text, new ExpressionContext(null, Map.of(":v", n(1)))))
                .hasMessageContaining("Expression size has exceeded the maximum allowed size");
    }

    @Test
    void deeplyNestedJunkIsAValidationErrorNotAStackOverflow() {
        String text = "(".repeat(10_000 / 3) + "a = :v";
        assertThatThrownBy(() -> Expressions.condition(text, new ExpressionContext(null, Map.of(":v", n(1)))))
                .isInstanceOf(DynamoException.class);
    }

    @Test
    void projectionKeepsNamedPartsAndClosesUpListElements() {
        Projection projection = Expressions.projection("pk, m.b.c, l[0], l[2].deep, #s, absent",
                new ExpressionContext(Map.of("#s", "s"), null));
        Item projected = projection.apply(ITEM);
        assertThat(projected.attributes()).containsOnlyKeys("pk", "m", "l", "s");
        assertThat(projected.get("m")).isEqualTo(AttributeValue.m(Map.of("b", AttributeValue.m(Map.of("c", s("leaf"))))));
        assertThat(projected.get("l")).isEqualTo(AttributeValue.l(List.of(s("x"),
                AttributeValue.m(Map.of("deep", s("yes"))))));
    }

    @Test
    void projectionPathsMayNotOverlap() {
        assertThatThrownBy(() -> Expressions.projection("m, m.a", ExpressionContext.empty()))
                .hasMessageContaining("Two document paths overlap with each other");
    }

    @Test
    void keyConditionsSplitIntoPartitionAndSortKey() {
        ExpressionContext context = new ExpressionContext(Map.of("#sk", "sk"), Map.of(":p", s("a"), ":lo", n(1), ":hi", n(5)));
        KeyCondition key = Expressions.keyCondition("#sk BETWEEN :lo AND :hi AND pk = :p", context, "pk", "sk");
        assertThat(key.partitionKeyValue()).isEqualTo(s("a"));
        assertThat(key.sortKey()).hasValueSatisfying(sort -> {
            assertThat(sort.op()).isEqualTo(SortKeyCondition.Operator.BETWEEN);
            assertThat(sort.test(n(3))).isTrue();
            assertThat(sort.test(n(6))).isFalse();
        });
    }

    @Test
    void sizeOfANumberValueIsAnErrorInTheRequest() {
        assertThatThrownBy(() -> Expressions.condition("size(:v) > :v", new ExpressionContext(null, Map.of(":v", n(1)))))
                .isInstanceOf(DynamoException.class)
                .hasMessage("Invalid ConditionExpression: Incorrect operand type for operator or function; "
                        + "operator or function: size, operand type: N");
    }

    @Test
    void functionsInTheWrongPlaceOrWithTheWrongCountAreNamed() {
        ExpressionContext context = new ExpressionContext(null, Map.of(":v", n(1)));
        assertThatThrownBy(() -> Expressions.condition("size(a, a) = :v", context))
                .hasMessage("Invalid ConditionExpression: Incorrect number of operands for operator or function; "
                        + "operator or function: size, number of operands: 2");
        assertThatThrownBy(() -> Expressions.condition("if_not_exists(a, a) = :v", context))
                .hasMessage("Invalid ConditionExpression: The function is not allowed to be used this way in an "
                        + "expression; function: if_not_exists");
    }

    @Test
    void threeHundredOperatorsAtMost() {
        // "a < b OR (a < b OR (...))": 149 levels are 299 operators and fine; 150 are 301
        String fine = "a < b" + " OR (a < b".repeat(149) + ")".repeat(149);
        assertThat(Expressions.condition(fine, ExpressionContext.empty()).test(item(Map.of("a", n(1), "b", n(2)))))
                .isTrue();
        String over = "a < b" + " OR (a < b".repeat(150) + ")".repeat(150);
        assertThatThrownBy(() -> Expressions.condition(over, ExpressionContext.empty()))
                .hasMessage("Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
                        + "operators or functions: 301");
        assertThatThrownBy(() -> Expressions.condition("(".repeat(400) + "a < b" + ")".repeat(400),
                ExpressionContext.empty())).hasMessageContaining("too many nested levels");
    }

    @Test
    void aKeyConditionMayPutTheValueFirst() {
        ExpressionContext context = new ExpressionContext(null, Map.of(":p", s("a"), ":c", n(5)));
        KeyCondition key = Expressions.keyCondition(":p = pk AND :c < sk", context, "pk", "sk");
        assertThat(key.partitionKeyValue()).isEqualTo(s("a"));
        assertThat(key.sortKey()).hasValueSatisfying(sort -> {
            assertThat(sort.op()).isEqualTo(SortKeyCondition.Operator.GT);
            assertThat(sort.test(n(6))).isTrue();
            assertThat(sort.test(n(5))).isFalse();
        });
    }

    @Test
    void expressionAttributeNamesMustNameSomething() {
        assertThatThrownBy(() -> new ExpressionContext(Map.of("#a", ""), null))
                .hasMessage("ExpressionAttributeNames contains invalid value: Empty attribute name for key #a");
        assertThatThrownBy(() -> new ExpressionContext(Map.of("#a", "a".repeat(65_536)), null))
                .hasMessageContaining("Attribute name is longer than 65535 bytes for key #a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sk = :p | Query condition missed key schema element: pk",
        "pk = :p OR sk = :p | Invalid operator used in KeyConditionExpression: OR",
        "pk = :p AND pk = :p | KeyConditionExpressions must only contain one condition per key",
        "pk = :p AND extra = :p | Query condition missed key schema element: sk",
        "extra = :p AND pk = :p | Query condition missed key schema element: sk",
        "extra = :p | Query condition missed key schema element: pk",
        "pk < :p | Query key condition not supported",
        "pk = :p AND contains(sk, :p) | Invalid function name; function: contains",
    })
    void keyConditionErrors(String text, String message) {
        assertThatThrownBy(() -> Expressions.keyCondition(text, new ExpressionContext(null, Map.of(":p", s("a"))), "pk", "sk"))
                .isInstanceOf(DynamoException.class)
                .hasMessageContaining(message);
    }

    /**
     * On a hash-only key schema (a table, or a GSI keyed by one attribute whose table's keys are not
     * its keys) a condition on any other attribute is DynamoDB's "Query key condition not supported",
     * never a "missed key schema element" naming the hash key the condition does have.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "x = :p AND p = :p | Query key condition not supported",
        "p = :p AND x = :p | Query key condition not supported",
        "p = :p | Query condition missed key schema element: x",
    })
    void keyConditionErrorsWithoutSortKey(String text, String message) {
        assertThatThrownBy(() -> Expressions.keyCondition(text, new ExpressionContext(null, Map.of(":p", s("a"))), "x", null))
                .isInstanceOf(DynamoException.class)
                .hasMessage(message);
    }

    @Test
    void bytesCompareUnsigned() {
        assertThat(Bytes.copyOf(new byte[] {(byte) 0xff}).compareTo(Bytes.copyOf(new byte[] {0x01}))).isPositive();
    }
}
