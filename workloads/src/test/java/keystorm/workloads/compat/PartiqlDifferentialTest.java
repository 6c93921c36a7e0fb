package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * PartiQL against DynamoDB Local 3.1.0 and {@code keystorm serve}: the same items put on both through the item
 * API, then the same ExecuteStatement, BatchExecuteStatement and ExecuteTransaction calls, which must give the same
 * items, pages, error types, messages where the two agree, cancellation reasons and per-statement errors.
 *
 * <p>DynamoDB Local's departures from the service, each left out of the comparison (keystorm follows the service):
 * <ul>
 * <li>Error code of an INSERT on an existing item: DynamoDB Local's {@code __type} is {@code DuplicateItem}, the
 * service model's is {@code DuplicateItemException} (the SDK knows the latter's class). Compared after mapping the
 * one to the other; in BatchExecuteStatement both write the code {@code DuplicateItem}.
 * <li>ConsumedCapacity: DynamoDB Local answers none for any PartiQL operation, whatever ReturnConsumedCapacity asks;
 * the service answers it. Not compared.
 * <li>ORDER BY ... DESC: DynamoDB Local answers 500 InternalFailure. Not compared (keystorm's engine tests own it).
 * <li>Request validation: DynamoDB Local answers a missing Statement, a wrong JSON type or an empty Statements list
 * with a 500 InternalFailure or its own words ("The statement was empty.", "ExecutePartiQLTransaction can not have
 * empty statement."), a 26-statement batch with "BatchGetItem cannot fetch more than 25 items"; the service's request
 * validation answers them first ("1 validation error detected: ..."). Compared: the error type where Local gives a
 * 400; the server's own tests (PartiqlJsonTest) hold the words.
 * <li>More Parameters than the statement has {@code ?}: DynamoDB Local runs the statement and ignores the rest.
 * Not compared.
 * <li>BatchExecuteStatement writes with two statements on one key: DynamoDB Local applies the first ones before it
 * refuses the batch ("Provided list of item keys contains duplicates"). Not compared (the state would part).
 * <li>An INSERT of an item that exists, in ExecuteTransaction: DynamoDB Local cancels with the reason
 * {@code ValidationError} and the words "Duplicate primary key exists in table"; keystorm with {@code DuplicateItem}
 * (the code the service's BatchStatementError and ExecuteStatement use for it). Compared after reading the one as the
 * other.
 * <li>The words of a missing table: DynamoDB Local's "Cannot do operations on a non-existent table" (and "Requested
 * resource not found" in a read transaction); keystorm's "Requested resource not found: Table: T not found".
 * Compared by type (by code in a batch).
 * <li>The words of a syntax error: "Statement wasn't well formed, can't be processed: ..." in both where keystorm's
 * parser reports the same place; compared by type only, as each names the token its own way.
 * <li>Scan order: each store hashes its own way. A SELECT without the partition key is compared as a set of items,
 * its pages by their total.
 * </ul>
 */
class PartiqlDifferentialTest {
    static Peers peers;

    @BeforeAll
    static void start() throws Exception {
        peers = new Peers();
        for (DynamoDbClient client : clients()) {
            client.createTable(b -> b.tableName("songs").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("artist").attributeType("S"),
                            a -> a.attributeName("n").attributeType("N"))
                    .keySchema(k -> k.attributeName("artist").keyType(KeyType.HASH),
                            k -> k.attributeName("n").keyType(KeyType.RANGE)));
            client.createTable(b -> b.tableName("users").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            for (int i = 0; i < 24; i++) {
                Map<String, AttributeValue> item = new LinkedHashMap<>();
                item.put("artist", s("a" + i % 3));
                item.put("n", n(i));
                item.put("title", s("t" + (i * 7) % 10));
                if (i % 4 != 3) {
                    item.put("plays", n(i * 11 % 17));
                }
                if (i % 5 == 0) {
                    item.put("tags", AttributeValue.fromSs(List.of("x", "y" + i)));
                }
                item.put("info", AttributeValue.fromM(Map.of("year", n(1990 + i), "labels",
                        AttributeValue.fromL(List.of(s("l" + i), s("m"))))));
                client.putItem(b -> b.tableName("songs").item(item));
            }
            for (int i = 0; i < 9; i++) {
                int u = i;
                client.putItem(b -> b.tableName("users").item(Map.of("id", s("u" + u), "v", n(u))));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    private static List<DynamoDbClient> clients() {
        return List.of(peers.localClient, peers.keystormClient);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** The same call on both stores: the same answer, or the same error code and message. */
    private static void same(String what, Function<DynamoDbClient, Object> call) {
        Object local = outcome(peers.localClient, call);
        Object keystorm = outcome(peers.keystormClient, call);
        assertThat(keystorm).as(what).isEqualTo(local);
    }

    /** The same call on both: the same answer, or the same error code (the messages are each store's own). */
    private static void sameType(String what, Function<DynamoDbClient, Object> call) {
        Object local = type(outcome(peers.localClient, call));
        Object keystorm = type(outcome(peers.keystormClient, call));
        assertThat(keystorm).as(what).isEqualTo(local);
    }

    private static Object type(Object outcome) {
        return outcome instanceof Failure f ? f.code() : outcome;
    }

    /** A refusal: its code (DynamoDB Local's DuplicateItem read as the service's DuplicateItemException) and words. */
    record Failure(String code, String message, Object details) {
    }

    /** DynamoDB Local's words for an INSERT of an item that exists. */
    static final String DUPLICATE = "Duplicate primary key exists in table";

    private static Object outcome(DynamoDbClient client, Function<DynamoDbClient, Object> call) {
        try {
            return call.apply(client);
        } catch (TransactionCanceledException e) {
            List<String> reasons = e.cancellationReasons().stream().map(r -> (DUPLICATE.equals(r.message())
                    && "ValidationError".equals(r.code()) ? "DuplicateItem" : r.code())
                    + (r.hasItem() ? " " + canon(r.item()) : "")).toList();
            return new Failure("TransactionCanceledException", null, reasons);
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails().errorCode();
            return new Failure("DuplicateItem".equals(code) ? "DuplicateItemException" : code,
                    e.awsErrorDetails().errorMessage(), null);
        }
    }

    private static List<Object> items(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> (Object) canon(i)).toList();
    }

    /** An item as text, maps at every depth in name order (each store keeps its own order of a map's entries). */
    static String canon(Map<String, AttributeValue> item) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(item).forEach((name, value) -> out.append(name).append('=').append(canon(value)).append(", "));
        return out.append('}').toString();
    }

    static String canon(AttributeValue value) {
        return switch (value.type()) {
            case M -> "M" + canon(value.m());
            case L -> "L" + value.l().stream().map(PartiqlDifferentialTest::canon).toList();
            case SS -> "SS" + new TreeSet<>(value.ss());
            case NS -> "NS" + new TreeSet<>(value.ns());
            default -> value.toString();
        };
    }

    private static TreeSet<Object> set(List<Map<String, AttributeValue>> items) {
        return new TreeSet<>(items(items));
    }

    private static ExecuteStatementResponse execute(DynamoDbClient c, String statement, AttributeValue... parameters) {
        return c.executeStatement(b -> {
            b.statement(statement).consistentRead(true);
            if (parameters.length > 0) {
                b.parameters(parameters);
            }
        });
    }

    private static String get(DynamoDbClient c, String table, Map<String, AttributeValue> key) {
        var response = c.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        return response.hasItem() ? canon(response.item()) : null;
    }

    @Test
    void selectsOfOneKeyOnePartitionAndTheWholeTableAnswerTheSame() {
        same("one key", c -> items(execute(c, "SELECT * FROM \"songs\" WHERE artist = ? AND n = ?", s("a1"), n(4)).items()));
        same("missing key", c -> items(execute(c, "SELECT * FROM songs WHERE artist = 'a9' AND n = 1").items()));
        same("one partition, in sort key order", c -> items(execute(c, "SELECT * FROM songs WHERE artist = ?", s("a2")).items()));
        same("projection and nested paths", c -> items(execute(c,
                "SELECT title, info.\"year\", info.labels[0] FROM songs WHERE artist = 'a0'").items()));
        for (String where : List.of("n BETWEEN 3 AND 12", "n > 5 AND plays < 9", "n IN (1, 4, 7, 100)",
                "begins_with(title, 't1')", "plays IS MISSING", "plays IS NOT MISSING", "contains(tags, 'x')",
                "attribute_type(tags, 'SS')", "size(title) = 2", "NOT (plays >= 5)", "plays = 3 OR plays = 10",
                "info.\"year\" > 2000", "info.labels[1] = 'm'", "title <> 't0'")) {
            same("partition where " + where, c -> items(execute(c, "SELECT * FROM songs WHERE artist = 'a1' AND ("
                    + where + ")").items()));
            same("scan where " + where, c -> set(execute(c, "SELECT * FROM songs WHERE " + where).items()));
        }
        same("the whole table", c -> set(execute(c, "SELECT * FROM \"users\"").items()));
        same("ascending order by the sort key", c -> items(execute(c,
                "SELECT n FROM songs WHERE artist = 'a0' ORDER BY n ASC").items()));
    }

    @Test
    void pagesEndAtTheSameLimitsAndHoldTheSameItems() {
        for (int limit : List.of(1, 2, 5, 8, 9)) {
            same("partition pages of " + limit, c -> pages(c, "SELECT * FROM songs WHERE artist = 'a1'", limit, true));
            same("partition pages of " + limit + " with a filter", c -> pages(c,
                    "SELECT * FROM songs WHERE artist = 'a1' AND plays > 6", limit, true));
            same("scan pages of " + limit, c -> pages(c, "SELECT * FROM users", limit, false));
        }
        sameType("a token that is not one", c -> c.executeStatement(b -> b.statement("SELECT * FROM users")
                .nextToken("garbage")).items());
    }

    /** Every page of a SELECT: each page's items (in order, or only their count) and the items as a set. */
    private static Object pages(DynamoDbClient c, String statement, int limit, boolean ordered) {
        List<Object> pages = new ArrayList<>();
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        String token = null;
        int total = 0;
        do {
            String from = token;
            ExecuteStatementResponse page = c.executeStatement(b -> b.statement(statement).limit(limit).nextToken(from)
                    .consistentRead(true));
            all.addAll(page.items());
            total++;
            token = page.nextToken();
            if (ordered) {
                pages.add(items(page.items()));
            }
        } while (token != null && total < 50);
        return List.of(pages, set(all), ordered ? total : all.size());
    }

    @Test
    void writesLeaveTheSameItemsAndRefuseTheSameWay() {
        same("insert", c -> items(execute(c, "INSERT INTO users VALUE {'id': 'w1', 'v': 1, 'l': [1, 2], 's': <<'a', 'b'>>,"
                + " 'm': {'x': 'y'}}").items()));
        same("insert again", c -> items(execute(c, "INSERT INTO users VALUE {'id': 'w1', 'v': 2}").items()));
        same("insert with parameters", c -> items(execute(c, "INSERT INTO users VALUE {'id': ?, 'v': ?}", s("w2"), n(7)).items()));
        same("update", c -> items(execute(c, "UPDATE users SET v = v + 10 SET l = list_append(l, [3]) "
                + "SET s = set_add(s, <<'c'>>) REMOVE m WHERE id = 'w1'").items()));
        same("after the update", c -> get(c, "users", Map.of("id", s("w1"))));
        same("update with a condition that holds", c -> items(execute(c,
                "UPDATE users SET v = 20 WHERE id = 'w1' AND v = 11").items()));
        same("update with a condition that fails", c -> items(execute(c,
                "UPDATE users SET v = 30 WHERE id = 'w1' AND v = 11").items()));
        same("update with a condition that fails, ALL_OLD", c -> {
            try {
                return items(c.executeStatement(b -> b.statement("UPDATE users SET v = 30 WHERE id = 'w1' AND v = 11")
                        .returnValuesOnConditionCheckFailure("ALL_OLD")).items());
            } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
                return List.of(e.awsErrorDetails().errorCode(), e.hasItem() ? canon(e.item()) : "no item");
            }
        });
        same("update of a missing item", c -> items(execute(c, "UPDATE users SET v = 1 WHERE id = 'nobody'").items()));
        same("after it", c -> get(c, "users", Map.of("id", s("nobody"))));
        same("update without the key", c -> items(execute(c, "UPDATE users SET v = 1 WHERE v = 3").items()));
        same("delete", c -> items(execute(c, "DELETE FROM users WHERE id = 'w2'").items()));
        same("after the delete", c -> get(c, "users", Map.of("id", s("w2"))));
        same("delete of a missing item", c -> items(execute(c, "DELETE FROM users WHERE id = 'w2'").items()));
        same("delete with a condition that fails", c -> items(execute(c, "DELETE FROM users WHERE id = 'w1' AND v = 0").items()));
        sameType("a missing table", c -> items(execute(c, "SELECT * FROM \"nothere\" WHERE id = 'a'").items()));
        sameType("an insert into a missing table", c -> items(execute(c, "INSERT INTO nothere VALUE {'id': 'a'}").items()));
        sameType("a syntax error", c -> items(execute(c, "SELEC * FROM users").items()));
        same("too few parameters", c -> items(execute(c, "SELECT * FROM users WHERE id = ?").items()));
        sameType("Limit 0", c -> c.executeStatement(b -> b.statement("SELECT * FROM users").limit(0)).items());
    }

    @Test
    void transactionsCommitOrCancelWithTheSameReasons() {
        same("transfer", c -> c.executeTransaction(b -> b.transactStatements(
                statement("UPDATE users SET v = v - 1 WHERE id = ? AND v >= 1", s("u5")),
                statement("UPDATE users SET v = v + 1 WHERE id = ?", s("u6")))).responses().size());
        same("after it", c -> List.of(get(c, "users", Map.of("id", s("u5"))), get(c, "users", Map.of("id", s("u6")))));
        same("overdraft", c -> c.executeTransaction(b -> b.transactStatements(
                statement("UPDATE users SET v = v + 1 WHERE id = ?", s("u6")),
                statement("UPDATE users SET v = v - 100 WHERE id = ? AND v >= 100", s("u5")))).responses().size());
        same("overdraft, ALL_OLD", c -> c.executeTransaction(b -> b.transactStatements(
                statement("UPDATE users SET v = v + 1 WHERE id = ?", s("u6")),
                ParameterizedStatement.builder().statement("UPDATE users SET v = v - 100 WHERE id = ? AND v >= 100")
                        .parameters(s("u5")).returnValuesOnConditionCheckFailure("ALL_OLD").build())).responses().size());
        same("insert of an item that exists", c -> c.executeTransaction(b -> b.transactStatements(
                statement("INSERT INTO users VALUE {'id': 'u1', 'v': 0}"),
                statement("UPDATE users SET v = 5 WHERE id = 'u2'"))).responses().size());
        same("a failed EXISTS", c -> c.executeTransaction(b -> b.transactStatements(
                statement("EXISTS(SELECT * FROM users WHERE id = 'u3' AND v = 1000)"),
                statement("UPDATE users SET v = 5 WHERE id = 'u2'"))).responses().size());
        same("a held EXISTS", c -> c.executeTransaction(b -> b.transactStatements(
                statement("EXISTS(SELECT * FROM users WHERE id = 'u3' AND v = 3)"),
                statement("UPDATE users SET v = 5 WHERE id = 'u2'"))).responses().size());
        same("after them", c -> List.of(get(c, "users", Map.of("id", s("u1"))), get(c, "users", Map.of("id", s("u2")))));
        same("a read transaction", c -> c.executeTransaction(b -> b.transactStatements(
                statement("SELECT * FROM users WHERE id = 'u1'"), statement("SELECT * FROM users WHERE id = 'zz'"),
                statement("SELECT * FROM songs WHERE artist = 'a0' AND n = 3"))).responses().stream()
                .map(PartiqlDifferentialTest::item).toList());
        same("reads and writes together", c -> c.executeTransaction(b -> b.transactStatements(
                statement("SELECT * FROM users WHERE id = 'u1'"), statement("UPDATE users SET v = 1 WHERE id = 'u2'")))
                .responses().size());
        same("two statements on one item", c -> c.executeTransaction(b -> b.transactStatements(
                statement("UPDATE users SET v = 1 WHERE id = 'u2'"), statement("UPDATE users SET v = 2 WHERE id = 'u2'")))
                .responses().size());
        same("a read of a partition", c -> c.executeTransaction(b -> b.transactStatements(
                statement("SELECT * FROM songs WHERE artist = 'a0'"))).responses().size());
    }

    private static Object item(ItemResponse response) {
        return response.hasItem() ? canon(response.item()) : "{}";
    }

    @Test
    void batchesAnswerEachStatementTheSameWay() {
        same("reads", c -> batch(c.batchExecuteStatement(b -> b.statements(
                batchStatement("SELECT * FROM songs WHERE artist = 'a2' AND n = 5"),
                batchStatement("SELECT * FROM songs WHERE artist = 'a2' AND n = 6"),
                batchStatement("SELECT * FROM users WHERE id = ?", s("u4")),
                batchStatement("SELECT * FROM \"gone\" WHERE id = 'a'"))).responses()));
        same("a read of a partition", c -> batch(c.batchExecuteStatement(b -> b.statements(
                batchStatement("SELECT * FROM songs WHERE artist = 'a2'"))).responses()));
        same("writes", c -> batch(c.batchExecuteStatement(b -> b.statements(
                batchStatement("INSERT INTO users VALUE {'id': 'u0', 'v': 0}"),
                batchStatement("INSERT INTO users VALUE {'id': 'b1', 'v': 0}"),
                BatchStatementRequest.builder().statement("UPDATE users SET v = 9 WHERE id = 'u7' AND v = 100")
                        .returnValuesOnConditionCheckFailure("ALL_OLD").build(),
                batchStatement("UPDATE users SET v = 9 WHERE id = 'u8' AND v = 100"),
                batchStatement("DELETE FROM users WHERE id = 'missing'"))).responses()));
        same("after them", c -> set(c.scan(b -> b.tableName("users").consistentRead(true)).items()));
        same("reads and writes together", c -> batch(c.batchExecuteStatement(b -> b.statements(
                batchStatement("SELECT * FROM users WHERE id = 'u1'"),
                batchStatement("INSERT INTO users VALUE {'id': 'b2'}"))).responses()));
        sameType("a syntax error in one", c -> batch(c.batchExecuteStatement(b -> b.statements(
                batchStatement("SELEC * FROM users"), batchStatement("SELECT * FROM users WHERE id = 'u1'"))).responses())
                .stream().map(r -> r instanceof List<?> l ? l.get(0) : r).toList());
    }

    /** Each answer: its table, its item, and its error's code, message and item. */
    private static List<Object> batch(List<BatchStatementResponse> responses) {
        return responses.stream().map(r -> (Object) List.of(String.valueOf(r.tableName()),
                r.hasItem() ? canon(r.item()) : "-",
                r.error() == null ? "-" : r.error().codeAsString()
                        + (r.error().codeAsString().equals("ResourceNotFound") ? "" : ": " + r.error().message())
                        + (r.error().hasItem() ? " " + canon(r.error().item()) : ""))).toList();
    }

    private static ParameterizedStatement statement(String statement, AttributeValue... parameters) {
        var b = ParameterizedStatement.builder().statement(statement);
        if (parameters.length > 0) {
            b.parameters(parameters);
        }
        return b.build();
    }

    private static BatchStatementRequest batchStatement(String statement, AttributeValue... parameters) {
        var b = BatchStatementRequest.builder().statement(statement).consistentRead(true);
        if (parameters.length > 0) {
            b.parameters(parameters);
        }
        return b.build();
    }
}
