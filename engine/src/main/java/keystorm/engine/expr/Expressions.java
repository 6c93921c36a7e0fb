package keystorm.engine.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.Limits;
import keystorm.engine.item.AttributeValue;

/**
 * The entry point to DynamoDB's expression languages. Each text is parsed once into a
 * placeholder-free tree and cached (a workload repeats a handful of expressions millions of
 * times); each request then binds the tree to its own ExpressionAttributeNames and Values.
 *
 * <p>The caches are bounded: when one reaches {@link Limits#expressionCacheEntriesMax()} texts it is emptied
 * and refills with what is in use. Parse errors are not cached (junk must not evict work).
 */
public final class Expressions {

    private static final ConcurrentHashMap<String, Cond> CONDITIONS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Cond> FILTERS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Cond> KEY_CONDITIONS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, ParsedUpdate> UPDATES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, List<Path>> PROJECTIONS = new ConcurrentHashMap<>();

    private Expressions() {
    }

    /** A ConditionExpression. */
    public static Condition condition(String text, ExpressionContext context) {
        return bindCondition(cached(CONDITIONS, text, t -> Parser.parseCondition(t, "ConditionExpression")),
                context, "ConditionExpression");
    }

    /** A FilterExpression: the same language as a condition, named so in errors. */
    public static Condition filter(String text, ExpressionContext context) {
        return bindCondition(cached(FILTERS, text, t -> Parser.parseCondition(t, "FilterExpression")),
                context, "FilterExpression");
    }

    /**
     * A Query's FilterExpression, which may not name the table's key attributes (the key
     * condition selects on those): naming one is a ValidationException that names it.
     */
    public static Condition queryFilter(String text, ExpressionContext context, java.util.Set<String> keyNames) {
        Binder binder = new Binder(context, "FilterExpression");
        Bound.Condition bound = binder.condition(cached(FILTERS, text, t -> Parser.parseCondition(t, "FilterExpression")));
        for (DocumentPath path : binder.paths()) {
            if (keyNames.contains(path.topLevelName())) {
                throw DynamoException.validation("Filter Expression can only contain non-primary key attributes: "
                        + "Primary key attribute: " + path.topLevelName());
            }
        }
        return item -> Evaluator.test(bound, item);
    }

    public static Update update(String text, ExpressionContext context) {
        return new BoundUpdate(cached(UPDATES, text, Parser::parseUpdate), context);
    }

    public static Projection projection(String text, ExpressionContext context) {
        return new BoundProjection(cached(PROJECTIONS, text, Parser::parseProjection), context);
    }

