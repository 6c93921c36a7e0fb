package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.auth.AuthConfig;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A live server with access control, called through the AWS SDK's DynamoDbClient, which signs each request for real
 * with a credential of the auth file: the signature's verdicts, the policies' verdicts, and that a denied item of a
 * transaction or a batch keeps every other item from being written.
 */
class AuthServerTest {
    static final String REGION = "eu-west-1";
    /** The README's policy: alice's own partition keys in orders, and nothing else. */
    static final String OWN_KEYS = """
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow",
                            "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                                       "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem",
                                       "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"],
                            "Resource": "arn:aws:dynamodb:*:*:table/orders",
                            "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["alice"]}}}]}""";
    static final String AUTH = """
            {"adminToken": "t0ken",
             "credentials": [
               {"accessKeyId": "AKIDROOT", "secretAccessKey": "root-secret",
                "policy": {"Statement": {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}}},
               {"accessKeyId": "AKIDALICE", "secretAccessKey": "alice-secret", "user": "alice", "policy": %s},
               {"accessKeyId": "AKIDNOPUT", "secretAccessKey": "noput-secret",
                "policy": {"Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
                                         {"Effect": "Deny", "Action": "dynamodb:PutItem",
                                          "Resource": "arn:aws:dynamodb:*:*:table/orders"}]}},
               {"accessKeyId": "AKIDINDEX", "secretAccessKey": "index-secret",
                "policy": {"Statement": {"Effect": "Allow", "Action": "dynamodb:Query",
                                         "Resource": "arn:aws:dynamodb:eu-west-1:000000000000:table/orders/index/byDate"}}}]}
            """.formatted(OWN_KEYS);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static DynamoServer server;
    static DynamoDbClient root;
    static DynamoDbClient alice;

