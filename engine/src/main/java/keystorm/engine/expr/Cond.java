package keystorm.engine.expr;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The tree of a ConditionExpression, FilterExpression or KeyConditionExpression. Printing a
 * tree gives text that parses back to the same tree (fully parenthesised where precedence
 * could matter), which the parser's round-trip property relies on.
 */
sealed interface Cond {
    enum Comparator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }
    }

    record Compare(Comparator comparator, Operand left, Operand right) implements Cond {
        @Override
        public String toString() {
            return left + " " + comparator.symbol + " " + right;
        }
    }

    record Between(Operand subject, Operand lower, Operand upper) implements Cond {
        @Override
        public String toString() {
            return subject + " BETWEEN " + lower + " AND " + upper;
        }
    }

    record In(Operand subject, List<Operand> candidates) implements Cond {
        public In {
            candidates = List.copyOf(candidates);
        }

        @Override
        public String toString() {
            return subject + " IN (" + candidates.stream().map(Object::toString).collect(Collectors.joining(", "))
                    + ")";
        }
    }

    enum FunctionName {
        attribute_exists(1), attribute_not_exists(1), attribute_type(2), begins_with(2), contains(2);

        final int arity;

        FunctionName(int arity) {
            this.arity = arity;
        }
    }

    record Function(FunctionName name, List<Operand> arguments) implements Cond {
        public Function {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String toString() {
            return name + "(" + arguments.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    record And(Cond left, Cond right) implements Cond {
        @Override
        public String toString() {
            return "(" + left + ") AND (" + right + ")";
        }
    }

    record Or(Cond left, Cond right) implements Cond {
        @Override
        public String toString() {
            return "(" + left + ") OR (" + right + ")";
        }
    }

    record Not(Cond operand) implements Cond {
        @Override
        public String toString() {
            return "NOT (" + operand + ")";
        }
    }
}
