package keystorm.engine.partiql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.expr.ExpressionContext;
import keystorm.engine.item.AttributeValue;

/**
 * Writes a PartiQL condition or SET/REMOVE list as the text of DynamoDB's expression language, every
 * name a {@code #n} placeholder and every value a {@code :v} one, so that the item API's own parser,
 * binder and evaluator judge it: a PartiQL WHERE is then exactly the ConditionExpression or
 * FilterExpression an application would have written, with the same semantics for missing attributes,
 * types and sizes. One translator serves one request (its placeholders are that request's).
 */
final class Translator {
    private final List<AttributeValue> parameters;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, String> placeholderOfName = new HashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    Translator(List<AttributeValue> parameters) {
        this.parameters = parameters;
    }

    ExpressionInput input() {
        return new ExpressionInput(names.isEmpty() ? null : names, values.isEmpty() ? null : values);
    }

    ExpressionContext context() {
        return new ExpressionContext(names.isEmpty() ? null : names, values.isEmpty() ? null : values);
    }

    String name(String name) {
        return placeholderOfName.computeIfAbsent(name, n -> {
            String placeholder = "#n" + names.size();
            names.put(placeholder, n);
            return placeholder;
        });
    }

    String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    String path(Ast.PathExpr path) {
        StringBuilder text = new StringBuilder(name(path.name()));
        for (Ast.Step step : path.steps()) {
            if (step instanceof Ast.Field field) {
                text.append('.').append(name(field.name()));
            } else {
                text.append('[').append(((Ast.Index) step).index()).append(']');
            }
        }
        return text.toString();
    }

    /** A WHERE (or part of one) as a condition. */
    String condition(Ast.Expr expr) {
        return switch (expr) {
            case Ast.And and -> "(" + condition(and.left()) + " AND " + condition(and.right()) + ")";
            case Ast.Or or -> "(" + condition(or.left()) + " OR " + condition(or.right()) + ")";
            case Ast.Not not -> "(NOT " + condition(not.operand()) + ")";
            case Ast.Compare compare -> operand(compare.left()) + " " + compare.op() + " " + operand(compare.right());
            case Ast.Between between -> (between.negated() ? "(NOT " : "(") + operand(between.value()) + " BETWEEN "
                    + operand(between.low()) + " AND " + operand(between.high()) + ")";
            case Ast.In in -> {
                List<String> candidates = new ArrayList<>();
                for (Ast.Expr candidate : in.candidates()) {
                    candidates.add(operand(candidate));
                }
                yield (in.negated() ? "(NOT " : "(") + operand(in.value()) + " IN (" + String.join(", ", candidates)
                        + "))";
            }
            case Ast.Is is -> {
                if (!(is.operand() instanceof Ast.PathExpr path)) {
                    throw DynamoException.validation("IS " + (is.missing() ? "MISSING" : "NULL")
                            + " needs an attribute path");
                }
                if (is.missing()) {
                    yield (is.negated() ? "attribute_exists(" : "attribute_not_exists(") + path(path) + ")";
                }
                String test = "attribute_type(" + path(path) + ", " + value(AttributeValue.s("NULL")) + ")";
                yield is.negated() ? "(NOT " + test + ")" : test;
            }
            case Ast.Call call -> switch (call.function()) {
                case "begins_with", "contains", "attribute_type" -> function(call, 2);
                case "attribute_exists", "attribute_not_exists" -> function(call, 1);
                case "size" -> throw DynamoException.validation("size() must be compared with a value in a WHERE clause");
                default -> throw unrecognized(call);
            };
            case Ast.Exists exists -> throw DynamoException.validation(
                    "EXISTS can only be used in ExecuteTransaction write requests.");
            default -> throw DynamoException.validation("Unsupported expression in a WHERE clause: " + describe(expr));
        };
    }

