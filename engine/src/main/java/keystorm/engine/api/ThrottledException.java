package keystorm.engine.api;

import java.util.List;

/**
 * A throttled request (ProvisionedThroughputExceededException or ThrottlingException) with the
 * reasons DynamoDB gives: which table or index refused it, for which operation and limit.
 */
public final class ThrottledException extends DynamoException {
    private final List<ThrottlingReason> reasons;

    public ThrottledException(ErrorType type, String message, List<ThrottlingReason> reasons) {
        super(type, message);
        if (type != ErrorType.ProvisionedThroughputExceededException && type != ErrorType.ThrottlingException) {
            throw new IllegalArgumentException("not a throttling error: " + type);
        }
        this.reasons = List.copyOf(reasons);
    }

    public List<ThrottlingReason> reasons() {
        return reasons;
    }
}
