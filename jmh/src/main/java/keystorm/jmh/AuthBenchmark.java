package keystorm.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import keystorm.engine.auth.AuthConfig;
import keystorm.engine.auth.Decision;
import keystorm.engine.auth.Request;
import keystorm.engine.auth.SigV4Verifier;
import keystorm.engine.server.RequestContexts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What {@code keystorm serve --auth} adds to a request, step by step: verifying an AWS Signature
 * Version 4 (signed by the AWS SDK's own signer, body hashed as received), building the IAM request
 * contexts of a GetItem (its table ARN and {@code dynamodb:LeadingKeys}), and deciding them against
 * the README's policies (alice, allowed on her own partition key, and denied on bob's).
 *
 * <pre>
 * java -jar jmh/target/benchmarks.jar AuthBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuthBenchmark {
    static final String POLICIES = """
            {"credentials": [
              {"accessKeyId": "AKIDALICE", "secretAccessKey": "alice-secret", "user": "alice",
               "policy": {"Version": "2012-10-17",
                          "Statement": [{"Effect": "Allow",
                                         "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
                                         "Resource": "arn:aws:dynamodb:*:*:table/orders",
                                         "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["alice"]}}}]}}]}
            """;
    static final Instant SIGNED_AT = Instant.parse("2026-12-02T04:30:00Z");

    private SigV4Verifier verifier;
    private String path;
    private Map<String, List<String>> headers;
    private byte[] body;
    private AuthConfig.Credential alice;
    private JsonNode ownKey;
    private JsonNode othersKey;
    private Request ownRequest;
    private Request othersRequest;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        AuthConfig config = AuthConfig.parse(POLICIES, "AuthBenchmark");
        alice = config.credentials().get("AKIDALICE");
        verifier = new SigV4Verifier(config.secrets(), Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        String json = "{\"TableName\":\"orders\",\"Key\":{\"customer\":{\"S\":\"alice\"},\"id\":{\"N\":\"17\"}}}";
        body = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:8000/"))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .putHeader("Content-Length", Integer.toString(body.length))
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body)).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("AKIDALICE", "alice-secret"))
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED_AT, ZoneOffset.UTC)))
                .request();
        headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        headers.putIfAbsent("Host", List.of(signed.host() + ":" + signed.port()));
        path = signed.encodedPath().isEmpty() ? "/" : signed.encodedPath();
        if (!(verify() instanceof SigV4Verifier.Ok)) {
            throw new IllegalStateException("the signed request does not verify: " + verify());
        }
        ObjectMapper mapper = new ObjectMapper();
        ownKey = mapper.readTree(json);
        othersKey = mapper.readTree(json.replace("alice", "bob"));
        ownRequest = contexts(ownKey).requests().getFirst();
        othersRequest = contexts(othersKey).requests().getFirst();
        if (!decide(ownRequest).allowed() || decide(othersRequest).allowed()) {
            throw new IllegalStateException("alice should be allowed on her key only");
        }
    }

    private RequestContexts.Contexts contexts(JsonNode getItem) {
        return RequestContexts.of("GetItem", getItem, "us-east-1", "000000000000",
                table -> Optional.of(new RequestContexts.TableKeys("customer", Optional.of("id"))));
    }

    private Decision decide(Request request) {
        return Decision.evaluate(alice.policies(), request);
    }

    /** The signature check on the event loop: canonical request, SHA-256 of the body, HMAC chain. */
    @Benchmark
    public SigV4Verifier.Result verify() {
        return verifier.verify("POST", path, null, headers, body);
    }

    /** The IAM request contexts of a GetItem (table ARN, leading keys), from its parsed JSON. */
    @Benchmark
    public RequestContexts.Contexts contextsOfGetItem() {
        return contexts(ownKey);
    }

    /** The policy decision on alice's own key: allowed. */
    @Benchmark
    public Decision decideAllowed() {
        return decide(ownRequest);
    }

    /** The policy decision on bob's key: implicitly denied. */
    @Benchmark
    public Decision decideDenied() {
        return decide(othersRequest);
    }
}
