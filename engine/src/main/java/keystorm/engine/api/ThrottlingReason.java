package keystorm.engine.api;

import java.util.Objects;

/**
 * Why a request was throttled, as DynamoDB has told since 2025 in the {@code ThrottlingReasons} of a
 * ProvisionedThroughputExceededException or ThrottlingException ("ThrottlingReason" in the API
 * reference): {@code reason} is resource type + operation + limit ({@code TableWriteProvisionedThroughputExceeded},
 * {@code IndexReadKeyRangeThroughputExceeded}, ...), {@code resource} the ARN of the table or index.
 */
public record ThrottlingReason(String reason, String resource) {
    public ThrottlingReason {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(resource, "resource");
    }
}
