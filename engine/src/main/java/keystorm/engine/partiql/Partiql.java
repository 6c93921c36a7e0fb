package keystorm.engine.partiql;

import java.util.Map;
import keystorm.engine.item.AttributeValue;
import java.util.List;

/**
 * What the server's authorization (and anything else outside the engine) may ask of a PartiQL
 * statement without running it: its IAM action and table. See "IAM policies with PartiQL for
 * DynamoDB": each statement needs dynamodb:PartiQLSelect, PartiQLInsert, PartiQLUpdate or
 * PartiQLDelete on its table (an index read, on the index's ARN too).
 */
public final class Partiql {
    /** ExecuteStatement's Statement: 1 to 8192 characters (API reference). */
    public static final int STATEMENT_CHARS_MAX = 8192;
    /** BatchExecuteStatement: 1 to 25 statements. */
    public static final int BATCH_STATEMENTS_MAX = 25;
    /** ExecuteTransaction: 1 to 100 statements. */
    public static final int TRANSACTION_STATEMENTS_MAX = 100;

    private Partiql() {
    }

    public enum Action {
        PartiQLSelect, PartiQLInsert, PartiQLUpdate, PartiQLDelete
    }

    /** A statement's action, table, and index (null unless it reads one). */
    public record Description(Action action, String tableName, String indexName) {
    }

    /** Parses (or finds in the cache) and describes; a malformed statement is DynamoDB's ValidationException. */
    public static Description describe(String statement) {
        return switch (Statements.parse(statement)) {
            case Ast.Select select -> new Description(Action.PartiQLSelect, select.tableName(), select.indexName());
            case Ast.Check check -> new Description(Action.PartiQLSelect, check.tableName(), null);
            case Ast.Insert insert -> new Description(Action.PartiQLInsert, insert.tableName(), null);
            case Ast.Update update -> new Description(Action.PartiQLUpdate, update.tableName(), null);
            case Ast.Delete delete -> new Description(Action.PartiQLDelete, delete.tableName(), null);
        };
    }
}
