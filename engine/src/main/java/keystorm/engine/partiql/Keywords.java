package keystorm.engine.partiql;

import java.util.Locale;
import java.util.Set;

/**
 * The words that shape a statement and so cannot stand bare as a table or attribute name (quote them:
 * {@code "value"}). A short list on purpose: DynamoDB reserves PartiQL's whole keyword list, but refusing
 * only what would make a statement ambiguous keeps keystorm's parser from rejecting what DynamoDB's takes
 * for a reason of its own.
 */
final class Keywords {
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS",
            "BETWEEN", "ORDER", "BY", "INSERT", "INTO", "VALUE", "UPDATE", "SET", "REMOVE", "DELETE", "RETURNING",
            "MISSING", "NULL", "TRUE", "FALSE", "EXISTS", "ASC", "DESC");

    private Keywords() {
    }

    static boolean isReserved(String word) {
        return RESERVED.contains(word.toUpperCase(Locale.ROOT));
    }
}
