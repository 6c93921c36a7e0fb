package keystorm.engine.api;

import java.util.Objects;

/**
 * An expected outcome at the engine's boundary that is not a success: a failed condition, a
 * cancelled transaction, a throttled request, a request DynamoDB would reject. Its {@link
 * ErrorType} carries DynamoDB's name for it. Broken invariants are not DynamoExceptions: they
 * throw {@link IllegalStateException} or {@link AssertionError} and stop.
 *
 * <p>Stack traces are not filled in: these are answers, not bugs, and a throttled hot key can
 * produce hundreds of thousands of them a second.
 */
public class DynamoException extends RuntimeException {
    private final ErrorType type;

    public DynamoException(ErrorType type, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.type = Objects.requireNonNull(type, "type");
    }

    public ErrorType type() {
        return type;
    }

    public static DynamoException validation(String message) {
        return new DynamoException(ErrorType.ValidationException, message);
    }

    public static DynamoException resourceNotFound(String message) {
        return new DynamoException(ErrorType.ResourceNotFoundException, message);
    }

    public static DynamoException resourceInUse(String message) {
        return new DynamoException(ErrorType.ResourceInUseException, message);
    }

    @Override
    public String toString() {
        return type.name() + ": " + getMessage();
    }
}
