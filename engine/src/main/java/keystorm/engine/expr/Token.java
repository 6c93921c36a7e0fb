package keystorm.engine.expr;

/** One lexical token of an expression, with its offset in the text for error messages. */
record Token(Kind kind, String text, int offset) {
    enum Kind {
        IDENT, NAME_PLACEHOLDER, VALUE_PLACEHOLDER, NUMBER,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS,
        EOF
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }
}