    /**
     * The top-level attribute names a ProjectionExpression names, its placeholders resolved: what
     * {@code dynamodb:Attributes} holds for a read. Rejects what {@link #projection} rejects.
     */
    public static java.util.Set<String> projectionNames(String text, ExpressionContext context) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Path path : cached(PROJECTIONS, text, Parser::parseProjection)) {
            names.add(context.resolve(path).topLevelName());
        }
        return names;
    }

    /**
     * The top-level attribute names a condition (ConditionExpression, FilterExpression: {@code kind})
     * reads, its placeholders resolved. Rejects what {@link #condition} rejects.
     */
    public static java.util.Set<String> conditionNames(String text, ExpressionContext context, String kind) {
        Binder binder = new Binder(context, kind);
        binder.condition(cached(kind.equals("FilterExpression") ? FILTERS : CONDITIONS, text,
                t -> Parser.parseCondition(t, kind)));
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (DocumentPath path : binder.paths()) {
            names.add(path.topLevelName());
        }
        return names;
    }

    /**
     * A KeyConditionExpression for a table keyed by {@code hashKeyName} and, if not null,
     * {@code rangeKeyName}: an equality on the partition key, and at most one condition on the
     * sort key (=, <, <=, >, >=, BETWEEN or begins_with), joined by AND.
     */
    public static KeyCondition keyCondition(String text, ExpressionContext context, String hashKeyName,
                                            String rangeKeyName) {
        Cond parsed = cached(KEY_CONDITIONS, text, t -> Parser.parseCondition(t, "KeyConditionExpression"));
        List<Cond> parts = new ArrayList<>();
        flattenAnd(parsed, parts);
        Binder binder = new Binder(context, "KeyConditionExpression");
        AttributeValue hashValue = null;
        SortKeyCondition sort = null;
        boolean nonKey = false;
        for (Cond part : parts) {
            KeyPart keyPart = keyPart(part, binder);
            if (keyPart.name().equals(hashKeyName) && keyPart.condition().op() == SortKeyCondition.Operator.EQ) {
                if (hashValue != null) {
                    throw DynamoException.validation("KeyConditionExpressions must only contain one condition per key");
                }
                hashValue = keyPart.condition().operands().getFirst();
            } else if (keyPart.name().equals(rangeKeyName)) {
                if (sort != null) {
                    throw DynamoException.validation("KeyConditionExpressions must only contain one condition per key");
                }
                sort = keyPart.condition();
            } else if (keyPart.name().equals(hashKeyName)) {
                throw DynamoException.validation("Query key condition not supported");
            } else {
                nonKey = true;
            }
        }
        if (hashValue == null) {
            throw DynamoException.validation("Query condition missed key schema element: " + hashKeyName);
        }
        if (nonKey) {
            // DynamoDB names the sort key a condition on another attribute may have meant; with no
            // sort key (a hash-only table, or a GSI whose only key is its hash key) there is none to name.
            throw DynamoException.validation(rangeKeyName != null && sort == null
                    ? "Query condition missed key schema element: " + rangeKeyName
                    : "Query key condition not supported");
        }
        return new KeyCondition(hashKeyName, hashValue, Optional.ofNullable(sort));
    }

    private record KeyPart(String name, SortKeyCondition condition) {
    }

    private static KeyPart keyPart(Cond part, Binder binder) {
        return switch (part) {
            case Cond.Compare compare when compare.comparator() != Cond.Comparator.NE -> {
                // the value may come first (":c < c"): the same condition seen from the key's side
                boolean reversed = !(compare.left() instanceof Operand.PathRef)
                        && compare.right() instanceof Operand.PathRef;
                String name = keyName(reversed ? compare.right() : compare.left(), binder);
                AttributeValue value = keyValue(reversed ? compare.left() : compare.right(), binder);
                SortKeyCondition.Operator op = switch (compare.comparator()) {
                    case EQ -> SortKeyCondition.Operator.EQ;
                    case LT -> reversed ? SortKeyCondition.Operator.GT : SortKeyCondition.Operator.LT;
                    case LE -> reversed ? SortKeyCondition.Operator.GE : SortKeyCondition.Operator.LE;
                    case GT -> reversed ? SortKeyCondition.Operator.LT : SortKeyCondition.Operator.GT;
                    case GE -> reversed ? SortKeyCondition.Operator.LE : SortKeyCondition.Operator.GE;
                    case NE -> throw new AssertionError("excluded by the guard");
                };
                yield new KeyPart(name, new SortKeyCondition(name, op, List.of(value)));
            }
            case Cond.Between between -> {
                String name = keyName(between.subject(), binder);
                AttributeValue lower = keyValue(between.lower(), binder);
                AttributeValue upper = keyValue(between.upper(), binder);
                binder.condition(between); // the bound-order checks
                yield new KeyPart(name, new SortKeyCondition(name, SortKeyCondition.Operator.BETWEEN,
                        List.of(lower, upper)));
            }
            case Cond.Function function when function.name() == Cond.FunctionName.begins_with -> {
                String name = keyName(function.arguments().get(0), binder);
                AttributeValue prefix = keyValue(function.arguments().get(1), binder);
                yield new KeyPart(name, new SortKeyCondition(name, SortKeyCondition.Operator.BEGINS_WITH,
                        List.of(prefix)));
            }
            case Cond.Compare compare -> throw DynamoException.validation(
                    "Unsupported operator on KeyConditionExpression: operator: " + compare.comparator().symbol);
            case Cond.Function function -> throw DynamoException.validation(
                    "Invalid KeyConditionExpression: Invalid function name; function: " + function.name());
            case Cond.Or ignored -> throw DynamoException.validation(
                    "Invalid operator used in KeyConditionExpression: OR");
            case Cond.Not ignored -> throw DynamoException.validation(
                    "Invalid operator used in KeyConditionExpression: NOT");
            case Cond.In ignored -> throw DynamoException.validation(
                    "Invalid operator used in KeyConditionExpression: IN");
            case Cond.And ignored -> throw new AssertionError("flattened");
        };
    }

    private static String keyName(Operand operand, Binder binder) {
        if (!(operand instanceof Operand.PathRef ref)) {
            throw DynamoException.validation(
                    "Invalid KeyConditionExpression: The left operand of a key condition must be a key attribute");
        }
        DocumentPath path = binder.path(ref.path());
        if (path.size() != 1) {
            throw DynamoException.validation(
                    "Invalid KeyConditionExpression: Key conditions cannot use nested attributes: " + path);
        }
        return path.topLevelName();
    }

    private static AttributeValue keyValue(Operand operand, Binder binder) {
        if (!(operand instanceof Operand.ValueRef ref)) {
            throw DynamoException.validation(
                    "Invalid KeyConditionExpression: The right operand of a key condition must be a value");
        }
        return binder.value(ref);
    }

    private static void flattenAnd(Cond cond, List<Cond> out) {
        if (cond instanceof Cond.And and) {
            flattenAnd(and.left(), out);
            flattenAnd(and.right(), out);
        } else {
            out.add(cond);
        }
    }

    private static Condition bindCondition(Cond parsed, ExpressionContext context, String kind) {
        Bound.Condition bound = new Binder(context, kind).condition(parsed);
        return item -> Evaluator.test(bound, item);
    }

    private static <T> T cached(ConcurrentHashMap<String, T> cache, String text, Function<String, T> parse) {
        if (text == null) {
            throw new NullPointerException("expression text");
        }
        T tree = cache.get(text);
        if (tree == null) {
            tree = parse.apply(text);
            if (cache.size() >= Limits.DYNAMODB.expressionCacheEntriesMax()) {
                cache.clear();
            }
            cache.put(text, tree);
        }
        return tree;
    }

    /** Parses without binding, for tests of the parser: the canonical text of the tree. */
    static String canonicalCondition(String text) {
        return Parser.parseCondition(text, "ConditionExpression").toString();
    }

    static String canonicalUpdate(String text) {
        return Parser.parseUpdate(text).toString();
    }
}
