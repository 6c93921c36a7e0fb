package keystorm.engine.expr;

import keystorm.engine.api.DynamoException;

/** DynamoDB's wording for expression errors, in one place. */
final class ParseErrors {
    private ParseErrors() {
    }

    /** {@code Invalid ConditionExpression: Syntax error; token: "x", near: "a x b"}. */
    static DynamoException syntax(String kind, String text, String token, int offset) {
        return DynamoException.validation("Invalid " + kind + ": Syntax error; token: \"" + token
                + "\", near: \"" + near(text, offset) + "\"");
    }

    static DynamoException invalid(String kind, String detail) {
        return DynamoException.validation("Invalid " + kind + ": " + detail);
    }

    /** A short window of the text around the offset, on word boundaries. */
    private static String near(String text, int offset) {
        int from = Math.max(0, offset - 1);
        while (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) {
            from--;
        }
        // one word back, as DynamoDB shows the token before the bad one
        int back = from;
        while (back > 0 && Character.isWhitespace(text.charAt(back - 1))) {
            back--;
        }
        while (back > 0 && !Character.isWhitespace(text.charAt(back - 1))) {
            back--;
        }
        int to = Math.min(text.length(), offset + 1);
        while (to < text.length() && !Character.isWhitespace(text.charAt(to))) {
            to++;
        }
        while (to < text.length() && Character.isWhitespace(text.charAt(to))) {
            to++;
        }
        while (to < text.length() && !Character.isWhitespace(text.charAt(to))) {
            to++;
        }
        return text.substring(back, to).strip();
    }
}
