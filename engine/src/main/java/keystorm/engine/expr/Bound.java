package keystorm.engine.expr;

import java.util.List;
import keystorm.engine.item.AttributeValue;

/**
 * Expression trees with their placeholders resolved against one request: paths hold real
 * attribute names and values hold real AttributeValues. Parsing is cached by text; binding is
 * done once per request; evaluation walks these trees once per item.
 */
final class Bound {
    private Bound() {
    }

    sealed interface Operand {
    }

    record Attribute(DocumentPath path) implements Operand {
    }

    record Literal(AttributeValue value) implements Operand {
    }

    record Size(DocumentPath path) implements Operand {
    }

    record IfNotExists(DocumentPath path, Operand fallback) implements Operand {
    }

    record ListAppend(Operand first, Operand second) implements Operand {
    }

    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
    }

    sealed interface Condition {
    }

    record Compare(Cond.Comparator comparator, Operand left, Operand right) implements Condition {
    }

    record Between(Operand subject, Operand lower, Operand upper) implements Condition {
    }

    record In(Operand subject, List<Operand> candidates) implements Condition {
    }

    record Exists(DocumentPath path, boolean expected) implements Condition {
    }

    record TypeIs(DocumentPath path, String typeName) implements Condition {
    }

    record BeginsWith(Operand subject, Operand prefix) implements Condition {
    }

    record Contains(Operand subject, Operand element) implements Condition {
    }

    record And(Condition left, Condition right) implements Condition {
    }

    record Or(Condition left, Condition right) implements Condition {
    }

    record Not(Condition operand) implements Condition {
    }

    /** A condition whose answer the request alone decides (attribute_type of a value). */
    record Constant(boolean value) implements Condition {
    }
}
