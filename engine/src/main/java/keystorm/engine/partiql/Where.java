package keystorm.engine.partiql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.DynamoException;
import keystorm.engine.item.AttributeValue;

/**
 * What a WHERE says about the primary key. A write (UPDATE, DELETE, EXISTS) names exactly one item:
 * its WHERE must hold, among its top-level AND terms, one equality on each key attribute; the other
 * terms are its condition. A SELECT is a Query when a top-level term fixes the partition key (by
 * equality or IN); see "PartiQL select statements for DynamoDB".
 */
final class Where {
    private Where() {
    }

    /** The top-level AND terms of a WHERE, in order. */
    static List<Ast.Expr> conjuncts(Ast.Expr where) {
        List<Ast.Expr> terms = new ArrayList<>();
        collect(where, terms);
        return terms;
    }

    private static void collect(Ast.Expr expr, List<Ast.Expr> terms) {
        if (expr instanceof Ast.And and) {
            collect(and.left(), terms);
            collect(and.right(), terms);
        } else if (expr != null) {
            terms.add(expr);
        }
    }

    /** A single item's key and what is left of the WHERE (null when nothing). */
    record ItemTarget(Map<String, AttributeValue> key, Ast.Expr condition) {
    }

    static ItemTarget itemTarget(Ast.Expr where, List<String> keyNames, List<AttributeValue> parameters) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        Ast.Expr rest = null;
        for (Ast.Expr term : conjuncts(where)) {
            checkScalarKeys(term, keyNames);
            String keyName = null;
            Ast.Expr value = null;
            if (term instanceof Ast.Compare compare && compare.op().equals("=")) {
                if (isKeyPath(compare.left(), keyNames) && Values.isConstant(compare.right())) {
                    keyName = ((Ast.PathExpr) compare.left()).name();
                    value = compare.right();
                } else if (isKeyPath(compare.right(), keyNames) && Values.isConstant(compare.left())) {
                    keyName = ((Ast.PathExpr) compare.right()).name();
                    value = compare.left();
                }
            }
            if (keyName == null) {
                rest = rest == null ? term : new Ast.And(rest, term);
            } else if (key.containsKey(keyName)) {
                throw DynamoException.validation("Multiple conditions on same key " + keyName
                        + ". Only single item Update/Insert/Delete are supported");
            } else {
                AttributeValue keyValue = Values.of(value, parameters);
                if (keyValue == null) {
                    throw DynamoException.validation("Where clause does not contain a mandatory equality on all key "
                            + "attributes");
                }
                key.put(keyName, keyValue);
            }
        }
        if (key.size() != keyNames.size()) {
            throw DynamoException.validation("Where clause does not contain a mandatory equality on all key attributes");
        }
        return new ItemTarget(key, rest);
    }

    /** A write's WHERE may not reach into a key attribute: {@code pk.x = 1} names no item. */
    private static void checkScalarKeys(Ast.Expr term, List<String> keyNames) {
        if (term instanceof Ast.Compare compare) {
            for (Ast.Expr side : List.of(compare.left(), compare.right())) {
                if (side instanceof Ast.PathExpr path && !path.steps().isEmpty() && keyNames.contains(path.name())) {
                    throw DynamoException.validation("Key attributes must be scalars; list random access '[]' and map "
                            + "lookup '.' are not allowed: Key " + path.name());
                }
            }
        }
    }

    static boolean isKeyPath(Ast.Expr expr, List<String> keyNames) {
        return expr instanceof Ast.PathExpr path && path.steps().isEmpty() && keyNames.contains(path.name());
    }

    static boolean isPath(Ast.Expr expr, String name) {
        return expr instanceof Ast.PathExpr path && path.steps().isEmpty() && path.name().equals(name);
    }

    /** The partition key values a SELECT's WHERE fixes (one, or an IN's), or null when it fixes none. */
    static List<Ast.Expr> partitionValues(Ast.Expr where, String hashKey) {
        for (Ast.Expr term : conjuncts(where)) {
            if (term instanceof Ast.Compare compare && compare.op().equals("=")) {
                if (isPath(compare.left(), hashKey) && Values.isConstant(compare.right())) {
                    return List.of(compare.right());
                } else if (isPath(compare.right(), hashKey) && Values.isConstant(compare.left())) {
                    return List.of(compare.left());
                }
            } else if (term instanceof Ast.In in && !in.negated() && isPath(in.value(), hashKey)
                    && in.candidates().stream().allMatch(Values::isConstant)) {
                return in.candidates();
            }
        }
        return null;
    }

    /**
     * The first top-level term a KeyConditionExpression can hold on the sort key (a comparison with a
     * constant, BETWEEN, begins_with), written by {@code translator}; null when there is none. The
     * whole WHERE stays the filter, so this only narrows what is read.
     */
    static String sortKeyCondition(Ast.Expr where, String rangeKey, Translator translator) {
        if (rangeKey == null) {
            return null;
        }
        for (Ast.Expr term : conjuncts(where)) {
            if (term instanceof Ast.Compare compare && !compare.op().equals("<>")) {
                if (isPath(compare.left(), rangeKey) && Values.isConstant(compare.right())) {
                    return translator.condition(compare);
                } else if (isPath(compare.right(), rangeKey) && Values.isConstant(compare.left())) {
                    return translator.condition(new Ast.Compare(flip(compare.op()), compare.right(), compare.left()));
                }
            } else if (term instanceof Ast.Between between && !between.negated() && isPath(between.value(), rangeKey)
                    && Values.isConstant(between.low()) && Values.isConstant(between.high())) {
                String text = translator.condition(between);
                return text.substring(1, text.length() - 1);
            } else if (term instanceof Ast.Call call && call.function().equals("begins_with")
                    && call.arguments().size() == 2 && isPath(call.arguments().get(0), rangeKey)
                    && Values.isConstant(call.arguments().get(1))) {
                return translator.condition(call);
            }
        }
        return null;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }
}
