package keystorm.engine.partiql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.BatchExecuteStatementRequest;
import keystorm.engine.api.BatchStatementRequest;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExecuteTransactionRequest;
import keystorm.engine.api.ParameterizedStatement;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * PartiQL statements and the item API calls they stand for, run on two engines from the same start,
 * answer the same: the same items (SELECT as Query or Scan with a FilterExpression, RETURNING as
 * ReturnValues) and the same errors (DuplicateItem where PutItem's attribute_not_exists failed). jqwik
 * generates the operations themselves (keys, values, conditions as trees), so a failure shrinks to a
 * short sequence of small statements.
 */
class PartiqlEquivalenceProperties {

    // ---- the generated structure

    /** A condition on the non-key attributes a (a number) and b (a string). */
    sealed interface Cond {
    }

    record Cmp(String attribute, String op, AttributeValue value) implements Cond {
    }

    record Present(String attribute, boolean present) implements Cond {
    }

    record Prefix(String prefix) implements Cond {
    }

    record Range(int low, int high) implements Cond {
    }

    record Both(Cond left, Cond right, boolean and) implements Cond {
    }

    record Negated(Cond operand) implements Cond {
    }

    sealed interface Op {
    }

    record Insert(String pk, int sk, Integer a, String b) implements Op {
    }

    record Update(String pk, int sk, int delta, String b, Cond condition) implements Op {
    }

    record Delete(String pk, int sk, Cond condition) implements Op {
    }

    record SelectPartition(String pk, Cond filter) implements Op {
    }

    record ScanAll(Cond filter) implements Op {
    }

    /** An ExecuteTransaction moving {@code amount} of a from one item to another (which may be the same: refused). */
    record Transfer(String fromPk, int fromSk, String toPk, int toSk, int amount) implements Op {
    }

    /** A BatchExecuteStatement of INSERTs, each answered on its own. */
    record InsertBatch(List<Insert> inserts) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return op().list().ofMinSize(1).ofMaxSize(25);
    }

    private Arbitrary<Op> op() {
        Arbitrary<String> pk = Arbitraries.of("p0", "p1", "p2");
        Arbitrary<Integer> sk = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> a = Arbitraries.integers().between(0, 4).injectNull(0.3);
        Arbitrary<String> b = Arbitraries.of("x", "y", "xy").injectNull(0.3);
        Arbitrary<Cond> optionalCond = cond(2).injectNull(0.3);
        return Arbitraries.oneOf(
                Combinators.combine(pk, sk, a, b).as(Insert::new),
                Combinators.combine(pk, sk, Arbitraries.integers().between(-2, 2), b, optionalCond).as(Update::new),
                Combinators.combine(pk, sk, optionalCond).as(Delete::new),
                Combinators.combine(pk, optionalCond).as(SelectPartition::new),
                optionalCond.map(ScanAll::new),
                Combinators.combine(pk, sk, pk, sk, Arbitraries.integers().between(0, 3)).as(Transfer::new),
                Combinators.combine(pk, sk, a, b).as(Insert::new).list().ofMinSize(1).ofMaxSize(4)
                        .map(InsertBatch::new));
    }

    private Arbitrary<Cond> cond(int depth) {
        Arbitrary<Cond> leaf = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("=", "<>", "<", "<=", ">", ">="),
                        Arbitraries.integers().between(0, 4)).as((op, v) -> new Cmp("a", op, AttributeValue.n(v))),
                Combinators.combine(Arbitraries.of("=", "<>", "<"), Arbitraries.of("x", "y", "xy"))
                        .as((op, v) -> new Cmp("b", op, AttributeValue.s(v))),
                Combinators.combine(Arbitraries.of("a", "b"), Arbitraries.of(true, false)).as(Present::new),
                Arbitraries.of("x", "y").map(Prefix::new),
                Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(2, 4))
                        .as(Range::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Cond> smaller = Arbitraries.lazy(() -> cond(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, Combinators.combine(smaller, smaller, Arbitraries.of(true, false))
                        .as(Both::new)),
                net.jqwik.api.Tuple.of(1, smaller.map(Negated::new)));
    }

    // ---- rendering: PartiQL with ? parameters, and the expression language with :v placeholders

    private static String partiql(Cond cond, List<AttributeValue> parameters) {
        return switch (cond) {
            case Cmp cmp -> {
                parameters.add(cmp.value());
                yield cmp.attribute() + " " + cmp.op() + " ?";
            }
            case Present present -> present.attribute() + (present.present() ? " IS NOT MISSING" : " IS MISSING");
            case Prefix prefix -> {
                parameters.add(AttributeValue.s(prefix.prefix()));
                yield "begins_with(b, ?)";
            }
            case Range range -> {
                parameters.add(AttributeValue.n(range.low()));
                parameters.add(AttributeValue.n(range.high()));
                yield "a BETWEEN ? AND ?";
            }
            case Both both -> "(" + partiql(both.left(), parameters) + (both.and() ? " AND " : " OR ")
                    + partiql(both.right(), parameters) + ")";
            case Negated negated -> "NOT (" + partiql(negated.operand(), parameters) + ")";
        };
    }

    private static String expression(Cond cond, Map<String, AttributeValue> values) {
        return switch (cond) {
            case Cmp cmp -> cmp.attribute() + " " + cmp.op() + " " + value(values, cmp.value());
            case Present present -> (present.present() ? "attribute_exists(" : "attribute_not_exists(")
                    + present.attribute() + ")";
            case Prefix prefix -> "begins_with(b, " + value(values, AttributeValue.s(prefix.prefix())) + ")";
            case Range range -> "a BETWEEN " + value(values, AttributeValue.n(range.low())) + " AND "
                    + value(values, AttributeValue.n(range.high()));
            case Both both -> "(" + expression(both.left(), values) + (both.and() ? " AND " : " OR ")
                    + expression(both.right(), values) + ")";
            case Negated negated -> "NOT (" + expression(negated.operand(), values) + ")";
        };
    }

    private static String value(Map<String, AttributeValue> values, AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    private static ExpressionInput input(Map<String, AttributeValue> values) {
        return new ExpressionInput(null, values.isEmpty() ? null : values);
    }

    // ---- the property

    /** What one side answered: its items (in order, or sorted for a Scan), or its error type. */
    record Outcome(List<Item> items, ErrorType error, List<String> reasons) {
    }

    private static Outcome outcome(Supplier<List<Item>> call) {
        try {
            return new Outcome(call.get(), null, List.of());
        } catch (TransactionCanceledException e) {
            return new Outcome(List.of(), e.type(), e.reasons().stream().map(CancellationReason::code).toList());
        } catch (DynamoException e) {
            return new Outcome(List.of(), duplicateAsFailedCondition(e.type()), List.of());
        }
    }

    /** INSERT's failed attribute_not_exists is DuplicateItem where PutItem's is ConditionalCheckFailed. */
    private static ErrorType duplicateAsFailedCondition(ErrorType type) {
        return type == ErrorType.DuplicateItemException ? ErrorType.ConditionalCheckFailedException : type;
    }

    /** One statement's answer in a batch, as an item: its error code, or "ok". */
    private static Item answer(String code) {
        return Item.of(Map.of("answer", AttributeValue.s(code)));
    }

    private static Engine engine() {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        engine.createTable(CreateTableRequest.onDemand("tbl", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N));
        return engine;
    }

    @Property(tries = 150)
    void partiqlAnswersAsTheItemApi(@ForAll("operations") List<Op> operations) {
        Engine partiql = engine();
        Engine items = engine();
        for (Op op : operations) {
            Outcome viaPartiql = outcome(() -> viaPartiql(partiql, op));
            Outcome viaItems = outcome(() -> viaItemApi(items, op));
            if (op instanceof ScanAll) {
                viaPartiql = sorted(viaPartiql);
                viaItems = sorted(viaItems);
            }
            assertThat(viaPartiql).as("%s", op).isEqualTo(viaItems);
        }
        assertThat(sorted(outcome(() -> viaPartiql(partiql, new ScanAll(null)))))
                .isEqualTo(sorted(outcome(() -> viaItemApi(items, new ScanAll(null)))));
    }

    private static Outcome sorted(Outcome outcome) {
        List<Item> sorted = new ArrayList<>(outcome.items());
        sorted.sort(java.util.Comparator.comparing((Item i) -> String.valueOf(i.get("pk"))).thenComparing(i -> String.valueOf(i.get("sk"))));
        return new Outcome(sorted, outcome.error(), outcome.reasons());
    }

    private static List<Item> viaPartiql(Engine engine, Op op) {
        if (op instanceof Transfer transfer) {
            engine.executeTransaction(new ExecuteTransactionRequest(List.of(
                    new ParameterizedStatement("UPDATE tbl SET a = a - ? WHERE pk = ? AND sk = ? AND a >= ?",
                            List.of(AttributeValue.n(transfer.amount()), AttributeValue.s(transfer.fromPk()),
                                    AttributeValue.n(transfer.fromSk()), AttributeValue.n(transfer.amount())), null),
                    new ParameterizedStatement("UPDATE tbl SET a = a + ? WHERE pk = ? AND sk = ?",
                            List.of(AttributeValue.n(transfer.amount()), AttributeValue.s(transfer.toPk()),
                                    AttributeValue.n(transfer.toSk())), null)), null, null));
            return List.of();
        }
        if (op instanceof InsertBatch batch) {
            List<BatchStatementRequest> statements = new ArrayList<>();
            for (Insert insert : batch.inserts()) {
                List<AttributeValue> parameters = new ArrayList<>();
                statements.add(new BatchStatementRequest(insertStatement(insert, parameters), parameters, false, null));
            }
            return engine.batchExecuteStatement(new BatchExecuteStatementRequest(statements, null)).responses()
                    .stream().map(r -> answer(r.error() == null ? "ok" : r.error().code())).toList();
        }
        List<AttributeValue> parameters = new ArrayList<>();
        String statement = switch (op) {
            case Insert insert -> insertStatement(insert, parameters);
            case Transfer transfer -> throw new IllegalStateException("run above");
            case InsertBatch batch -> throw new IllegalStateException("run above");
            case Update update -> {
                StringBuilder text = new StringBuilder("UPDATE tbl SET a = a + ?");
                parameters.add(AttributeValue.n(update.delta()));
                if (update.b() != null) {
                    text.append(", b = ?");
                    parameters.add(AttributeValue.s(update.b()));
                }
                text.append(" WHERE pk = ? AND sk = ?");
                parameters.add(AttributeValue.s(update.pk()));
                parameters.add(AttributeValue.n(update.sk()));
                if (update.condition() != null) {
                    text.append(" AND ").append(partiql(update.condition(), parameters));
                }
                yield text.append(" RETURNING ALL NEW *").toString();
            }
            case Delete delete -> {
                parameters.add(AttributeValue.s(delete.pk()));
                parameters.add(AttributeValue.n(delete.sk()));
                yield "DELETE FROM tbl WHERE pk = ? AND sk = ?" + (delete.condition() == null ? ""
                        : " AND " + partiql(delete.condition(), parameters)) + " RETURNING ALL OLD *";
            }
            case SelectPartition select -> {
                parameters.add(AttributeValue.s(select.pk()));
                yield "SELECT * FROM tbl WHERE pk = ?" + (select.filter() == null ? ""
                        : " AND " + partiql(select.filter(), parameters));
            }
            case ScanAll scan -> "SELECT * FROM tbl" + (scan.filter() == null ? ""
                    : " WHERE " + partiql(scan.filter(), parameters));
        };
        return engine.executeStatement(new ExecuteStatementRequest(statement, parameters, true, null, null, null,
                null)).items();
    }

    private static String insertStatement(Insert insert, List<AttributeValue> parameters) {
        parameters.add(AttributeValue.s(insert.pk()));
        parameters.add(AttributeValue.n(insert.sk()));
        StringBuilder text = new StringBuilder("INSERT INTO \"tbl\" VALUE {'pk': ?, 'sk': ?");
        if (insert.a() != null) {
            text.append(", 'a': ?");
            parameters.add(AttributeValue.n(insert.a()));
        }
        if (insert.b() != null) {
            text.append(", 'b': ?");
            parameters.add(AttributeValue.s(insert.b()));
        }
        return text.append("}").toString();
    }

    private static PutItemRequest put(Insert insert) {
        Map<String, AttributeValue> attributes = new HashMap<>();
        attributes.put("pk", AttributeValue.s(insert.pk()));
        attributes.put("sk", AttributeValue.n(insert.sk()));
        if (insert.a() != null) {
            attributes.put("a", AttributeValue.n(insert.a()));
        }
        if (insert.b() != null) {
            attributes.put("b", AttributeValue.s(insert.b()));
        }
        return PutItemRequest.of("tbl", Item.of(attributes)).withCondition("attribute_not_exists(pk)", null);
    }

    private static List<Item> viaItemApi(Engine engine, Op op) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        return switch (op) {
            case Insert insert -> {
                engine.putItem(put(insert));
                yield List.of();
            }
            case Transfer transfer -> {
                AttributeValue amount = AttributeValue.n(transfer.amount());
                engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                        TransactWriteItem.Update.of("tbl", key(transfer.fromPk(), transfer.fromSk()), "SET a = a - :m",
                                "attribute_exists(pk) AND a >= :m", ExpressionInput.values(Map.of(":m", amount))),
                        TransactWriteItem.Update.of("tbl", key(transfer.toPk(), transfer.toSk()), "SET a = a + :m",
                                "attribute_exists(pk)", ExpressionInput.values(Map.of(":m", amount))))));
                yield List.of();
            }
            case InsertBatch batch -> {
                java.util.Set<Map<String, AttributeValue>> keys = new java.util.HashSet<>();
                for (Insert insert : batch.inserts()) {
                    if (!keys.add(key(insert.pk(), insert.sk()))) {
                        throw DynamoException.validation("Provided list of item keys contains duplicates");
                    }
                }
                List<Item> answers = new ArrayList<>();
                for (Insert insert : batch.inserts()) {
                    try {
                        engine.putItem(put(insert));
                        answers.add(answer("ok"));
                    } catch (DynamoException e) {
                        answers.add(answer(PartiqlBatches.error(new DynamoException(
                                e.type() == ErrorType.ConditionalCheckFailedException ? ErrorType.DuplicateItemException
                                        : e.type(), e.getMessage()), null).code()));
                    }
                }
                yield answers;
            }
            case Update update -> {
                String set = "SET a = a + " + value(values, AttributeValue.n(update.delta()))
                        + (update.b() == null ? "" : ", b = " + value(values, AttributeValue.s(update.b())));
                String condition = "attribute_exists(pk)" + (update.condition() == null ? ""
                        : " AND " + expression(update.condition(), values));
                Item item = engine.updateItem(new UpdateItemRequest("tbl", key(update.pk(), update.sk()), set, condition,
                        input(values), ReturnValue.ALL_NEW, null, null)).attributes();
                yield List.of(item);
            }
            case Delete delete -> {
                String condition = delete.condition() == null ? null : expression(delete.condition(), values);
                Item old = engine.deleteItem(new DeleteItemRequest("tbl", key(delete.pk(), delete.sk()), condition,
                        input(values), ReturnValue.ALL_OLD, null, null)).attributes();
                yield old == null ? List.of() : List.of(old);
            }
            case SelectPartition select -> {
                String keyCondition = "pk = " + value(values, AttributeValue.s(select.pk()));
                String filter = select.filter() == null ? null : expression(select.filter(), values);
                yield engine.query(new QueryRequest("tbl", keyCondition, filter, null, input(values), null, null, true,
                        null, null, null)).items();
            }
            case ScanAll scan -> {
                String filter = scan.filter() == null ? null : expression(scan.filter(), values);
                yield engine.scan(new ScanRequest("tbl", filter, null, input(values), null, null, true, null, null,
                        null, null)).items();
            }
        };
    }

    private static Map<String, AttributeValue> key(String pk, int sk) {
        return Map.of("pk", AttributeValue.s(pk), "sk", AttributeValue.n(sk));
    }
}
