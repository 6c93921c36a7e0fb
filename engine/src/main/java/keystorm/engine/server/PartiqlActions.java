package keystorm.engine.server;

import java.util.Locale;
import keystorm.engine.api.DynamoException;

/**
 * What a PartiQL statement asks to be allowed, for {@code keystorm serve --auth}: its IAM action and the table (and
 * index) it names. After DynamoDB's "IAM security policies with PartiQL for DynamoDB": SELECT (and a transaction's
 * {@code EXISTS(SELECT ...)}) is {@code dynamodb:PartiQLSelect}, INSERT {@code dynamodb:PartiQLInsert}, UPDATE
 * {@code dynamodb:PartiQLUpdate}, DELETE {@code dynamodb:PartiQLDelete}, each on the table's ARN, or the index's for
 * {@code FROM "t"."i"}.
 *
 * <p>This reads only the statement's head (the verb and the table after FROM, INTO or UPDATE), not the whole
 * statement: the authorization must not depend on a full parse that could fail after the grant, and a statement
 * whose head cannot be read is refused at once, which reveals nothing about any table.
 */
final class PartiqlActions {
    /** One statement's action and what it names; {@code index} is null for the table itself. */
    record Target(String action, String table, String index) {
    }

    private final String text;
    private int at;

    private PartiqlActions(String text) {
        this.text = text;
    }

    static Target of(String statement) {
        PartiqlActions reader = new PartiqlActions(statement);
        try {
            return reader.target();
        } catch (IllegalArgumentException e) {
            throw DynamoException.validation("Statement wasn't well formed, can't be processed: " + e.getMessage());
        }
    }

    private Target target() {
        String verb = word();
        return switch (verb) {
            case "SELECT" -> from("dynamodb:PartiQLSelect");
            case "EXISTS" -> {
                expect('(');
                if (!word().equals("SELECT")) {
                    throw new IllegalArgumentException("EXISTS takes a SELECT");
                }
                yield from("dynamodb:PartiQLSelect");
            }
            case "INSERT" -> {
                if (!word().equals("INTO")) {
                    throw new IllegalArgumentException("INSERT takes INTO");
                }
                yield named("dynamodb:PartiQLInsert");
            }
            case "UPDATE" -> named("dynamodb:PartiQLUpdate");
            case "DELETE" -> {
                if (!word().equals("FROM")) {
                    throw new IllegalArgumentException("DELETE takes FROM");
                }
                yield named("dynamodb:PartiQLDelete");
            }
            default -> throw new IllegalArgumentException("unexpected keyword " + verb);
        };
    }

    /** A SELECT's projection is skipped up to FROM (outside quotes), then the table. */
    private Target from(String action) {
        for (; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c == '"' || c == '\'') {
                char quote = c;
                for (at++; at < text.length() && text.charAt(at) != quote; at++) {
                    // inside a quoted name or string
                }
                continue;
            }
            if ((at == 0 || !identifierPart(text.charAt(at - 1)))
                    && text.regionMatches(true, at, "FROM", 0, 4)
                    && (at + 4 == text.length() || !identifierPart(text.charAt(at + 4)))) {
                at += 4;
                return named(action);
            }
        }
        throw new IllegalArgumentException("SELECT has no FROM");
    }

    private Target named(String action) {
        String table = name();
        String index = null;
        skipSpace();
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            index = name();
        }
        return new Target(action, table, index);
    }

    /** A table or index name: "quoted" (with "" for a quote) or bare. */
    private String name() {
        skipSpace();
        if (at < text.length() && text.charAt(at) == '"') {
            StringBuilder name = new StringBuilder();
            for (at++; at < text.length(); at++) {
                char c = text.charAt(at);
                if (c == '"') {
                    if (at + 1 < text.length() && text.charAt(at + 1) == '"') {
                        name.append('"');
                        at++;
                        continue;
                    }
                    at++;
                    return name.toString();
                }
                name.append(c);
            }
            throw new IllegalArgumentException("unterminated quoted name");
        }
        int start = at;
        while (at < text.length() && identifierPart(text.charAt(at))) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("expected a table name");
        }
        return text.substring(start, at);
    }

    private String word() {
        skipSpace();
        int start = at;
        while (at < text.length() && Character.isLetter(text.charAt(at))) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("expected a keyword");
        }
        return text.substring(start, at).toUpperCase(Locale.ROOT);
    }

    private void expect(char c) {
        skipSpace();
        if (at >= text.length() || text.charAt(at) != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private static boolean identifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
    }
}
