package keystorm.engine.expr;

/** One action of an UpdateExpression clause. */
sealed interface UpdateAction {
    Path path();

    record Set(Path path, Operand value) implements UpdateAction {
    }

    record Remove(Path path) implements UpdateAction {
    }

    record Add(Path path, Operand.ValueRef value) implements UpdateAction {
    }

    record Delete(Path path, Operand.ValueRef value) implements UpdateAction {
    }
}