    @BeforeAll
    static void start() {
        server = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, true,
                DynamoServer.Timeouts.DEFAULT, AuthConfig.parse(AUTH, "auth.json"));
        root = client("AKIDROOT", "root-secret");
        alice = client("AKIDALICE", "alice-secret");
        root.createTable(b -> b.tableName("orders")
                .attributeDefinitions(d -> d.attributeName("customer").attributeType(ScalarAttributeType.S),
                        d -> d.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("customer").keyType(KeyType.HASH),
                        k -> k.attributeName("id").keyType(KeyType.RANGE))
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST));
        root.putItem(b -> b.tableName("orders").item(item("bob", "1", "bob's")));
    }

    @AfterAll
    static void stop() {
        root.close();
        alice.close();
        server.close();
    }

    static DynamoDbClient client(String id, String secret) {
        return client(server, id, secret);
    }

    static DynamoDbClient client(DynamoServer on, String id, String secret) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(on.endpoint()))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static Map<String, AttributeValue> item(String customer, String id, String note) {
        return Map.of("customer", AttributeValue.fromS(customer), "id", AttributeValue.fromS(id),
                "note", AttributeValue.fromS(note));
    }

    static Map<String, AttributeValue> key(String customer, String id) {
        return Map.of("customer", AttributeValue.fromS(customer), "id", AttributeValue.fromS(id));
    }

    static String errorCode(Runnable call) {
        try {
            call.run();
        } catch (DynamoDbException e) {
            assertThat(e.statusCode()).isEqualTo(400);
            return e.awsErrorDetails().errorCode();
        }
        throw new AssertionError("the call succeeded");
    }

    static String bobsNote() {
        Map<String, AttributeValue> bob = root.getItem(b -> b.tableName("orders").key(key("bob", "1")).consistentRead(true))
                .item();
        return bob.get("note").s();
    }

    @Test
    void theSignatureDecidesWhoIsCalling() throws Exception {
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#MissingAuthenticationTokenException\","
                + "\"message\":\"Request is missing Authentication Token\"}");
        try (DynamoDbClient stranger = client("AKIDNOBODY", "x"); DynamoDbClient wrong = client("AKIDROOT", "wrong")) {
            assertThat(errorCode(stranger::listTables)).isEqualTo("UnrecognizedClientException");
            assertThat(errorCode(wrong::listTables)).isEqualTo("InvalidSignatureException");
            assertThat(errorCode(() -> wrong.putItem(b -> b.tableName("orders").item(item("bob", "1", "wrong")))))
                    .isEqualTo("InvalidSignatureException");
        }
        assertThat(bobsNote()).isEqualTo("bob's");
        assertThat(root.listTables().tableNames()).contains("orders");
        // the health check stays open
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    /** Signs a PutItem for the server's host with the SDK's signer, then sends {@code sent} in its place, raw. */
    static String sendSigned(String body, String sent) throws Exception {
        return sendSigned(body, sent, REGION, "dynamodb");
    }

    static String sendSigned(String body, String sent, String region, String service) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        URI endpoint = URI.create(server.endpoint() + "/");
        var request = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.PutItem")
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .build();
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create("AKIDROOT", "root-secret"))
                .request(request)
                .payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArrayUnsafe(bytes))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, region))
                .request();
        // the signed request carries its Host header (signed) already
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nConnection: close\r\n");
        signed.headers().forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v)
                .append("\r\n")));
        head.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.getOutputStream().write(head.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSignatureCoversTheBodyAsReceived() throws Exception {
        String body = "{\"TableName\":\"orders\",\"Item\":{\"customer\":{\"S\":\"carol\"},\"id\":{\"S\":\"1\"}}}";
        String changed = body.replace("carol", "bobby"); // the same length: only the signature can tell
        String refused = sendSigned(body, changed);
        assertThat(refused).startsWith("HTTP/1.1 400 ").contains("com.amazon.coral.service#InvalidSignatureException");
        assertThat(root.getItem(b -> b.tableName("orders").key(key("bobby", "1")).consistentRead(true)).hasItem())
                .isFalse();
        // a region is a field of the resource ARN: one with colons could shift a table into a policy's wildcard
        assertThat(sendSigned(body, body, "eu-west-1:000000000000:orders", "dynamodb"))
                .startsWith("HTTP/1.1 400 ").contains("InvalidSignatureException")
                .contains("Credential should be scoped to a valid region");
        assertThat(sendSigned(body, body, REGION, "s3")).startsWith("HTTP/1.1 400 ")
                .contains("Credential should be scoped to correct service: 'dynamodb'");
        String accepted = sendSigned(body, body);
        assertThat(accepted).startsWith("HTTP/1.1 200 ");
        assertThat(root.getItem(b -> b.tableName("orders").key(key("carol", "1")).consistentRead(true)).hasItem())
                .isTrue();
    }

    @Test
    void aSignatureFromOverFifteenMinutesAgoHasExpired() {
        ManualClock clock = new ManualClock(System.currentTimeMillis() + 16 * 60_000);
        try (DynamoServer late = DynamoServer.start(new Engine(EngineConfig.inMemory().withClock(clock)), "127.0.0.1", 0,
                false, DynamoServer.Timeouts.DEFAULT, AuthConfig.parse(AUTH, "auth.json"));
             DynamoDbClient client = client(late, "AKIDROOT", "root-secret")) {
            DynamoDbException e = (DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(client::listTables);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature expired: ");
        }
    }

    @Test
    void aCredentialLimitedToItsPartitionKeyReachesOnlyItsOwnItems() {
        alice.putItem(b -> b.tableName("orders").item(item("alice", "1", "mine")));
        assertThat(alice.getItem(b -> b.tableName("orders").key(key("alice", "1"))).item().get("note").s())
                .isEqualTo("mine");
        assertThat(alice.query(b -> b.tableName("orders").keyConditionExpression("customer = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("alice")))).count()).isEqualTo(1);

        DynamoDbException denied = (DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(
                () -> alice.putItem(b -> b.tableName("orders").item(item("bob", "1", "alice was here"))));
        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:user/alice is "
                + "not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:000000000000:"
                + "table/orders because no identity-based policy allows the dynamodb:PutItem action");
        assertThat(errorCode(() -> alice.getItem(b -> b.tableName("orders").key(key("bob", "1")))))
                .isEqualTo("AccessDeniedException");
        assertThat(errorCode(() -> alice.query(b -> b.tableName("orders").keyConditionExpression("customer = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("bob")))))).isEqualTo("AccessDeniedException");
        assertThat(errorCode(() -> alice.updateItem(b -> b.tableName("orders").key(key("bob", "1"))
                .updateExpression("SET note = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromS("x"))))))
                .isEqualTo("AccessDeniedException");
        assertThat(errorCode(() -> alice.deleteItem(b -> b.tableName("orders").key(key("bob", "1")))))
                .isEqualTo("AccessDeniedException");
        assertThat(errorCode(() -> alice.scan(b -> b.tableName("orders")))).isEqualTo("AccessDeniedException");
        assertThat(errorCode(alice::listTables)).isEqualTo("AccessDeniedException");
        assertThat(bobsNote()).isEqualTo("bob's");
        // a table alice may not see is denied before it is looked up: no ResourceNotFoundException for her
        assertThat(errorCode(() -> alice.getItem(b -> b.tableName("nosuch").key(key("alice", "1")))))
                .isEqualTo("AccessDeniedException");
        assertThat(errorCode(() -> root.getItem(b -> b.tableName("nosuch").key(key("alice", "1")))))
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void aTransactionWithOneDeniedItemWritesNoneOfIt() {
        assertThat(errorCode(() -> alice.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName("orders").item(item("alice", "tx", "ok")).build())
                        .build(),
                TransactWriteItem.builder().put(Put.builder().tableName("orders").item(item("bob", "1", "tx")).build())
                        .build())))).isEqualTo("AccessDeniedException");
        assertThat(root.getItem(b -> b.tableName("orders").key(key("alice", "tx")).consistentRead(true)).hasItem())
                .isFalse();
        assertThat(bobsNote()).isEqualTo("bob's");
        alice.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .put(Put.builder().tableName("orders").item(item("alice", "tx", "ok")).build()).build()));
        assertThat(root.getItem(b -> b.tableName("orders").key(key("alice", "tx")).consistentRead(true)).hasItem())
                .isTrue();
    }

    @Test
    void aBatchWithOneDeniedItemWritesNoneOfIt() {
        assertThat(errorCode(() -> alice.batchWriteItem(b -> b.requestItems(Map.of("orders", List.of(
                WriteRequest.builder().putRequest(PutRequest.builder().item(item("alice", "batch", "ok")).build()).build(),
                WriteRequest.builder().putRequest(PutRequest.builder().item(item("bob", "1", "batch")).build())
                        .build())))))).isEqualTo("AccessDeniedException");
        assertThat(root.getItem(b -> b.tableName("orders").key(key("alice", "batch")).consistentRead(true)).hasItem())
                .isFalse();
        assertThat(bobsNote()).isEqualTo("bob's");
        assertThat(errorCode(() -> alice.batchGetItem(b -> b.requestItems(Map.of("orders",
                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(key("alice", "1"), key("bob", "1")).build()))))).isEqualTo("AccessDeniedException");
    }

    @Test
    void anExplicitDenyBeatsAnAllow() {
        try (DynamoDbClient noPut = client("AKIDNOPUT", "noput-secret")) {
            DynamoDbException e = (DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> noPut.putItem(b -> b.tableName("orders").item(item("bob", "1", "no"))));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
            assertThat(bobsNote()).isEqualTo("bob's");
            assertThat(noPut.getItem(b -> b.tableName("orders").key(key("bob", "1"))).item().get("note").s())
                    .isEqualTo("bob's");
        }
    }

    @Test
    void anIndexIsItsOwnResource() {
        try (DynamoDbClient index = client("AKIDINDEX", "index-secret")) {
            DynamoDbException table = (DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> index.query(b -> b.tableName("orders").keyConditionExpression("customer = :c")
                            .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("bob")))));
            assertThat(table.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(table.awsErrorDetails().errorMessage()).contains("on resource: arn:aws:dynamodb:eu-west-1:"
                    + "000000000000:table/orders because");
            // allowed on the index's ARN, then refused: keystorm has no indexes, and an index grant is no table grant
            DynamoDbException noIndex = (DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> index.query(b -> b.tableName("orders").indexName("byDate").keyConditionExpression("customer = :c")
                            .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("bob")))));
            assertThat(noIndex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(noIndex.awsErrorDetails().errorMessage())
                    .isEqualTo("The table does not have the specified index: byDate");
            assertThat(errorCode(() -> index.query(b -> b.tableName("orders").indexName("other")
                    .keyConditionExpression("customer = :c")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("bob")))))).isEqualTo("AccessDeniedException");
        }
    }

    static HttpResponse<String> admin(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/keystorm/metrics?table=orders"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAdminEndpointWantsTheAdminToken() throws Exception {
        assertThat(admin(null).statusCode()).isEqualTo(401);
        assertThat(admin(null).body()).startsWith("{\"error\":\"the admin endpoint wants the admin token");
        assertThat(admin("Bearer t0ken!").statusCode()).isEqualTo(401);
        assertThat(admin("Bearer t0ke").statusCode()).isEqualTo(401);
        assertThat(admin("t0ken").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = admin("Bearer t0ken");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"table\":\"orders\"");
    }

    @Test
    void withoutAnAdminTokenTheAdminEndpointRefusesEveryone() throws Exception {
        String noToken = AUTH.replace("\"adminToken\": \"t0ken\",", "");
        try (DynamoServer locked = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, true,
                DynamoServer.Timeouts.DEFAULT, AuthConfig.parse(noToken, "auth.json"))) {
            for (String authorization : new String[] {null, "Bearer ", "Bearer t0ken"}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(locked.endpoint() + "/keystorm/metrics?table=t"));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                assertThat(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            }
        }
    }

    @Test
    void withoutAuthNothingChanges() {
        try (DynamoServer open = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, false);
             DynamoDbClient anyone = client(open, "AKIDANY", "any")) {
            assertThat(anyone.listTables().tableNames()).isEmpty();
        }
        assertThatThrownBy(() -> alice.describeTable(b -> b.tableName("orders"))).isInstanceOf(DynamoDbException.class);
    }
}
