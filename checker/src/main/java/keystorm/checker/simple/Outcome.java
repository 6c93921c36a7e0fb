package keystorm.checker.simple;

/**
 * Jepsen's ok / fail / info: whether an operation's effect is known. An operation that never
 * completed is INFO, like a timeout: it may have taken effect at any time after its invocation.
 */
public enum Outcome {
    OK, FAIL, INFO;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
