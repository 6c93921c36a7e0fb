package keystorm.engine.partiql;

import java.util.ArrayList;
import java.util.List;
import keystorm.engine.api.DynamoException;

/**
 * Splits a statement into {@link Token}s: words, "quoted names", 'strings' (a quote inside doubled),
 * numbers, {@code ?}, and the symbols of DynamoDB's PartiQL subset, including {@code <<} and
 * {@code >>} around set literals. A statement is at most {@link Partiql#STATEMENT_CHARS_MAX} long, so
 * the token list is bounded by it.
 */
final class Lexer {
    private static final String TWO_CHAR_SYMBOLS = "<= >= <> != << >> ||";
    private static final String ONE_CHAR_SYMBOLS = "=<>(),.[]{}:*+-/";

    private Lexer() {
    }

    static List<Token> tokens(String statement) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = statement.length();
        while (i < n) {
            char c = statement.charAt(i);
            int column = i - lineStart + 1;
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && statement.charAt(i + 1) == '-') {
                while (i < n && statement.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw malformed("Unterminated " + (c == '\'' ? "string" : "quoted name") + " at line "
                                + line + ", column " + column);
                    }
                    char d = statement.charAt(j);
                    if (d == c) {
                        if (j + 1 < n && statement.charAt(j + 1) == c) {
                            text.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(d);
                    j++;
                }
                tokens.add(new Token(c == '\'' ? Token.Kind.STRING : Token.Kind.QUOTED, text.toString(), line, column));
                i = j + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(statement.charAt(i + 1)))) {
                int j = i;
                while (j < n && (Character.isDigit(statement.charAt(j)) || statement.charAt(j) == '.')) {
                    j++;
                }
                if (j < n && (statement.charAt(j) == 'e' || statement.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < n && (statement.charAt(k) == '+' || statement.charAt(k) == '-')) {
                        k++;
                    }
                    if (k < n && Character.isDigit(statement.charAt(k))) {
                        j = k;
                        while (j < n && Character.isDigit(statement.charAt(j))) {
                            j++;
                        }
                    }
                }
                tokens.add(new Token(Token.Kind.NUMBER, statement.substring(i, j), line, column));
                i = j;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(statement.charAt(j)) || statement.charAt(j) == '_'
                        || statement.charAt(j) == '$')) {
                    j++;
                }
                tokens.add(new Token(Token.Kind.WORD, statement.substring(i, j), line, column));
                i = j;
            } else if (c == '?') {
                tokens.add(new Token(Token.Kind.PARAMETER, "?", line, column));
                i++;
            } else if (i + 1 < n && TWO_CHAR_SYMBOLS.contains(statement.substring(i, i + 2))
                    && statement.charAt(i + 1) != ' ') {
                tokens.add(new Token(Token.Kind.SYMBOL, statement.substring(i, i + 2), line, column));
                i += 2;
            } else if (ONE_CHAR_SYMBOLS.indexOf(c) >= 0) {
                tokens.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), line, column));
                i++;
            } else {
                throw malformed("Unexpected character '" + c + "' at line " + line + ", column " + column);
            }
        }
        tokens.add(new Token(Token.Kind.END, "", line, n - lineStart + 1));
        return tokens;
    }

    static DynamoException malformed(String detail) {
        return DynamoException.validation("Statement wasn't well formed, can't be processed: " + detail);
    }
}
