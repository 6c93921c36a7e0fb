package keystorm.checker;

/**
 * A checker's verdict. UNKNOWN means the checker could not decide (a budget ran out, a
 * precondition of the analysis did not hold) and is never to be read as VALID.
 */
public enum Validity {
    VALID, INVALID, UNKNOWN;

    /** Jepsen's merge: invalid beats unknown beats valid. */
    public Validity and(Validity other) {
        if (this == INVALID || other == INVALID) {
            return INVALID;
        }
        if (this == UNKNOWN || other == UNKNOWN) {
            return UNKNOWN;
        }
        return VALID;
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