    private String function(Ast.Call call, int arity) {
        if (call.arguments().size() != arity) {
            throw DynamoException.validation("Incorrect number of operands for function " + call.function()
                    + ": expected " + arity + ", got " + call.arguments().size());
        }
        List<String> arguments = new ArrayList<>();
        for (Ast.Expr argument : call.arguments()) {
            arguments.add(operand(argument));
        }
        return call.function() + "(" + String.join(", ", arguments) + ")";
    }

    /** A comparison's side: a path, a constant, or size(path). */
    String operand(Ast.Expr expr) {
        if (expr instanceof Ast.PathExpr path) {
            return path(path);
        }
        if (expr instanceof Ast.Call call && call.function().equals("size")) {
            return function(call, 1);
        }
        if (Values.isConstant(expr)) {
            AttributeValue value = Values.of(expr, parameters);
            if (value == null) {
                throw DynamoException.validation("MISSING cannot be compared: use IS MISSING");
            }
            return value(value);
        }
        throw DynamoException.validation("Unsupported operand: " + describe(expr));
    }

    /**
     * An UPDATE's clauses as an UpdateExpression: SET and REMOVE as written, {@code SET a = set_add(a, s)}
     * as {@code ADD a s} and {@code set_delete} as {@code DELETE a s} (the item API's only way to change a
     * set in place; DynamoDB too requires the first argument to be the assigned path).
     */
    String update(List<Ast.Clause> clauses) {
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (Ast.Clause clause : clauses) {
            switch (clause) {
                case Ast.Remove remove -> removes.add(path(remove.path()));
                case Ast.Set set -> {
                    if (set.value() instanceof Ast.Call call
                            && (call.function().equals("set_add") || call.function().equals("set_delete"))) {
                        String upper = call.function().toUpperCase(java.util.Locale.ROOT);
                        if (call.arguments().size() != 2) {
                            throw DynamoException.validation("Incorrect number of operands for function "
                                    + call.function() + ": expected 2, got " + call.arguments().size());
                        }
                        if (!set.path().equals(call.arguments().get(0))) {
                            throw DynamoException.validation("The first argument to " + upper
                                    + " must equal the assignment value");
                        }
                        String change = path(set.path()) + " " + operand(call.arguments().get(1));
                        (call.function().equals("set_add") ? adds : deletes).add(change);
                    } else {
                        sets.add(path(set.path()) + " = " + setValue(set.value()));
                    }
                }
            }
        }
        StringBuilder text = new StringBuilder();
        append(text, "SET", sets);
        append(text, "REMOVE", removes);
        append(text, "ADD", adds);
        append(text, "DELETE", deletes);
        return text.toString();
    }

    private static void append(StringBuilder text, String keyword, List<String> actions) {
        if (!actions.isEmpty()) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(keyword).append(' ').append(String.join(", ", actions));
        }
    }

    private String setValue(Ast.Expr expr) {
        return switch (expr) {
            case Ast.Arithmetic arithmetic -> setOperand(arithmetic.left()) + " " + arithmetic.op() + " "
                    + setOperand(arithmetic.right());
            default -> setOperand(expr);
        };
    }

    private String setOperand(Ast.Expr expr) {
        if (expr instanceof Ast.Call call) {
            return switch (call.function()) {
                case "list_append", "if_not_exists" -> {
                    if (call.arguments().size() != 2) {
                        throw DynamoException.validation("Incorrect number of operands for function "
                                + call.function() + ": expected 2, got " + call.arguments().size());
                    }
                    yield call.function() + "(" + setOperand(call.arguments().get(0)) + ", "
                            + setOperand(call.arguments().get(1)) + ")";
                }
                default -> throw unrecognized(call);
            };
        }
        if (expr instanceof Ast.PathExpr || Values.isConstant(expr)) {
            return operand(expr);
        }
        throw DynamoException.validation("Unsupported expression in a SET clause: " + describe(expr));
    }

    private static DynamoException unrecognized(Ast.Call call) {
        return DynamoException.validation("Unrecognized function: " + call.function());
    }

    private static String describe(Ast.Expr expr) {
        return expr.getClass().getSimpleName();
    }
}
