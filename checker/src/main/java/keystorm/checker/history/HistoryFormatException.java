package keystorm.checker.history;

/** A history file that cannot be read: says which line and what is wrong. */
public final class HistoryFormatException extends Exception {
    private final long line;

    public HistoryFormatException(long line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public HistoryFormatException(String message) {
        super(message);
        this.line = -1;
    }

    public long line() {
        return line;
    }
}
