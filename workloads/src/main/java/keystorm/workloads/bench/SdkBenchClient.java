package keystorm.workloads.bench;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import keystorm.workloads.client.SdkStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The bench through the AWS SDK v2's synchronous DynamoDbClient over the url-connection HTTP
 * client: the client a user's service runs, with its marshalling, signing and checksums, so that a
 * bench can show what a store gives such a service. Not pipelined: {@link #execute} returns a
 * completed future after the call, and the load generator runs many senders.
 *
 * <p>As {@link SdkStore} does, the SDK never retries ({@code doNotRetry}; the JDK's hidden POST
 * retry is off, see SdkStore) and every call is bounded by the timeout. Outcomes:
 * <ul>
 * <li>a service error whose code {@link BenchOutcome#isThrottling} (ProvisionedThroughputExceeded,
 * Throttling, RequestLimitExceeded): THROTTLED;</li>
 * <li>another service error with a 4xx status: FAILED, with its error code;</li>
 * <li>a 5xx, and every client-side failure (timeouts, IO errors, a closed connection, a CRC
 * mismatch): INDETERMINATE;</li>
 * <li>a BatchGetItem whose keys all came back unprocessed: THROTTLED ({@code UnprocessedKeys}),
 * as the Netty client counts it ({@link keystorm.workloads.bench.http.ResponseDecoder}).</li>
 * </ul>
 *
 * <p>The JDK keeps at most {@code http.maxConnections} (default 5) idle connections per
 * destination; with more senders than that, connections are opened and closed all the time. This
 * class sets it to 256 when it is first loaded, unless it was set; set it on the command line to
 * be sure, as the JDK reads it once.
 *
 * <p>Thread-safe (the SDK client is).
 */
public final class SdkBenchClient implements BenchClient {
    private static final Duration TABLE_WAIT = Duration.ofSeconds(60);
    private static final Duration TABLE_POLL = Duration.ofMillis(100);

    static {
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "256");
        }
    }

    private final URI endpoint;
    private final DynamoDbClient client;

    /** A local endpoint: us-east-1, {@link SdkStore.Credentials#LOCAL}, 10 s. */
    public SdkBenchClient(URI endpoint) {
        this(endpoint, SdkStore.DEFAULT_REGION, SdkStore.Credentials.LOCAL, NettyBenchClient.Options.DEFAULT_TIMEOUT);
    }

    public SdkBenchClient(URI endpoint, String region, SdkStore.Credentials credentials, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        AwsCredentialsProvider provider = switch (credentials) {
            case SdkStore.Credentials.Static s -> StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
            case SdkStore.Credentials.DefaultChain ignored -> DefaultCredentialsProvider.builder().build();
        };
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(provider)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout))
                .build();
    }

    @Override
    public CompletableFuture<BenchOutcome> execute(BenchRequest request) {
        Objects.requireNonNull(request, "request");
        BenchOutcome outcome;
        try {
            outcome = call(request);
        } catch (AwsServiceException e) {
            outcome = outcome(e);
        } catch (SdkException e) {
            outcome = BenchOutcome.indeterminate(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return CompletableFuture.completedFuture(outcome);
    }

    /** A service error's outcome: throttled, failed (4xx) or indeterminate (5xx, anything else). */
    static BenchOutcome outcome(AwsServiceException e) {
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
        String type = code != null ? code : "HTTP " + e.statusCode();
        if (BenchOutcome.isThrottling(type)) {
            return BenchOutcome.throttled(type);
        }
        if (e.statusCode() >= 400 && e.statusCode() < 500) {
            return BenchOutcome.failed(type);
        }
        return BenchOutcome.indeterminate("HTTP " + e.statusCode() + " " + type);
    }

    private BenchOutcome call(BenchRequest request) {
        return switch (request) {
            case BenchRequest.Get get -> {
                var response = client.getItem(b -> b.tableName(get.table()).key(key(get.key()))
                        .consistentRead(get.consistent()).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                yield BenchOutcome.ok(units(response.consumedCapacity()), 0, response.hasItem() ? 1 : 0);
            }
            case BenchRequest.Put put -> {
                Map<String, AttributeValue> item = key(put.key());
                put.fields().forEach((name, value) -> item.put(name, AttributeValue.fromS(value)));
                var response = client.putItem(b -> b.tableName(put.table()).item(item)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                yield BenchOutcome.ok(0, units(response.consumedCapacity()), 0);
            }
            case BenchRequest.Update update -> {
                var response = client.updateItem(b -> b.tableName(update.table()).key(key(update.key()))
                        .updateExpression("SET #f = :v")
                        .expressionAttributeNames(Map.of("#f", update.field()))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(update.value())))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                yield BenchOutcome.ok(0, units(response.consumedCapacity()), 0);
            }
            case BenchRequest.Query query -> {
                var response = client.query(b -> {
                    b.tableName(query.table()).keyConditionExpression("#pk = :pk")
                            .expressionAttributeNames(Map.of("#pk", BenchKey.PARTITION_KEY))
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(query.pk())))
                            .consistentRead(query.consistent()).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                    if (query.limit() > 0) {
                        b.limit(query.limit());
                    }
                });
                yield BenchOutcome.ok(units(response.consumedCapacity()), 0, response.count());
            }
            case BenchRequest.Scan scan -> {
                var response = client.scan(b -> {
                    b.tableName(scan.table()).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                    if (scan.exclusiveStart() != null) {
                        b.exclusiveStartKey(key(scan.exclusiveStart()));
                    }
                    if (scan.limit() > 0) {
                        b.limit(scan.limit());
                    }
                });
                yield BenchOutcome.ok(units(response.consumedCapacity()), 0, response.count());
            }
            case BenchRequest.BatchGet batch -> {
                List<Map<String, AttributeValue>> keys = batch.keys().stream().map(SdkBenchClient::key).toList();
                BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(Map.of(batch.table(),
                        KeysAndAttributes.builder().keys(keys).consistentRead(batch.consistent()).build()))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                int items = response.responses().values().stream().mapToInt(List::size).sum();
                int unprocessed = response.unprocessedKeys().values().stream()
                        .mapToInt(k -> k.hasKeys() ? k.keys().size() : 0).sum();
                if (items == 0 && unprocessed > 0) {
                    yield BenchOutcome.throttled("UnprocessedKeys");
                }
                double units = response.consumedCapacity().stream().mapToDouble(SdkBenchClient::units).sum();
                yield BenchOutcome.ok(units, 0, items);
            }
        };
    }

    /** CapacityUnits, or read plus write units where the store splits them; 0 when it sent none. */
    static double units(ConsumedCapacity capacity) {
        if (capacity == null) {
            return 0;
        }
        if (capacity.capacityUnits() != null) {
            return capacity.capacityUnits();
        }
        double read = capacity.readCapacityUnits() != null ? capacity.readCapacityUnits() : 0;
        double write = capacity.writeCapacityUnits() != null ? capacity.writeCapacityUnits() : 0;
        return read + write;
    }

    static Map<String, AttributeValue> key(BenchKey key) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(BenchKey.PARTITION_KEY, AttributeValue.fromS(key.pk()));
        map.put(BenchKey.SORT_KEY, AttributeValue.fromS(key.sk()));
        return map;
    }

    @Override
    public void createTable(String table, TableMode mode) {
        Objects.requireNonNull(mode, "mode");
        deleteTable(table);
        CreateTableRequest.Builder create = CreateTableRequest.builder().tableName(table)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(BenchKey.PARTITION_KEY)
                                .attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(BenchKey.SORT_KEY)
                                .attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(BenchKey.PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(BenchKey.SORT_KEY).keyType(KeyType.RANGE).build());
        switch (mode) {
            case TableMode.OnDemand ignored -> create.billingMode(BillingMode.PAY_PER_REQUEST);
            case TableMode.Provisioned p -> create.billingMode(BillingMode.PROVISIONED).provisionedThroughput(
                    t -> t.readCapacityUnits(p.readCapacityUnits()).writeCapacityUnits(p.writeCapacityUnits()));
        }
        client.createTable(create.build());
        await(table, true);
    }

    @Override
    public void deleteTable(String table) {
        try {
            client.deleteTable(d -> d.tableName(table));
        } catch (ResourceNotFoundException e) {
            return;
        }
        await(table, false);
    }

    private void await(String table, boolean exists) {
        WaiterOverrideConfiguration bound = WaiterOverrideConfiguration.builder()
                .waitTimeout(TABLE_WAIT)
                .maxAttempts((int) (TABLE_WAIT.toMillis() / TABLE_POLL.toMillis()))
                .backoffStrategyV2(BackoffStrategy.fixedDelay(TABLE_POLL))
                .build();
        DescribeTableRequest describe = DescribeTableRequest.builder().tableName(table).build();
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
            var matched = exists ? waiter.waitUntilTableExists(describe, bound).matched()
                    : waiter.waitUntilTableNotExists(describe, bound).matched();
            Throwable failure = matched.exception().orElse(null);
            if (failure != null && !(failure instanceof ResourceNotFoundException && !exists)) {
                throw new IllegalStateException("waiting for table " + table + " to be "
                        + (exists ? "ACTIVE" : "gone") + ": " + failure, failure);
            }
        }
    }

    @Override
    public boolean pipelined() {
        return false;
    }

    @Override
    public String describe() {
        return "sdk " + endpoint;
    }

    @Override
    public void close() {
        client.close();
    }
}
