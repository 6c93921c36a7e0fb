package keystorm.workloads.client;

/**
 * The store may or may not have applied the request: it timed out, the connection broke, or the
 * store answered a server error. A client records such an operation as {@code info}, never as
 * {@code fail}.
 */
public final class IndeterminateException extends RuntimeException {
    public IndeterminateException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndeterminateException(String message) {
        super(message);
    }
}
