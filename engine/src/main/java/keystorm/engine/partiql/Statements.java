package keystorm.engine.partiql;

import java.util.concurrent.ConcurrentHashMap;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.Limits;

/**
 * Parsed statements, cached by their text as {@code keystorm.engine.expr.Expressions} caches
 * expressions: a workload repeats a handful of statements (with {@code ?} parameters) millions of
 * times, and a tree holds no parameter values, so one parse serves them all. The cache is bounded by
 * {@link Limits#expressionCacheEntriesMax()}: full, it is emptied and refills with what is in use.
 * Parse errors are not cached (junk must not evict work).
 */
final class Statements {
    private static final ConcurrentHashMap<String, Ast.Statement> CACHE = new ConcurrentHashMap<>();

    private Statements() {
    }

    static Ast.Statement parse(String text) {
        if (text == null || text.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value at 'statement' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        if (text.length() > Partiql.STATEMENT_CHARS_MAX) {
            throw DynamoException.validation("1 validation error detected: Value at 'statement' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + Partiql.STATEMENT_CHARS_MAX);
        }
        Ast.Statement cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        Ast.Statement parsed = Parser.parse(text);
        if (CACHE.size() >= Limits.DYNAMODB.expressionCacheEntriesMax()) {
            CACHE.clear();
        }
        CACHE.put(text, parsed);
        return parsed;
    }

    static int size() {
        return CACHE.size();
    }
}
