package keystorm.workloads.bench;

/**
 * What one request came to. {@code readUnits} / {@code writeUnits} are the consumed capacity the
 * store reported (0 when throttled or failed); {@code items} how many items a read returned (0 or
 * 1 for a GetItem); {@code errorType} DynamoDB's error type for a refusal or a short reason for an
 * indeterminate outcome, null when ok.
 */
public record BenchOutcome(Kind kind, String errorType, double readUnits, double writeUnits, int items) {
    public enum Kind {
        /** Answered 200. */
        OK,
        /** Refused for throughput: ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded. */
        THROTTLED,
        /** Another refusal the store answered (a 4xx): the request took no effect. */
        FAILED,
        /** No answer that says whether it took effect: a 5xx, a timeout, a lost connection. */
        INDETERMINATE
    }

    public static BenchOutcome ok(double readUnits, double writeUnits, int items) {
        return new BenchOutcome(Kind.OK, null, readUnits, writeUnits, items);
    }

    public static BenchOutcome throttled(String errorType) {
        return new BenchOutcome(Kind.THROTTLED, errorType, 0, 0, 0);
    }

    public static BenchOutcome failed(String errorType) {
        return new BenchOutcome(Kind.FAILED, errorType, 0, 0, 0);
    }

    public static BenchOutcome indeterminate(String reason) {
        return new BenchOutcome(Kind.INDETERMINATE, reason, 0, 0, 0);
    }

    /** Whether an error type is a throttling refusal. */
    public static boolean isThrottling(String errorType) {
        return errorType != null && (errorType.endsWith("ProvisionedThroughputExceededException")
                || errorType.endsWith("ThrottlingException") || errorType.endsWith("RequestLimitExceeded"));
    }
}
