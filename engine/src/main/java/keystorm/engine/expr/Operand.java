package keystorm.engine.expr;

/** A value-producing part of an expression. */
sealed interface Operand {
    record PathRef(Path path) implements Operand {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    record ValueRef(String placeholder) implements Operand {
        @Override
        public String toString() {
            return placeholder;
        }
    }

    /** {@code size(path)}: conditions only. */
    record Size(Path path) implements Operand {
        @Override
        public String toString() {
            return "size(" + path + ")";
        }
    }

    /** {@code size(:value)}: the size of the value itself; conditions only. */
    record SizeOfValue(String placeholder) implements Operand {
        @Override
        public String toString() {
            return "size(" + placeholder + ")";
        }
    }

    /** {@code if_not_exists(path, operand)}: updates only. */
    record IfNotExists(Path path, Operand fallback) implements Operand {
        @Override
        public String toString() {
            return "if_not_exists(" + path + ", " + fallback + ")";
        }
    }

    /** {@code list_append(a, b)}: updates only. */
    record ListAppend(Operand first, Operand second) implements Operand {
        @Override
        public String toString() {
            return "list_append(" + first + ", " + second + ")";
        }
    }

    /** {@code a + b} or {@code a - b}: updates only, one operator per SET action. */
    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
        @Override
        public String toString() {
            return left + (plus ? " + " : " - ") + right;
        }
    }
}
