package keystorm.engine.partiql;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteStatementResponse;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartiqlExecutionTest {
    private final Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));

    @BeforeEach
    void tables() {
        engine.createTable(CreateTableRequest.onDemand("events", "user", ScalarAttributeType.S, "seq",
                ScalarAttributeType.N));
        engine.createTable(CreateTableRequest.onDemand("accounts", "id", ScalarAttributeType.S, null, null));
    }

    ExecuteStatementResponse exec(String statement, AttributeValue... parameters) {
        return engine.executeStatement(ExecuteStatementRequest.of(statement, parameters));
    }

    Item get(String table, Map<String, AttributeValue> key) {
        return engine.getItem(GetItemRequest.consistent(table, key)).item();
    }

    static void assertError(ThrowableAssert.ThrowingCallable call, ErrorType type, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    void fill() {
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < 5; i++) {
                exec("INSERT INTO \"events\" VALUE {'user': ?, 'seq': ?, 'kind': ?, 'tags': <<'a', 'b'>>, "
                        + "'doc': {'list': [1, 2, {'deep': 'x'}]}}", s("u" + u), n(i), s(i % 2 == 0 ? "even" : "odd"));
            }
        }
    }

    static List<Long> seqs(ExecuteStatementResponse response) {
        return response.items().stream().map(i -> ((AttributeValue.N) i.get("seq")).value().toBigDecimal()
                .longValue()).toList();
    }

    @Test
    void insertThenSelectByFullKey() {
        exec("INSERT INTO accounts VALUE {'id': 'a', 'balance': 10, 'ok': TRUE, 'none': NULL, 'gone': MISSING}");
        Item item = get("accounts", Map.of("id", s("a")));
        assertThat(item.attributes()).containsOnlyKeys("id", "balance", "ok", "none");
        assertThat(item.get("ok")).isEqualTo(AttributeValue.TRUE);
        assertThat(exec("SELECT * FROM accounts WHERE id = 'a'").items()).containsExactly(item);
        assertThat(exec("SELECT balance FROM accounts WHERE id = ?", s("a")).items())
                .containsExactly(Item.of(Map.of("balance", n(10))));
        assertThat(exec("SELECT * FROM accounts WHERE id = 'zz'").items()).isEmpty();
    }

    @Test
    void insertOfAnExistingItemIsDuplicateItem() {
        exec("INSERT INTO accounts VALUE {'id': 'a', 'v': 1}");
        assertError(() -> exec("INSERT INTO accounts VALUE {'id': 'a', 'v': 2}"), ErrorType.DuplicateItemException,
                "Duplicate primary key exists in table");
        assertThat(get("accounts", Map.of("id", s("a"))).get("v")).isEqualTo(n(1));
    }

    @Test
    void insertNeedsTheKeyAndADocument() {
        assertError(() -> exec("INSERT INTO events VALUE {'user': 'u'}"), ErrorType.ValidationException, "seq");
        assertError(() -> exec("INSERT INTO events VALUE [1]"), ErrorType.ValidationException,
                "Unsupported format in item expression. Please use struct format {...}");
        assertError(() -> exec("INSERT INTO accounts VALUE ?", AttributeValue.m(Map.of("id", s("x")))),
                ErrorType.ValidationException, "Please use struct format");
        assertError(() -> exec("INSERT INTO nope VALUE {'id': 'x'}"), ErrorType.ResourceNotFoundException, "");
    }

    @Test
    void updateSetsRemovesAndComputes() {
        exec("INSERT INTO accounts VALUE {'id': 'a', 'n': 5, 'l': [1], 's': <<'x'>>, 'm': {'k': [0, 1]}, 'r': 1}");
        ExecuteStatementResponse response = exec("UPDATE accounts SET n = n + 2 SET l = list_append(l, [2]), "
                + "s = set_add(s, <<'y'>>), m.k[1] = 'one' REMOVE r WHERE id = 'a' RETURNING ALL NEW *");
        Item item = get("accounts", Map.of("id", s("a")));
        assertThat(response.items()).containsExactly(item);
        assertThat(item.get("n")).isEqualTo(n(7));
        assertThat(item.get("l")).isEqualTo(AttributeValue.l(List.of(n(1), n(2))));
        assertThat(item.get("s")).isEqualTo(new AttributeValue.SS(Set.of("x", "y")));
        assertThat(item.get("m")).isEqualTo(AttributeValue.m(Map.of("k", AttributeValue.l(List.of(n(0), s("one"))))));
        assertThat(item.get("r")).isNull();
        exec("UPDATE accounts SET s = set_delete(s, <<'x'>>), n = n - ? WHERE id = 'a'", n(10));
        item = get("accounts", Map.of("id", s("a")));
        assertThat(item.get("s")).isEqualTo(new AttributeValue.SS(Set.of("y")));
        assertThat(item.get("n")).isEqualTo(n(-3));
    }

    @Test
    void updateIsConditionalOnTheItemAndTheRestOfTheWhere() {
        assertError(() -> exec("UPDATE accounts SET v = 1 WHERE id = 'none'"),
                ErrorType.ConditionalCheckFailedException, "The conditional request failed");
        assertThat(get("accounts", Map.of("id", s("none")))).isNull();
        exec("INSERT INTO accounts VALUE {'id': 'a', 'v': 1}");
        assertError(() -> exec("UPDATE accounts SET v = 2 WHERE id = 'a' AND v = 5"),
                ErrorType.ConditionalCheckFailedException, "conditional");
        exec("UPDATE accounts SET v = 2 WHERE id = 'a' AND v = 1");
        assertThat(get("accounts", Map.of("id", s("a"))).get("v")).isEqualTo(n(2));
        assertError(() -> exec("UPDATE accounts SET id = 'b' WHERE id = 'a'"), ErrorType.ValidationException,
                "part of the key");
        assertError(() -> exec("UPDATE accounts SET v = set_add(w, <<'x'>>) WHERE id = 'a'"),
                ErrorType.ValidationException, "The first argument to SET_ADD must equal the assignment value");
    }

    @Test
    void aWriteMustNameOneItemByItsFullKey() {
        String missing = "Where clause does not contain a mandatory equality on all key attributes";
        assertError(() -> exec("UPDATE events SET v = 1 WHERE user = 'u'"), ErrorType.ValidationException, missing);
        assertError(() -> exec("DELETE FROM events WHERE user = 'u' AND seq > 1"), ErrorType.ValidationException,
                missing);
        assertError(() -> exec("DELETE FROM events WHERE user = 'u' OR seq = 1"), ErrorType.ValidationException,
                missing);
        assertError(() -> exec("UPDATE events SET v = 1 WHERE user.x = 'u' AND seq = 1"),
                ErrorType.ValidationException, "Key attributes must be scalars; list random access '[]' and map lookup "
                        + "'.' are not allowed: Key user");
        assertError(() -> exec("UPDATE events SET v = 1 WHERE user = 'u' AND seq = 1 AND seq = 2"),
                ErrorType.ValidationException, "Multiple conditions on same key seq");
    }

    @Test
    void deleteWithAndWithoutCondition() {
        exec("INSERT INTO accounts VALUE {'id': 'a', 'v': 1}");
        exec("DELETE FROM accounts WHERE id = 'absent'");
        assertError(() -> exec("DELETE FROM accounts WHERE id = 'a' AND v <> 1"),
                ErrorType.ConditionalCheckFailedException, "conditional");
        ExecuteStatementResponse response = exec("DELETE FROM accounts WHERE 'a' = id RETURNING ALL OLD *");
        assertThat(response.items()).containsExactly(Item.of(Map.of("id", s("a"), "v", n(1))));
        assertThat(get("accounts", Map.of("id", s("a")))).isNull();
    }

    @Test
    void selectOnThePartitionKeyIsAQueryInSortKeyOrder() {
        fill();
        assertThat(seqs(exec("SELECT * FROM events WHERE user = 'u1'"))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(seqs(exec("SELECT * FROM events WHERE user = 'u1' ORDER BY seq DESC")))
                .containsExactly(4L, 3L, 2L, 1L, 0L);
        assertThat(seqs(exec("SELECT * FROM events WHERE user = 'u1' AND seq BETWEEN 1 AND 3")))
                .containsExactly(1L, 2L, 3L);
        assertThat(seqs(exec("SELECT * FROM events WHERE user = 'u1' AND 2 < seq"))).containsExactly(3L, 4L);
        assertThat(seqs(exec("SELECT * FROM events WHERE user = 'u1' AND seq <> 2 AND kind = 'even'")))
                .containsExactly(0L, 4L);
        assertThat(seqs(exec("SELECT * FROM events WHERE user IN ['u0', 'u2'] AND seq = 1"))).containsExactly(1L, 1L);
        ExecuteStatementResponse read = engine.executeStatement(new ExecuteStatementRequest(
                "SELECT * FROM events WHERE user = 'u1'", List.of(), false, null, null, ReturnConsumedCapacity.TOTAL,
                null));
        assertThat(read.consumedCapacity().tableName()).isEqualTo("events");
        assertThat(read.consumedCapacity().readCapacityUnits()).isEqualTo(0.5);
    }

    @Test
    void whereOperatorsFilterAScan() {
        fill();
        assertThat(exec("SELECT * FROM events WHERE kind = 'odd'").items()).hasSize(6);
        assertThat(exec("SELECT * FROM events WHERE NOT kind = 'odd' AND seq IN (0, 4)").items()).hasSize(6);
        assertThat(exec("SELECT * FROM events WHERE begins_with(kind, 'ev') OR seq = 1").items()).hasSize(12);
        assertThat(exec("SELECT * FROM events WHERE contains(tags, 'a') AND size(tags) = 2").items()).hasSize(15);
        assertThat(exec("SELECT * FROM events WHERE attribute_type(doc, 'M') AND doc.list[2].deep = 'x'").items())
                .hasSize(15);
        assertThat(exec("SELECT * FROM events WHERE nothing IS MISSING AND kind IS NOT MISSING").items()).hasSize(15);
        assertThat(exec("SELECT * FROM events WHERE kind IS MISSING").items()).isEmpty();
        assertThat(exec("SELECT * FROM events WHERE seq NOT BETWEEN 1 AND 3").items()).hasSize(6);
    }

    @Test
    void projectionNamesPathsByTheirLastField() {
        fill();
        ExecuteStatementResponse response = exec("SELECT seq, doc.list[2].deep, doc.list[0], absent FROM events "
                + "WHERE user = 'u0' AND seq = 0");
        assertThat(response.items()).containsExactly(Item.of(Map.of("seq", n(0), "deep", s("x"), "list[0]", n(1))));
    }

    @Test
    void scanPagesWithNextTokenUntilEveryItemIsSeenOnce() {
        fill();
        List<Item> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ExecuteStatementResponse page = engine.executeStatement(new ExecuteStatementRequest(
                    "SELECT * FROM events WHERE kind = 'even'", List.of(), false, 4, token, null, null));
            seen.addAll(page.items());
            token = page.nextToken();
            pages++;
            assertThat(pages).isLessThan(20);
        } while (token != null);
        assertThat(seen).hasSize(9).doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(4);
    }

    @Test
    void queryOfSeveralPartitionsPagesAcrossThem() {
        fill();
        List<Long> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ExecuteStatementResponse page = engine.executeStatement(new ExecuteStatementRequest(
                    "SELECT * FROM events WHERE user IN ('u2', 'u0')", List.of(), true, 3, token, null, null));
            seen.addAll(seqs(page));
            token = page.nextToken();
            pages++;
            assertThat(pages).isLessThan(20);
        } while (token != null);
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aTokenOfAnotherStatementIsRefused() {
        fill();
        String token = engine.executeStatement(new ExecuteStatementRequest("SELECT * FROM events", List.of(), false,
                2, null, null, null)).nextToken();
        assertThat(token).isNotNull();
        assertError(() -> engine.executeStatement(new ExecuteStatementRequest("SELECT * FROM accounts", List.of(),
                false, 2, token, null, null)), ErrorType.ValidationException, "Invalid NextToken");
        assertError(() -> engine.executeStatement(new ExecuteStatementRequest("SELECT * FROM events", List.of(),
                false, 2, "garbage!", null, null)), ErrorType.ValidationException, "Invalid NextToken");
    }

    @Test
    void orderByNeedsAQueryOnTheKey() {
        assertError(() -> exec("SELECT * FROM events ORDER BY seq"), ErrorType.ValidationException,
                "Must have WHERE clause in the statement when using ORDER BY clause.");
        assertError(() -> exec("SELECT * FROM events WHERE kind = 'x' ORDER BY seq"), ErrorType.ValidationException,
                "hash key condition");
        assertError(() -> exec("SELECT * FROM events WHERE user = 'u' ORDER BY kind"), ErrorType.ValidationException,
                "must be part of the primary key");
    }

    @Test
    void parametersMustMatchTheStatement() {
        assertError(() -> exec("SELECT * FROM accounts WHERE id = ?"), ErrorType.ValidationException,
                "Number of parameters in request and statement don't match.");
        assertError(() -> exec("SELECT * FROM accounts WHERE id = 'a'", s("x")), ErrorType.ValidationException,
                "Number of parameters");
    }

    @Test
    void indexThatDoesNotExist() {
        assertError(() -> exec("SELECT * FROM \"events\".\"byKind\""), ErrorType.ValidationException,
                "The table does not have the specified index: byKind");
    }

    @Test
    void selectFromAnIndexReadsTheIndex() {
        engine.createTable(new CreateTableRequest("byKind", List.of(
                new keystorm.engine.api.AttributeDefinition("user", ScalarAttributeType.S),
                new keystorm.engine.api.AttributeDefinition("seq", ScalarAttributeType.N),
                new keystorm.engine.api.AttributeDefinition("kind", ScalarAttributeType.S)),
                List.of(new keystorm.engine.api.KeySchemaElement("user", keystorm.engine.api.KeyType.HASH),
                        new keystorm.engine.api.KeySchemaElement("seq", keystorm.engine.api.KeyType.RANGE)),
                keystorm.engine.api.BillingMode.PAY_PER_REQUEST, null,
                List.of(new keystorm.engine.api.GlobalSecondaryIndex("kindIndex",
                        List.of(new keystorm.engine.api.KeySchemaElement("kind", keystorm.engine.api.KeyType.HASH),
                                new keystorm.engine.api.KeySchemaElement("seq", keystorm.engine.api.KeyType.RANGE)),
                        keystorm.engine.api.Projection.keysOnly(), null)), List.of()));
        for (int i = 0; i < 6; i++) {
            exec("INSERT INTO byKind VALUE {'user': ?, 'seq': ?, 'kind': ?, 'extra': 'x'}", s("u" + (i % 2)), n(i),
                    s(i < 4 ? "small" : "big"));
        }
        ExecuteStatementResponse small = exec("SELECT * FROM \"byKind\".\"kindIndex\" WHERE kind = 'small' "
                + "ORDER BY seq DESC");
        assertThat(seqs(small)).containsExactly(3L, 2L, 1L, 0L);
        assertThat(small.items().get(0).attributes()).containsOnlyKeys("user", "seq", "kind");
        assertThat(exec("SELECT * FROM \"byKind\".\"kindIndex\"").items()).hasSize(6);
        assertError(() -> engine.executeStatement(new ExecuteStatementRequest(
                "SELECT * FROM \"byKind\".\"kindIndex\" WHERE kind = 'big'", List.of(), true, null, null, null,
                null)), ErrorType.ValidationException, "onsistent");
    }

    @Test
    void messagesInDynamoDbsWords() {
        exec("INSERT INTO accounts VALUE {'id': 'a', 'v': 1}");
        assertError(() -> exec("SELECT * FROM accounts WHERE foo(v)"), ErrorType.ValidationException,
                "Unrecognized function: foo");
        assertError(() -> exec("DELETE FROM accounts WHERE id = 'a' RETURNING ALL NEW *"),
                ErrorType.ValidationException, "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD "
                        + "* is allowed in DELETE statements.");
        assertError(() -> exec("INSERT INTO accounts VALUE {'id': 'b', 's': <<>>}"), ErrorType.ValidationException,
                "Empty bags are not supported");
        assertError(() -> exec("INSERT INTO accounts VALUE {'id': 'b', 's': <<'x', 'x'>>}"),
                ErrorType.ValidationException, "Input collection contains duplicates");
        assertError(() -> exec("INSERT INTO accounts VALUE {'id': 'b', 's': <<'x', 1>>}"),
                ErrorType.ValidationException, "Unsupported data type in Bag");
        assertError(() -> exec("SELECT id, id FROM accounts"), ErrorType.ValidationException,
                "Duplicate identifiers in select clause: id");
        assertError(() -> exec("UPDATE accounts SET v = 3 WHERE id = 'a' RETURNING ALL OLD v"),
                ErrorType.ValidationException, "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
        assertError(() -> exec("UPDATE accounts SET w = w + 1 WHERE id = 'a'"), ErrorType.ValidationException,
                "The provided expression refers to an attribute that does not exist in the item");
    }

    @Test
    void nullAndMissingAreDifferent() {
        exec("INSERT INTO accounts VALUE {'id': 'n', 'v': NULL}");
        exec("INSERT INTO accounts VALUE {'id': 'm'}");
        assertThat(ids(exec("SELECT * FROM accounts WHERE v IS NULL"))).containsExactly("n");
        assertThat(ids(exec("SELECT * FROM accounts WHERE v IS NOT NULL"))).containsExactly("m");
        assertThat(ids(exec("SELECT * FROM accounts WHERE v = NULL"))).containsExactly("n");
        assertThat(ids(exec("SELECT * FROM accounts WHERE v IS MISSING"))).containsExactly("m");
    }

    static List<String> ids(ExecuteStatementResponse response) {
        return response.items().stream().map(i -> ((AttributeValue.S) i.get("id")).value()).toList();
    }

    @Test
    void conditionFailureCanReturnTheItem() {
        exec("INSERT INTO accounts VALUE {'id': 'a', 'v': 1}");
        assertThatThrownBy(() -> engine.executeStatement(new ExecuteStatementRequest(
                "UPDATE accounts SET v = 2 WHERE id = 'a' AND v = 9", List.of(), false, null, null, null,
                keystorm.engine.api.ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(keystorm.engine.api.ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).isEqualTo(Item.of(Map.of("id", s("a"), "v", n(1)))));
    }

    @Test
    void existsOnlyInTransactions() {
        assertError(() -> exec("EXISTS(SELECT * FROM accounts WHERE id = 'a' AND v = 1)"),
                ErrorType.ValidationException, "EXISTS can only be used in ExecuteTransaction write requests.");
    }
}
