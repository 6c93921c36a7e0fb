package keystorm.engine.api;

/**
 * The errors the engine answers with, named exactly as DynamoDB names them, so that the HTTP
 * server maps each one to {@code com.amazonaws.dynamodb.v20120810#<name>} and its status without
 * a table of its own. See "Error handling with DynamoDB" in the developer guide.
 */
public enum ErrorType {
    ConditionalCheckFailedException(400, false),
    TransactionCanceledException(400, false),
    TransactionConflictException(400, false),
    TransactionInProgressException(400, false),
    IdempotentParameterMismatchException(400, false),
    ProvisionedThroughputExceededException(400, true),
    ThrottlingException(400, true),
    RequestLimitExceeded(400, true),
    ValidationException(400, false),
    SerializationException(400, false),
    UnknownOperationException(400, false),
    ResourceNotFoundException(400, false),
    ResourceInUseException(400, false),
    LimitExceededException(400, false),
    ItemCollectionSizeLimitExceededException(400, false),
    // PartiQL: an INSERT of an item that exists
    DuplicateItemException(400, false),
    // DynamoDB Streams
    ExpiredIteratorException(400, false),
    TrimmedDataAccessException(400, false),
    InternalServerError(500, true),
    // the service front end's, before any table is looked at: keystorm serve --auth
    MissingAuthenticationTokenException(400, false, true),
    UnrecognizedClientException(400, false, true),
    InvalidSignatureException(400, false, true),
    IncompleteSignatureException(400, false, true),
    AccessDeniedException(400, false, true);

    private final int httpStatus;
    private final boolean retryable;
    /** Answered by the AWS front end, not DynamoDB itself: its {@code __type} is {@code com.amazon.coral.service#}. */
    private final boolean frontEnd;

    ErrorType(int httpStatus, boolean retryable) {
        this(httpStatus, retryable, false);
    }

    ErrorType(int httpStatus, boolean retryable, boolean frontEnd) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.frontEnd = frontEnd;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the AWS SDKs retry this error by default. */
    public boolean retryable() {
        return retryable;
    }

    /** The {@code __type} DynamoDB puts in an error body. */
    public String wireType() {
        return (frontEnd ? "com.amazon.coral.service#" : "com.amazonaws.dynamodb.v20120810#") + name();
    }
}
