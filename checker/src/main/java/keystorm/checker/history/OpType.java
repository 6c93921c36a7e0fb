package keystorm.checker.history;

/**
 * Jepsen's operation types. {@code INFO} means the outcome is unknown: the operation may or
 * may not have taken effect, at any time after its invocation.
 */
public enum OpType {
    INVOKE, OK, FAIL, INFO;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static OpType parse(String word) {
        return switch (word) {
            case "invoke" -> INVOKE;
            case "ok" -> OK;
            case "fail" -> FAIL;
            case "info" -> INFO;
            default -> throw new IllegalArgumentException("type must be invoke, ok, fail or info, not '" + word + "'");
        };
    }
}
