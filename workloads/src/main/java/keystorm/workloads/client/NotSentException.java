package keystorm.workloads.client;

/**
 * The request never reached the store: the connection was refused before anything was sent. Unlike
 * an {@link IndeterminateException}, this proves the request was not applied, so a client records
 * {@code fail}.
 */
public final class NotSentException extends RuntimeException {
    public NotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
