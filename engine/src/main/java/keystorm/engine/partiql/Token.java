package keystorm.engine.partiql;

/**
 * One lexeme of a PartiQL statement and where it starts (1-based line and column, as DynamoDB's
 * messages count them). {@code text} is the keyword or identifier as written, a string literal's
 * content with its quotes doubled back to one, or the symbol.
 */
record Token(Kind kind, String text, int line, int column) {
    enum Kind {
        /** A bare word: a keyword (matched without regard to case) or an attribute or table name. */
        WORD,
        /** A name in double quotes: never a keyword. */
        QUOTED,
        /** A string in single quotes. */
        STRING,
        NUMBER,
        /** {@code ?}: the next of the request's Parameters. */
        PARAMETER,
        SYMBOL,
        END
    }

    boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String describe() {
        return switch (kind) {
            case END -> "end of statement";
            case STRING -> "'" + text + "'";
            case QUOTED -> "\"" + text + "\"";
            default -> text;
        };
    }

    String position() {
        return "at line " + line + ", column " + column;
    }
}
