package keystorm.engine.expr;

import java.nio.charset.StandardCharsets;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ScalarOrder;

/**
 * Evaluates bound conditions against an item. A missing attribute makes every comparison
 * false except {@code <>}, and comparing values of different types is simply false, as the
 * developer guide's "Comparison operator and function reference" says.
 */
final class Evaluator {
    private Evaluator() {
    }

    static boolean test(Bound.Condition condition, Item item) {
        return switch (condition) {
            case Bound.And and -> test(and.left(), item) && test(and.right(), item);
            case Bound.Or or -> test(or.left(), item) || test(or.right(), item);
            case Bound.Not not -> !test(not.operand(), item);
            case Bound.Constant constant -> constant.value();
            case Bound.Compare compare -> compare(compare, item);
            case Bound.Between between -> {
                AttributeValue subject = value(between.subject(), item);
                AttributeValue lower = value(between.lower(), item);
                AttributeValue upper = value(between.upper(), item);
                yield ScalarOrder.comparable(subject, lower) && ScalarOrder.comparable(subject, upper)
                        && ScalarOrder.compare(subject, lower) >= 0 && ScalarOrder.compare(subject, upper) <= 0;
            }
            case Bound.In in -> {
                AttributeValue subject = value(in.subject(), item);
                if (subject == null) {
                    yield false;
                }
                for (Bound.Operand candidate : in.candidates()) {
                    if (subject.equals(value(candidate, item))) {
                        yield true;
                    }
                }
                yield false;
            }
            case Bound.Exists exists -> (Documents.get(item, exists.path()) != null) == exists.expected();
            case Bound.TypeIs typeIs -> {
                AttributeValue value = Documents.get(item, typeIs.path());
                yield value != null && value.typeName().equals(typeIs.typeName());
            }
            case Bound.BeginsWith beginsWith -> beginsWith(value(beginsWith.subject(), item),
                    value(beginsWith.prefix(), item));
            case Bound.Contains contains -> contains(value(contains.subject(), item), value(contains.element(), item));
        };
    }

    private static boolean compare(Bound.Compare compare, Item item) {
        AttributeValue left = value(compare.left(), item);
        AttributeValue right = value(compare.right(), item);
        return switch (compare.comparator()) {
            case EQ -> left != null && left.equals(right);
            case NE -> left == null || !left.equals(right);
            case LT -> ScalarOrder.comparable(left, right) && ScalarOrder.compare(left, right) < 0;
            case LE -> ScalarOrder.comparable(left, right) && ScalarOrder.compare(left, right) <= 0;
            case GT -> ScalarOrder.comparable(left, right) && ScalarOrder.compare(left, right) > 0;
            case GE -> ScalarOrder.comparable(left, right) && ScalarOrder.compare(left, right) >= 0;
        };
    }

    private static boolean beginsWith(AttributeValue subject, AttributeValue prefix) {
        if (subject instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
            return s.value().startsWith(p.value());
        }
        if (subject instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
            return b.value().startsWith(p.value());
        }
        return false;
    }

    private static boolean contains(AttributeValue subject, AttributeValue element) {
        if (subject == null || element == null) {
            return false;
        }
        return switch (subject) {
            case AttributeValue.S s -> element instanceof AttributeValue.S e && s.value().contains(e.value());
            case AttributeValue.B b -> element instanceof AttributeValue.B e && b.value().containsRun(e.value());
            case AttributeValue.SS ss -> element instanceof AttributeValue.S e && ss.values().contains(e.value());
            case AttributeValue.NS ns -> element instanceof AttributeValue.N e && ns.values().contains(e.value());
            case AttributeValue.BS bs -> element instanceof AttributeValue.B e && bs.values().contains(e.value());
            case AttributeValue.L l -> l.values().contains(element);
            default -> false;
        };
    }

    /** A condition operand's value, or null for a missing attribute. */
    static AttributeValue value(Bound.Operand operand, Item item) {
        return switch (operand) {
            case Bound.Attribute attribute -> Documents.get(item, attribute.path());
            case Bound.Literal literal -> literal.value();
            case Bound.Size size -> size(Documents.get(item, size.path()));
            case Bound.IfNotExists ignored -> throw new IllegalStateException("if_not_exists in a condition");
            case Bound.ListAppend ignored -> throw new IllegalStateException("list_append in a condition");
            case Bound.Arithmetic ignored -> throw new IllegalStateException("arithmetic in a condition");
        };
    }

    /**
     * size(): string length, binary length, element count of sets, lists and maps. DynamoDB
     * does not define it for numbers, booleans and nulls, so those behave as a missing value.
     */
    static AttributeValue size(AttributeValue value) {
        if (value == null) {
            return null;
        }
        long size = switch (value) {
            case AttributeValue.S s -> s.value().getBytes(StandardCharsets.UTF_8).length;
            case AttributeValue.B b -> b.value().length();
            case AttributeValue.SS ss -> ss.values().size();
            case AttributeValue.NS ns -> ns.values().size();
            case AttributeValue.BS bs -> bs.values().size();
            case AttributeValue.L l -> l.values().size();
            case AttributeValue.M m -> m.values().size();
            default -> -1;
        };
        return size < 0 ? null : AttributeValue.n(size);
    }
}
