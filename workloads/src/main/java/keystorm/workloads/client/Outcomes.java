package keystorm.workloads.client;

import keystorm.checker.history.OpType;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;

/**
 * Which refusals prove that a request did not take effect. This is where harnesses most often go
 * wrong: calling an indeterminate outcome a failure makes a correct store look broken (a write
 * that timed out but applied, then read back, looks like a value from nowhere).
 */
public final class Outcomes {
    private Outcomes() {
    }

    /**
     * FAIL when DynamoDB documents that a request refused this way was not applied: condition
     * failures, cancelled or conflicting transactions, throttling (the request was rejected
     * before it ran), validation, a missing or bad signature and a denied action, and the other
     * client errors. INFO for a server error (the
     * service may have applied the request before it failed) and for TransactionInProgress (the
     * first request with that token may still commit).
     */
    public static OpType of(ErrorType type) {
        return switch (type) {
            case ConditionalCheckFailedException, TransactionCanceledException, TransactionConflictException,
                 IdempotentParameterMismatchException, ProvisionedThroughputExceededException, ThrottlingException,
                 RequestLimitExceeded, ValidationException, SerializationException, UnknownOperationException,
                 ResourceNotFoundException, ResourceInUseException, LimitExceededException,
                 ItemCollectionSizeLimitExceededException, DuplicateItemException -> OpType.FAIL;
            // a stream's reader, refused: nothing was written
            case ExpiredIteratorException, TrimmedDataAccessException -> OpType.FAIL;
            // refused by keystorm serve --auth before the engine saw the request
            case MissingAuthenticationTokenException, UnrecognizedClientException, InvalidSignatureException,
                 IncompleteSignatureException, AccessDeniedException -> OpType.FAIL;
            case TransactionInProgressException, InternalServerError -> OpType.INFO;
        };
    }

    /**
     * FAIL or INFO for anything a store call threw: FAIL for a refusal that proves nothing was applied
     * (see above) and for a request never sent ({@link NotSentException}); INFO for everything else.
     */
    public static OpType of(Throwable failure) {
        if (failure instanceof DynamoException dynamo) {
            return of(dynamo.type());
        }
        if (failure instanceof NotSentException) {
            return OpType.FAIL;
        }
        return OpType.INFO;
    }

    /** What the history records as the error: DynamoDB's name, or the kind of indeterminacy. */
    public static String error(Throwable failure) {
        if (failure instanceof DynamoException dynamo) {
            return dynamo.type().name();
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
