package keystorm.engine.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.ScalarOrder;

/**
 * Binds a parsed tree to one request's placeholders, and rejects what DynamoDB rejects before
 * looking at any item: undefined placeholders, reserved words, operands of the wrong type for
 * an operator or function, BETWEEN bounds out of order.
 */
final class Binder {
    private static final Set<String> TYPE_NAMES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    private final ExpressionContext context;
    private final String kind;
    /** Every document path bound so far, in order: what the expression reads or writes. */
    private final List<DocumentPath> paths = new ArrayList<>();

    Binder(ExpressionContext context, String kind) {
        this.context = context;
        this.kind = kind;
    }

    List<DocumentPath> paths() {
        return paths;
    }

    private DocumentPath resolve(Path path) {
        DocumentPath resolved = context.resolve(path);
        paths.add(resolved);
        return resolved;
    }

    Bound.Condition condition(Cond condition) {
        return switch (condition) {
            case Cond.And and -> new Bound.And(condition(and.left()), condition(and.right()));
            case Cond.Or or -> new Bound.Or(condition(or.left()), condition(or.right()));
            case Cond.Not not -> new Bound.Not(condition(not.operand()));
            case Cond.Compare compare -> compare(compare);
            case Cond.Between between -> between(between);
            case Cond.In in -> {
                List<Bound.Operand> candidates = new ArrayList<>();
                for (Operand candidate : in.candidates()) {
                    candidates.add(operand(candidate));
                }
                yield new Bound.In(operand(in.subject()), candidates);
            }
            case Cond.Function function -> function(function);
        };
    }

    private Bound.Condition compare(Cond.Compare compare) {
        Bound.Operand left = operand(compare.left());
        Bound.Operand right = operand(compare.right());
        if (compare.comparator() != Cond.Comparator.EQ && compare.comparator() != Cond.Comparator.NE) {
            requireOrderedLiteral(compare.comparator().symbol, left);
            requireOrderedLiteral(compare.comparator().symbol, right);
        }
        return new Bound.Compare(compare.comparator(), left, right);
    }

    private Bound.Condition between(Cond.Between between) {
        Bound.Operand subject = operand(between.subject());
        Bound.Operand lower = operand(between.lower());
        Bound.Operand upper = operand(between.upper());
        requireOrderedLiteral("BETWEEN", lower);
        requireOrderedLiteral("BETWEEN", upper);
        if (lower instanceof Bound.Literal low && upper instanceof Bound.Literal high) {
            if (!ScalarOrder.comparable(low.value(), high.value())) {
                throw ParseErrors.invalid(kind, "The BETWEEN operator requires same data type for lower and upper bounds; "
                        + "lower bound operand: AttributeValue: {" + low.value().typeName() + "}, upper bound operand: "
                        + "AttributeValue: {" + high.value().typeName() + "}");
            }
            if (ScalarOrder.compare(low.value(), high.value()) > 0) {
                throw ParseErrors.invalid(kind, "The BETWEEN operator requires upper bound to be greater than or equal "
                        + "to lower bound; lower bound operand: " + low.value() + ", upper bound operand: " + high.value());
            }
        }
        return new Bound.Between(subject, lower, upper);
    }

    private Bound.Condition function(Cond.Function function) {
        List<Operand> arguments = function.arguments();
        String name = function.name().name();
        return switch (function.name()) {
            case attribute_exists -> new Bound.Exists(requirePath(name, arguments.get(0)), true);
            case attribute_not_exists -> new Bound.Exists(requirePath(name, arguments.get(0)), false);
            case attribute_type -> {
                // the first argument may be a value (attribute_type(:v, :t)): then the answer is known now
                AttributeValue constant = arguments.get(0) instanceof Operand.ValueRef ref ? value(ref) : null;
                DocumentPath path = constant != null ? null : requirePath(name, arguments.get(0));
                Bound.Operand type = operand(arguments.get(1));
                if (!(type instanceof Bound.Literal literal && literal.value() instanceof AttributeValue.S s)) {
                    throw incorrectOperand(name, type);
                }
                if (!TYPE_NAMES.contains(s.value())) {
                    throw ParseErrors.invalid(kind, "Invalid attribute type name found; type: " + s.value()
                            + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
                }
                yield constant != null ? new Bound.Constant(constant.typeName().equals(s.value()))
                        : new Bound.TypeIs(path, s.value());
            }
            case begins_with -> {
                Bound.Operand subject = operand(arguments.get(0));
                Bound.Operand prefix = operand(arguments.get(1));
                for (Bound.Operand argument : List.of(subject, prefix)) {
                    if (argument instanceof Bound.Literal literal && !(literal.value() instanceof AttributeValue.S
                            || literal.value() instanceof AttributeValue.B)) {
                        throw incorrectOperand(name, argument);
                    }
                }
                yield new Bound.BeginsWith(subject, prefix);
            }
            case contains -> new Bound.Contains(operand(arguments.get(0)), operand(arguments.get(1)));
        };
    }

    /** A condition-side operand (path, value or size). */
    Bound.Operand operand(Operand operand) {
        return switch (operand) {
            case Operand.PathRef ref -> new Bound.Attribute(resolve(ref.path()));
            case Operand.ValueRef ref -> new Bound.Literal(context.value(ref.placeholder()));
            case Operand.Size size -> new Bound.Size(resolve(size.path()));
            case Operand.SizeOfValue size -> {
                Bound.Literal value = new Bound.Literal(context.value(size.placeholder()));
                AttributeValue measured = Evaluator.size(value.value());
                if (measured == null) {
                    throw incorrectOperand("size", value);
                }
                yield new Bound.Literal(measured);
            }
            case Operand.IfNotExists ifNotExists ->
                    new Bound.IfNotExists(resolve(ifNotExists.path()), operand(ifNotExists.fallback()));
            case Operand.ListAppend append -> new Bound.ListAppend(operand(append.first()), operand(append.second()));
            case Operand.Arithmetic arithmetic ->
                    new Bound.Arithmetic(operand(arithmetic.left()), arithmetic.plus(), operand(arithmetic.right()));
        };
    }

    DocumentPath path(Path path) {
        return resolve(path);
    }

    AttributeValue value(Operand.ValueRef ref) {
        return context.value(ref.placeholder());
    }

    private DocumentPath requirePath(String function, Operand operand) {
        if (operand instanceof Operand.PathRef ref) {
            return resolve(ref.path());
        }
        operand(operand); // still marks placeholders used and reports undefined ones first
        throw ParseErrors.invalid(kind, "Operator or function requires a document path; operator or function: "
                + function);
    }

    private void requireOrderedLiteral(String operator, Bound.Operand operand) {
        if (operand instanceof Bound.Literal literal && !ScalarOrder.isOrdered(literal.value())) {
            throw incorrectOperand(operator, operand);
        }
    }

    private RuntimeException incorrectOperand(String operator, Bound.Operand operand) {
        String type = operand instanceof Bound.Literal literal ? literal.value().typeName() : "PATH";
        return ParseErrors.invalid(kind, "Incorrect operand type for operator or function; operator or function: "
                + operator + ", operand type: " + type);
    }
}
