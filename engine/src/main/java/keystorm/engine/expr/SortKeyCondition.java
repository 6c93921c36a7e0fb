package keystorm.engine.expr;

import java.util.List;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.ScalarOrder;

/** The sort-key half of a KeyConditionExpression. */
public record SortKeyCondition(String name, Operator op, List<AttributeValue> operands) {
    public enum Operator { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    public SortKeyCondition {
        operands = List.copyOf(operands);
        if (operands.size() != (op == Operator.BETWEEN ? 2 : 1)) {
            throw new IllegalArgumentException(op + " takes " + (op == Operator.BETWEEN ? 2 : 1) + " operands");
        }
    }

    /** Whether a sort-key value satisfies the condition (values of another type never do). */
    public boolean test(AttributeValue value) {
        AttributeValue first = operands.getFirst();
        if (op == Operator.BEGINS_WITH) {
            if (value instanceof AttributeValue.S s && first instanceof AttributeValue.S p) {
                return s.value().startsWith(p.value());
            }
            return value instanceof AttributeValue.B b && first instanceof AttributeValue.B p
                    && b.value().startsWith(p.value());
        }
        if (!ScalarOrder.comparable(value, first)) {
            return false;
        }
        int c = ScalarOrder.compare(value, first);
        return switch (op) {
            case EQ -> c == 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case BETWEEN -> c >= 0 && ScalarOrder.comparable(value, operands.get(1))
                    && ScalarOrder.compare(value, operands.get(1)) <= 0;
            case BEGINS_WITH -> throw new AssertionError("handled above");
        };
    }
}
