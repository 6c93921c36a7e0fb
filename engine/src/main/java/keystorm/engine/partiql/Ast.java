package keystorm.engine.partiql;

import java.util.List;
import java.util.Objects;
import keystorm.engine.item.AttributeValue;

/**
 * The parsed form of DynamoDB's PartiQL subset: four statements over one expression family. Conditions
 * and values share {@link Expr} (PartiQL does not tell them apart syntactically: {@code (a = 1)} and
 * {@code (a)} both parse in a primary position); {@link Translator} refuses an expression in a place
 * it cannot stand, with DynamoDB's words. Trees hold no parameter values (a {@link Param} is an index
 * into the request's Parameters), so one tree serves every execution of its text.
 */
final class Ast {
    private Ast() {
    }

    sealed interface Statement permits Select, Insert, Update, Delete, Check {
        String tableName();

        /** The number of {@code ?} in the statement. */
        int parameterCount();
    }

    /**
     * {@code SELECT paths | * FROM "t"["index"] [WHERE e] [ORDER BY key [ASC|DESC], ...]}; {@code orderBy} null
     * without ORDER BY, {@code descending} whether a key named is DESC (a Query reads one partition at a time, so
     * only the sort key's direction can matter).
     */
    record Select(List<PathExpr> projection, String tableName, String indexName, Expr where, List<PathExpr> orderBy,
                  boolean descending, int parameterCount) implements Statement {
        Select {
            projection = projection == null ? null : List.copyOf(projection);
            orderBy = orderBy == null ? null : List.copyOf(orderBy);
        }

        boolean selectsAll() {
            return projection == null;
        }
    }

    /** {@code INSERT INTO "t" VALUE {...}}. */
    record Insert(String tableName, Expr value, int parameterCount) implements Statement {
    }

    /** {@code UPDATE "t" SET ... REMOVE ... WHERE e [RETURNING ...]}, clauses in statement order. */
    record Update(String tableName, List<Clause> clauses, Expr where, Returning returning, int parameterCount)
            implements Statement {
        Update {
            clauses = List.copyOf(clauses);
        }
    }

    /** {@code DELETE FROM "t" WHERE e [RETURNING ALL OLD *]}. */
    record Delete(String tableName, Expr where, Returning returning, int parameterCount) implements Statement {
    }

    /**
     * {@code EXISTS(SELECT * FROM "t" WHERE <full key> [AND condition])} as a statement of its own: in
     * ExecuteTransaction, a ConditionCheck on that item.
     */
    record Check(Ast.Select select) implements Statement {
        @Override
        public String tableName() {
            return select.tableName();
        }

        @Override
        public int parameterCount() {
            return select.parameterCount();
        }
    }

    /** RETURNING's four forms, as UpdateItem's ReturnValues; NONE when the statement has none. */
    enum Returning { NONE, ALL_OLD, MODIFIED_OLD, ALL_NEW, MODIFIED_NEW }

    sealed interface Clause permits Set, Remove {
    }

    record Set(PathExpr path, Expr value) implements Clause {
    }

    record Remove(PathExpr path) implements Clause {
    }

    /** One step of a document path after its first name. */
    sealed interface Step permits Field, Index {
    }

    record Field(String name) implements Step {
    }

    record Index(int index) implements Step {
    }

    sealed interface Expr permits PathExpr, Literal, Param, MapLiteral, ListLiteral, SetLiteral, Compare, Between,
            In, And, Or, Not, Is, Call, Arithmetic, Exists {
    }

    /** {@code a.b[0]."c"}: the first name, then fields and list indexes. */
    record PathExpr(String name, List<Step> steps) implements Expr {
        PathExpr {
            Objects.requireNonNull(name, "name");
            steps = List.copyOf(steps);
        }

        /** The name an item of a SELECT answers this path under: its last field's, as DynamoDB Local does. */
        String outputName() {
            StringBuilder suffix = new StringBuilder();
            for (int i = steps.size() - 1; i >= 0; i--) {
                Step step = steps.get(i);
                if (step instanceof Field field) {
                    return field.name() + suffix;
                }
                suffix.insert(0, "[" + ((Index) step).index() + "]");
            }
            return name + suffix;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(name);
            for (Step step : steps) {
                text.append(step instanceof Field field ? "." + field.name() : "[" + ((Index) step).index() + "]");
            }
            return text.toString();
        }
    }

    /** A string, number, TRUE, FALSE, NULL; {@code value} null stands for MISSING. */
    record Literal(AttributeValue value) implements Expr {
    }

    /** The {@code index}-th {@code ?} of the statement, from 0. */
    record Param(int index) implements Expr {
    }

    record MapLiteral(List<Entry> entries) implements Expr {
        MapLiteral {
            entries = List.copyOf(entries);
        }
    }

    record Entry(String key, Expr value) {
    }

    record ListLiteral(List<Expr> elements) implements Expr {
        ListLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code <<a, b>>}: a string, number or binary set, decided by its elements. */
    record SetLiteral(List<Expr> elements) implements Expr {
        SetLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code op} is one of = <> < <= > >= (PartiQL's != is read as <>). */
    record Compare(String op, Expr left, Expr right) implements Expr {
    }

    record Between(Expr value, Expr low, Expr high, boolean negated) implements Expr {
    }

    record In(Expr value, List<Expr> candidates, boolean negated) implements Expr {
        In {
            candidates = List.copyOf(candidates);
        }
    }

    record And(Expr left, Expr right) implements Expr {
    }

    record Or(Expr left, Expr right) implements Expr {
    }

    record Not(Expr operand) implements Expr {
    }

    /** {@code x IS [NOT] MISSING} ({@code missing}) or {@code x IS [NOT] NULL}. */
    record Is(Expr operand, boolean missing, boolean negated) implements Expr {
    }

    /** A function: begins_with, contains, attribute_type, size, list_append, set_add, set_delete ... lower case. */
    record Call(String function, List<Expr> arguments) implements Expr {
        Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code left + right} or {@code left - right} in a SET. */
    record Arithmetic(String op, Expr left, Expr right) implements Expr {
    }

    /** {@code EXISTS(SELECT * FROM t WHERE ...)}: in a transaction, a check on another item. */
    record Exists(Select select) implements Expr {
    }
}
