package keystorm.engine.auth;

/**
 * IAM's wildcard match: {@code *} matches any run of characters (including none), {@code ?} exactly one; nothing
 * else is special and there is no escape, as in the IAM User Guide's string-condition and Resource sections. Runs in
 * O(pattern x text) at worst with no recursion and no regex (a policy is configuration, the text is request input).
 */
public final class Wildcard {
    private Wildcard() {}

    /** Case-sensitive match, as for resources and StringLike. */
    public static boolean matches(String pattern, String text) {
        return matches(pattern, text, false);
    }

    /** IAM matches action names without regard to case ("dynamodb:getitem" is "dynamodb:GetItem"). */
    public static boolean matchesIgnoreCase(String pattern, String text) {
        return matches(pattern, text, true);
    }

    /** True if the pattern matches every string (it is made of stars only). */
    public static boolean matchesEverything(String pattern) {
        return !pattern.isEmpty() && pattern.chars().allMatch(c -> c == '*');
    }

    private static boolean matches(String pattern, String text, boolean ignoreCase) {
        int p = 0;
        int t = 0;
        int starAt = -1; // the last star seen in the pattern
        int resumeAt = 0; // where in the text that star's match would grow by one
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                resumeAt = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || same(pattern.charAt(p), text.charAt(t), ignoreCase))) {
                p++;
                t++;
            } else if (starAt >= 0) {
                p = starAt + 1;
                t = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
