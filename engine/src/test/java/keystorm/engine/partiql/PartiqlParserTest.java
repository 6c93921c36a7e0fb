package keystorm.engine.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.item.AttributeValue;
import org.junit.jupiter.api.Test;

class PartiqlParserTest {

    static void assertMalformed(String statement, String detail) {
        assertThatThrownBy(() -> Parser.parse(statement)).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.ValidationException);
            assertThat(e.getMessage()).isEqualTo("Statement wasn't well formed, can't be processed: " + detail);
        });
    }

    @Test
    void selectWithProjectionIndexWhereAndOrder() {
        Ast.Select select = (Ast.Select) Parser.parse(
                "select a, \"b\".c[2], d FROM \"t\".\"idx\" WHERE a = ? AND b > 1 ORDER BY d DESC");
        assertThat(select.tableName()).isEqualTo("t");
        assertThat(select.indexName()).isEqualTo("idx");
        assertThat(select.projection()).extracting(Object::toString).containsExactly("a", "b.c[2]", "d");
        assertThat(select.projection().get(1).outputName()).isEqualTo("c[2]");
        assertThat(select.descending()).isTrue();
        assertThat(select.parameterCount()).isEqualTo(1);
        assertThat(select.where()).isInstanceOf(Ast.And.class);
    }

    @Test
    void selectStarWithoutWhere() {
        Ast.Select select = (Ast.Select) Parser.parse("SELECT * FROM tbl");
        assertThat(select.selectsAll()).isTrue();
        assertThat(select.where()).isNull();
    }

    @Test
    void precedenceIsOrThenAndThenNot() {
        Ast.Select select = (Ast.Select) Parser.parse("SELECT * FROM t WHERE NOT a = 1 OR b = 2 AND c = 3");
        Ast.Or or = (Ast.Or) select.where();
        assertThat(or.left()).isInstanceOf(Ast.Not.class);
        assertThat(or.right()).isInstanceOf(Ast.And.class);
    }

    @Test
    void predicates() {
        Ast.Expr where = ((Ast.Select) Parser.parse("SELECT * FROM t WHERE a BETWEEN 1 AND 2 AND b NOT IN (1, 'x') "
                + "AND c IS NOT MISSING AND d IS NULL AND begins_with(e, 'p') AND size(f) >= 3 AND g != 1"))
                .where();
        List<Ast.Expr> terms = Where.conjuncts(where);
        assertThat(terms).hasSize(7);
        assertThat(terms.get(0)).isEqualTo(new Ast.Between(new Ast.PathExpr("a", List.of()),
                new Ast.Literal(AttributeValue.n(1)), new Ast.Literal(AttributeValue.n(2)), false));
        assertThat(((Ast.In) terms.get(1)).negated()).isTrue();
        assertThat(terms.get(2)).isEqualTo(new Ast.Is(new Ast.PathExpr("c", List.of()), true, true));
        assertThat(terms.get(3)).isEqualTo(new Ast.Is(new Ast.PathExpr("d", List.of()), false, false));
        assertThat(((Ast.Call) terms.get(4)).function()).isEqualTo("begins_with");
        assertThat(((Ast.Compare) terms.get(5)).op()).isEqualTo(">=");
        assertThat(((Ast.Compare) terms.get(6)).op()).isEqualTo("<>");
    }

    @Test
    void ionLiterals() {
        Ast.Insert insert = (Ast.Insert) Parser.parse("INSERT INTO t VALUE {'k': 'it''s', 'n': -1.5e2, 'l': [1, "
                + "TRUE, NULL], 'ss': <<'x', 'y'>>, 'ns': <<1, 2>>, 'm': {'p': ?}, 'gone': MISSING}");
        AttributeValue value = Values.of(insert.value(), List.of(AttributeValue.s("param")));
        AttributeValue.M map = (AttributeValue.M) value;
        assertThat(map.values()).containsOnlyKeys("k", "n", "l", "ss", "ns", "m");
        assertThat(map.values().get("k")).isEqualTo(AttributeValue.s("it's"));
        assertThat(map.values().get("n")).isEqualTo(AttributeValue.n("-150"));
        assertThat(map.values().get("l")).isEqualTo(AttributeValue.l(List.of(AttributeValue.n(1), AttributeValue.TRUE,
                AttributeValue.NULL)));
        assertThat(map.values().get("ss").typeName()).isEqualTo("SS");
        assertThat(map.values().get("ns").typeName()).isEqualTo("NS");
        assertThat(map.values().get("m")).isEqualTo(AttributeValue.m(Map.of("p", AttributeValue.s("param"))));
        assertThat(insert.parameterCount()).isEqualTo(1);
    }

    @Test
    void updateClausesAndReturning() {
        Ast.Update update = (Ast.Update) Parser.parse("UPDATE t SET a = a + 1, b = list_append(b, [1]) REMOVE c.d[0] "
                + "SET e = 'x' WHERE k = 1 RETURNING MODIFIED OLD *");
        assertThat(update.clauses()).hasSize(4);
        assertThat(update.clauses().get(2)).isInstanceOf(Ast.Remove.class);
        assertThat(update.returning()).isEqualTo(Ast.Returning.MODIFIED_OLD);
    }

    @Test
    void deleteAndExists() {
        Ast.Delete delete = (Ast.Delete) Parser.parse("DELETE FROM \"my table\" WHERE k = 1 RETURNING ALL OLD *");
        assertThat(delete.tableName()).isEqualTo("my table");
        assertThat(delete.returning()).isEqualTo(Ast.Returning.ALL_OLD);
        Ast.Check check = (Ast.Check) Parser.parse("EXISTS (SELECT * FROM t WHERE k = 1 AND v = 2)");
        assertThat(check.tableName()).isEqualTo("t");
    }

    @Test
    void describeGivesTheIamAction() {
        assertThat(Partiql.describe("SELECT * FROM \"t1\".\"i\" WHERE a = 1"))
                .isEqualTo(new Partiql.Description(Partiql.Action.PartiQLSelect, "t1", "i"));
        assertThat(Partiql.describe("INSERT INTO t2 VALUE {'a': 1}").action()).isEqualTo(Partiql.Action.PartiQLInsert);
        assertThat(Partiql.describe("UPDATE t3 SET a = 1 WHERE k = 1").action()).isEqualTo(Partiql.Action.PartiQLUpdate);
        assertThat(Partiql.describe("DELETE FROM t4 WHERE k = 1").action()).isEqualTo(Partiql.Action.PartiQLDelete);
    }

    @Test
    void statementsAreCachedByText() {
        String text = "SELECT * FROM cached_table WHERE k = ?";
        assertThat(Statements.parse(text)).isSameAs(Statements.parse(text));
    }

    @Test
    void errorsNameTheTokenAndPosition() {
        assertMalformed("SELEC * FROM t", "Expected data manipulation");
        assertMalformed("CREATE TABLE t", "Expected data manipulation");
        assertMalformed("SELECT * FROM t WHERE", "Unexpected end of statement at line 1, column 22, expected an "
                + "expression");
        assertMalformed("SELECT * FROM t WHERE a = 1 b", "Unexpected token b at line 1, column 29, expected end of "
                + "statement");
        assertMalformed("SELECT * FROM WHERE a = 1", "Unexpected keyword WHERE at line 1, column 15, expected a "
                + "table name");
        assertMalformed("INSERT INTO t VALUES {'a': 1}", "Unexpected token VALUES at line 1, column 15, expected VALUE");
        assertMalformed("SELECT *\nFROM t WHERE a = 'open", "Unterminated string at line 2, column 18");
        assertMalformed("UPDATE t WHERE k = 1", "Unexpected keyword WHERE at line 1, column 10, expected SET or "
                + "REMOVE");
        assertMalformed("SELECT * FROM t WHERE a = #", "Unexpected character '#' at line 1, column 27");
        assertMalformed("INSERT INTO t VALUE {a: 1}", "Unexpected token a at line 1, column 22, expected a string key "
                + "in single quotes");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "(".repeat(200) + "a = 1" + ")".repeat(200);
        assertThatThrownBy(() -> Parser.parse("SELECT * FROM t WHERE " + deep))
                .isInstanceOf(DynamoException.class).hasMessageContaining("nested more than");
    }
}
