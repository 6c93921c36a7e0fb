package keystorm.engine.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens. DynamoDB's expression grammar is small enough that one
 * hand-written pass is clearer than a generated lexer, and it lets errors name the offending
 * token as DynamoDB does ({@code Syntax error; token: "=", near: "SET = :v"}).
 */
final class Lexer {
    private Lexer() {
    }

    static List<Token> tokenize(String text, String expressionKind) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            Token.Kind single = switch (c) {
                case '(' -> Token.Kind.LPAREN;
                case ')' -> Token.Kind.RPAREN;
                case '[' -> Token.Kind.LBRACKET;
                case ']' -> Token.Kind.RBRACKET;
                case ',' -> Token.Kind.COMMA;
                case '.' -> Token.Kind.DOT;
                case '=' -> Token.Kind.EQ;
                case '+' -> Token.Kind.PLUS;
                case '-' -> Token.Kind.MINUS;
                default -> null;
            };
            if (single != null) {
                tokens.add(new Token(single, String.valueOf(c), start));
                i++;
            } else if (c == '<') {
                if (i + 1 < n && text.charAt(i + 1) == '=') {
                    tokens.add(new Token(Token.Kind.LE, "<=", start));
                    i += 2;
                } else if (i + 1 < n && text.charAt(i + 1) == '>') {
                    tokens.add(new Token(Token.Kind.NE, "<>", start));
                    i += 2;
                } else {
                    tokens.add(new Token(Token.Kind.LT, "<", start));
                    i++;
                }
            } else if (c == '>') {
                if (i + 1 < n && text.charAt(i + 1) == '=') {
                    tokens.add(new Token(Token.Kind.GE, ">=", start));
                    i += 2;
                } else {
                    tokens.add(new Token(Token.Kind.GT, ">", start));
                    i++;
                }
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw ParseErrors.syntax(expressionKind, text, String.valueOf(c), start);
                }
                tokens.add(new Token(c == '#' ? Token.Kind.NAME_PLACEHOLDER : Token.Kind.VALUE_PLACEHOLDER,
                        text.substring(start, i), start));
            } else if (c >= '0' && c <= '9') {
                while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                tokens.add(new Token(Token.Kind.NUMBER, text.substring(start, i), start));
            } else if (isWordStart(c)) {
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Token.Kind.IDENT, text.substring(start, i), start));
            } else {
                throw ParseErrors.syntax(expressionKind, text, String.valueOf(c), start);
            }
        }
        tokens.add(new Token(Token.Kind.EOF, "<EOF>", n));
        return tokens;
    }

    /** A bare name starts with a letter ("SET _a" is a syntax error at "_", as in DynamoDB). */
    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isWordChar(char c) {
        return isWordStart(c) || (c >= '0' && c <= '9') || c == '_';
    }
}
