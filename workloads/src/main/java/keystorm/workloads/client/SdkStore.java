package keystorm.workloads.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactGetItemsResponse;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Any DynamoDB endpoint through the AWS SDK v2: DynamoDB Local, {@code keystorm serve}, ScyllaDB
 * Alternator, the real service.
 *
 * <p>Guarantees, per {@link Store}: the SDK never retries (a retry would hide an indeterminate
 * first attempt, and could apply a write twice), and every call is bounded by {@code timeout}.
 * Outcomes map so (see {@link #translate}):
 * <ul>
 *   <li>a service error with a 4xx status is a refusal: {@link DynamoException} of its DynamoDB
 *       type; a 4xx code keystorm does not know (UnrecognizedClientException,
 *       AccessDeniedException, a proxy's 413...) is still a refusal and becomes a
 *       ValidationException naming the code, since the service did not run the request;</li>
 *   <li>a 5xx, or any status that is not a 4xx, is an {@link IndeterminateException}: the service
 *       may have applied the request before it failed;</li>
 *   <li>every client-side failure (ApiCallTimeoutException, ApiCallAttemptTimeoutException, an
 *       IO error, a reset or closed connection, a CRC mismatch) is an {@link IndeterminateException}.</li>
 * </ul>
 *
 * <p>The JDK's HttpURLConnection, under the SDK's url-connection client, silently resends a
 * POST once when a kept-alive connection fails before the answer ({@code sun.net.http.retryPost},
 * default true): a hidden retry below the SDK. This class turns it off when it is first loaded,
 * unless the property was set; the JDK reads it once, so the harness should set it on the
 * command line ({@code -Dsun.net.http.retryPost=false}) to be sure.
 */
public final class SdkStore implements Store {
    /** How long a call may take when not told: DynamoDB's own p99.9 is in the tens of milliseconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_REGION = "us-east-1";
    /** How long createTable and deleteTable wait for the table to become ACTIVE or go away. */
    static final Duration TABLE_WAIT = Duration.ofSeconds(60);
    private static final Duration TABLE_POLL = Duration.ofMillis(250);

    static {
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    /** Where the SDK's credentials come from. A policy, chosen by the caller, never guessed from the host. */
    public sealed interface Credentials {
        /** What DynamoDB Local and keystorm serve accept (they do not check signatures). */
        Static LOCAL = new Static("keystorm", "keystorm");

        record Static(String accessKeyId, String secretAccessKey) implements Credentials {
            public Static {
                Objects.requireNonNull(accessKeyId, "accessKeyId");
                Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            }
        }

        /** The SDK's default chain (environment, profile, instance role ...): for the real service. */
        record DefaultChain() implements Credentials {
        }
    }

    private final URI endpoint;
    private final DynamoDbClient client;

    /** A local endpoint (DynamoDB Local, keystorm serve): us-east-1, {@link Credentials#LOCAL}, 5 s. */
    public SdkStore(URI endpoint) {
        this(endpoint, DEFAULT_REGION, Credentials.LOCAL, DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout bounds each call, connection included (apiCallTimeout and
     *     apiCallAttemptTimeout, equal since there is one attempt; connection and socket timeouts)
     */
    public SdkStore(URI endpoint, String region, Credentials credentials, Duration timeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.endpoint = endpoint;
        AwsCredentialsProvider provider = switch (credentials) {
            case Credentials.Static s -> StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
            case Credentials.DefaultChain ignored -> DefaultCredentialsProvider.builder().build();
        };
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(provider)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeout)
                        .socketTimeout(timeout)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout))
                .build();
    }

    @Override
    public void createTable(CreateTableRequest request) {
        try {
            call("CreateTable", () -> client.createTable(SdkRequests.createTable(request)));
        } catch (DynamoException e) {
            if (e.type() != ErrorType.ResourceInUseException) {
                throw e;
            }
            // already there (or still being created by someone else): wait for it all the same
        }
        awaitTable(request.tableName(), true);
    }

    @Override
    public void deleteTable(String tableName) {
        try {
            call("DeleteTable", () -> client.deleteTable(d -> d.tableName(tableName)));
        } catch (DynamoException e) {
            if (e.type() == ErrorType.ResourceNotFoundException) {
                return;
            }
            throw e;
        }
        awaitTable(tableName, false);
    }

    /**
     * Polls DescribeTable (DynamoDB and DynamoDB Local create and delete tables asynchronously)
     * every {@link #TABLE_POLL} for at most {@link #TABLE_WAIT}, until the table is ACTIVE
     * ({@code exists}) or gone. Running out of time is indeterminate: the table may yet appear.
     */
    private void awaitTable(String tableName, boolean exists) {
        WaiterOverrideConfiguration bound = WaiterOverrideConfiguration.builder()
                .waitTimeout(TABLE_WAIT)
                .maxAttempts((int) (TABLE_WAIT.toMillis() / TABLE_POLL.toMillis()))
                .backoffStrategyV2(BackoffStrategy.fixedDelay(TABLE_POLL))
                .build();
        DescribeTableRequest describe = DescribeTableRequest.builder().tableName(tableName).build();
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
            var outcome = call("DescribeTable", () -> exists
                    ? waiter.waitUntilTableExists(describe, bound).matched()
                    : waiter.waitUntilTableNotExists(describe, bound).matched());
            Throwable failure = outcome.exception().orElse(null);
            if (failure instanceof SdkException sdk && !(failure instanceof ResourceNotFoundException)) {
                throw translate("DescribeTable", sdk);
            }
            if (failure != null && !(failure instanceof ResourceNotFoundException)) {
                throw new IndeterminateException("DescribeTable " + tableName + " failed: " + failure, failure);
            }
        }
    }

    @Override
    public WriteResponse putItem(PutItemRequest request) {
        return SdkRequests.putItem(call("PutItem", () -> client.putItem(SdkRequests.putItem(request))));
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return SdkRequests.getItem(call("GetItem", () -> client.getItem(SdkRequests.getItem(request))));
    }

    @Override
    public WriteResponse updateItem(UpdateItemRequest request) {
        return SdkRequests.updateItem(call("UpdateItem", () -> client.updateItem(SdkRequests.updateItem(request))));
    }

    @Override
    public WriteResponse deleteItem(DeleteItemRequest request) {
        return SdkRequests.deleteItem(call("DeleteItem", () -> client.deleteItem(SdkRequests.deleteItem(request))));
    }

    @Override
    public PageResponse scan(ScanRequest request) {
        return SdkRequests.scan(call("Scan", () -> client.scan(SdkRequests.scan(request))));
    }

    @Override
    public PageResponse query(QueryRequest request) {
        return SdkRequests.query(call("Query", () -> client.query(SdkRequests.query(request))));
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return SdkRequests.transactWriteItems(call("TransactWriteItems",
                () -> client.transactWriteItems(SdkRequests.transactWriteItems(request))));
    }

    @Override
    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        return SdkRequests.transactGetItems(call("TransactGetItems",
                () -> client.transactGetItems(SdkRequests.transactGetItems(request))));
    }

    // Streams through the SDK's DynamoDbStreamsClient (issue 16)

    @Override
    public keystorm.engine.api.ListStreamsResponse listStreams(keystorm.engine.api.ListStreamsRequest request) {
        throw new UnsupportedOperationException("ListStreams over HTTP: issue 16");
    }

    @Override
    public keystorm.engine.api.StreamDescription describeStream(keystorm.engine.api.DescribeStreamRequest request) {
        throw new UnsupportedOperationException("DescribeStream over HTTP: issue 16");
    }

    @Override
    public String getShardIterator(keystorm.engine.api.GetShardIteratorRequest request) {
        throw new UnsupportedOperationException("GetShardIterator over HTTP: issue 16");
    }

    @Override
    public keystorm.engine.api.GetRecordsResponse getRecords(keystorm.engine.api.GetRecordsRequest request) {
        throw new UnsupportedOperationException("GetRecords over HTTP: issue 16");
    }

    @Override
    public keystorm.engine.api.TableDescription describeTable(String tableName) {
        throw new UnsupportedOperationException("DescribeTable over HTTP: issue 16");
    }

    // PartiQL (issue 17)

    @Override
    public keystorm.engine.api.ExecuteStatementResponse executeStatement(
            keystorm.engine.api.ExecuteStatementRequest request) {
        return SdkRequests.executeStatement(call("ExecuteStatement",
                () -> client.executeStatement(SdkRequests.executeStatement(request))));
    }

    @Override
    public keystorm.engine.api.ExecuteTransactionResponse executeTransaction(
            keystorm.engine.api.ExecuteTransactionRequest request) {
        return SdkRequests.executeTransaction(call("ExecuteTransaction",
                () -> client.executeTransaction(SdkRequests.executeTransaction(request))));
    }

    @Override
    public java.util.List<String> tableNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        String start = null;
        for (int page = 0; page < 10_000; page++) {
            String from = start;
            software.amazon.awssdk.services.dynamodb.model.ListTablesResponse response = call("ListTables",
                    () -> client.listTables(b -> b.exclusiveStartTableName(from).limit(100)));
            names.addAll(response.tableNames());
            start = response.lastEvaluatedTableName();
            if (start == null) {
                return names;
            }
        }
        throw new IllegalStateException("more than a million tables at " + describe());
    }

    @Override
    public String describe() {
        return endpoint.toString();
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw translate(operation, e);
        }
    }

    /** What the SDK threw, as the {@link Store} contract names it. */
    static RuntimeException translate(String operation, SdkException e) {
        if (e instanceof SdkServiceException service && service.statusCode() >= 400 && service.statusCode() < 500) {
            String code = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorCode() : null;
            String message = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    && aws.awsErrorDetails().errorMessage() != null ? aws.awsErrorDetails().errorMessage()
                    : String.valueOf(e.getMessage());
            ErrorType type = known(code);
            if (type == null) {
                return new DynamoException(ErrorType.ValidationException, operation + " refused with HTTP "
                        + service.statusCode() + " and an error keystorm does not know, " + code + ": " + message);
            }
            return switch (e) {
                case software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException cancelled ->
                        new TransactionCanceledException(cancelled.hasCancellationReasons()
                                ? SdkRequests.reasons(cancelled.cancellationReasons()) : java.util.List.of());
                case software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException failed ->
                        new ConditionalCheckFailedException(SdkValues.item(failed.hasItem(), failed.item()));
                default -> new DynamoException(type, message);
            };
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                // Refused at connect: nothing was sent (the JDK's silent resend is off), so nothing applied.
                return new NotSentException(operation + " not sent: " + cause.getMessage(), e);
            }
        }
        String status = e instanceof SdkServiceException service ? " (HTTP " + service.statusCode() + ")" : "";
        return new IndeterminateException(operation + " " + e.getClass().getSimpleName() + status + ": " + e.getMessage(), e);
    }

    private static ErrorType known(String code) {
        if (code == null) {
            return null;
        }
        if (code.equals("DuplicateItem")) {
            return ErrorType.DuplicateItemException; // DynamoDB Local's name for the service's DuplicateItemException
        }
        for (ErrorType type : ErrorType.values()) {
            if (type.name().equals(code)) {
                return type;
            }
        }
        return null;
    }
}
