package keystorm.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.engine.auth.SigV4Verifier.Ok;
import keystorm.engine.auth.SigV4Verifier.Refused;
import keystorm.engine.auth.SigV4Verifier.Result;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigV4VerifierTest {

    static final String KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant SIGNED_AT = Instant.parse("2026-12-02T04:30:00Z");
    static final Clock AT_SIGNING = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);

    /** A request as it reaches the server: the verifier's inputs. */
    record Wire(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        Result verifyWith(SigV4Verifier verifier) {
            return verifier.verify(method, path, rawQuery, headers, body);
        }

        Wire withHeader(String name, String value) {
            Map<String, List<String>> copy = new LinkedHashMap<>(headers);
            copy.put(name, List.of(value));
            return new Wire(method, path, rawQuery, copy, body);
        }

        Wire withoutHeader(String name) {
            Map<String, List<String>> copy = new LinkedHashMap<>(headers);
            copy.keySet().removeIf(n -> n.equalsIgnoreCase(name));
            return new Wire(method, path, rawQuery, copy, body);
        }

        Wire withBody(byte[] other) {
            return new Wire(method, path, rawQuery, headers, other);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElseThrow();
        }
    }

    static String getItem(String table, String key) {
        return "{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\"" + key + "\"}}}";
    }

    /**
     * Signs a DynamoDB POST with the AWS SDK's own SigV4 signer and returns it as the server would see it.
     * {@code query} is {@code name=value&...} unencoded (or null); the SDK encodes it.
     */
    static Wire sdkSigned(String target, byte[] body, Map<String, String> extraHeaders, String secret, Instant at,
            String query) {
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:8000/"))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", target)
                .putHeader("Content-Length", Integer.toString(body.length))
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body));
        extraHeaders.forEach(builder::putHeader);
        if (query != null) {
            // name=value pairs, not encoded: the SDK encodes them as it sends them
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                builder.appendRawQueryParameter(eq < 0 ? pair : pair.substring(0, eq),
                        eq < 0 ? null : pair.substring(eq + 1));
            }
        }
        SdkHttpFullRequest request = builder.build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(KEY, secret))
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        headers.putIfAbsent("Host", List.of(signed.host() + (signed.port() == 80 ? "" : ":" + signed.port())));
        return new Wire("POST", signed.encodedPath().isEmpty() ? "/" : signed.encodedPath(),
                signed.encodedQueryParameters().orElse(null), headers, body);
    }

    static Wire sdkSigned(byte[] body) {
        return sdkSigned("DynamoDB_20120810.GetItem", body, Map.of(), SECRET, SIGNED_AT, null);
    }

    static final SigV4Verifier VERIFIER = new SigV4Verifier(Map.of(KEY, SECRET), AT_SIGNING);
    static final byte[] BODY = getItem("orders", "o-17").getBytes(StandardCharsets.UTF_8);

    @Test
    void aRequestSignedByTheSdkVerifies() {
        Wire wire = sdkSigned(BODY);
        assertThat(wire.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/");
        assertThat(wire.verifyWith(VERIFIER)).isEqualTo(new Ok(KEY, "us-east-1", "dynamodb"));
    }

    @Test
    void headerNamesInAnyCaseAndExtraUnsignedHeadersDoNotMatter() {
        Wire wire = sdkSigned(BODY);
        Map<String, List<String>> upper = new LinkedHashMap<>();
        wire.headers().forEach((n, v) -> upper.put(n.toUpperCase(), v));
        upper.put("User-Agent", List.of("added-by-a-proxy"));
        Wire shouted = new Wire(wire.method(), wire.path(), wire.rawQuery(), upper, wire.body());
        assertThat(shouted.verifyWith(VERIFIER)).isInstanceOf(Ok.class);
    }

    @Test
    void aSignedQueryAndSpacesInAHeaderValueAreCanonicalized() {
        Wire wire = sdkSigned("DynamoDB_20120810.GetItem", BODY, Map.of("X-Custom", "  a   b  c "), SECRET,
                SIGNED_AT, "b=2&a=x y&a=1");
        assertThat(wire.rawQuery()).contains("x%20y");
        assertThat(wire.verifyWith(VERIFIER)).isInstanceOf(Ok.class);
        // the same value sent with the spaces collapsed canonicalizes the same way
        assertThat(wire.withHeader("X-Custom", "a b c").verifyWith(VERIFIER)).isInstanceOf(Ok.class);
        assertThat(wire.withHeader("X-Custom", "a bc").verifyWith(VERIFIER))
                .isEqualTo(new Refused("InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH));
        Wire otherQuery = new Wire(wire.method(), wire.path(), "b=2&a=x%20y&a=2", wire.headers(), wire.body());
        assertThat(otherQuery.verifyWith(VERIFIER)).isInstanceOf(Refused.class);
    }

    @Test
    void aChangedBodyIsRefused() {
        Wire wire = sdkSigned(BODY).withBody(getItem("orders", "o-18").getBytes(StandardCharsets.UTF_8));
        Result result = wire.verifyWith(VERIFIER);
        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).errorType()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void aChangedSignedHeaderIsRefused() {
        Wire wire = sdkSigned(BODY).withHeader("X-Amz-Target", "DynamoDB_20120810.DeleteItem");
        assertThat(wire.verifyWith(VERIFIER))
                .isEqualTo(new Refused("InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH));
    }

    @Test
    void aWrongSecretIsRefused() {
        Wire wire = sdkSigned("DynamoDB_20120810.GetItem", BODY, Map.of(), SECRET + "x", SIGNED_AT, null);
        assertThat(wire.verifyWith(VERIFIER))
                .isEqualTo(new Refused("InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH));
    }

    @Test
    void anUnknownAccessKeyIsUnrecognized() {
        SigV4Verifier other = new SigV4Verifier(Map.of("AKIDOTHER", SECRET), AT_SIGNING);
        assertThat(sdkSigned(BODY).verifyWith(other)).isEqualTo(new Refused("UnrecognizedClientException",
                "The security token included in the request is invalid."));
    }

    @Test
    void aSessionTokenIsNotSupported() {
        assertThat(sdkSigned(BODY).withHeader("X-Amz-Security-Token", "token").verifyWith(VERIFIER))
                .isEqualTo(new Refused("UnrecognizedClientException", SigV4Verifier.INVALID_TOKEN));
    }

    @Test
    void aRequestSignedSixteenMinutesAgoHasExpired() {
        Wire wire = sdkSigned("DynamoDB_20120810.GetItem", BODY, Map.of(), SECRET,
                SIGNED_AT.minus(Duration.ofMinutes(16)), null);
        assertThat(wire.verifyWith(VERIFIER)).isEqualTo(new Refused("InvalidSignatureException",
                "Signature expired: 20261202T041400Z is now earlier than 20261202T041500Z (20261202T043000Z - 15 min.)"));
        // fourteen minutes is within the allowed skew
        Wire recent = sdkSigned("DynamoDB_20120810.GetItem", BODY, Map.of(), SECRET,
                SIGNED_AT.minus(Duration.ofMinutes(14)), null);
        assertThat(recent.verifyWith(VERIFIER)).isInstanceOf(Ok.class);
    }

    @Test
    void aRequestSignedSixteenMinutesAheadIsNotYetCurrent() {
        Wire wire = sdkSigned("DynamoDB_20120810.GetItem", BODY, Map.of(), SECRET,
                SIGNED_AT.plus(Duration.ofMinutes(16)), null);
        assertThat(wire.verifyWith(VERIFIER)).isEqualTo(new Refused("InvalidSignatureException",
                "Signature not yet current: 20261202T044600Z is still later than 20261202T044500Z "
                        + "(20261202T043000Z + 15 min.)"));
    }

    @Test
    void onTheEnginesManualClockARequestExpiresAfterFifteenMinutes() {
        keystorm.engine.time.ManualClock clock = new keystorm.engine.time.ManualClock(SIGNED_AT.toEpochMilli());
        SigV4Verifier verifier = new SigV4Verifier(Map.of(KEY, SECRET), clock);
        Wire wire = sdkSigned(BODY);
        assertThat(wire.verifyWith(verifier)).isInstanceOf(Ok.class);
        clock.advance(15, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(wire.verifyWith(verifier)).isInstanceOf(Ok.class);
        clock.advance(1, java.util.concurrent.TimeUnit.SECONDS);
        Result expired = wire.verifyWith(verifier);
        assertThat(((Refused) expired).message()).startsWith("Signature expired: 20261202T043000Z is now earlier than");
    }

    @Test
    void aChangedDateHeaderIsRefused() {
        Wire wire = sdkSigned(BODY).withHeader("X-Amz-Date", "20261202T043001Z");
        assertThat(wire.verifyWith(VERIFIER))
                .isEqualTo(new Refused("InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH));
    }

    @Test
    void noAuthorizationIsAMissingToken() {
        assertThat(sdkSigned(BODY).withoutHeader("Authorization").verifyWith(VERIFIER))
                .isEqualTo(new Refused("MissingAuthenticationTokenException", "Request is missing Authentication Token"));
    }

    @Test
    void aMalformedAuthorizationNamesWhatIsMissing() {
        Wire wire = sdkSigned(BODY);
        String auth = wire.header("Authorization");
        String noSignature = auth.substring(0, auth.indexOf(", Signature="));
        Result result = wire.withHeader("Authorization", noSignature).verifyWith(VERIFIER);
        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).errorType()).isEqualTo("IncompleteSignatureException");
        assertThat(((Refused) result).message()).startsWith("Authorization header requires 'Signature' parameter.")
                .doesNotContain("'Credential'");

        Result noDate = wire.withoutHeader("X-Amz-Date").verifyWith(VERIFIER);
        assertThat(((Refused) noDate).errorType()).isEqualTo("IncompleteSignatureException");
        assertThat(((Refused) noDate).message()).contains("'X-Amz-Date' or a 'Date' header");

        Result badAlgorithm = wire.withHeader("Authorization", auth.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"))
                .verifyWith(VERIFIER);
        assertThat(((Refused) badAlgorithm).errorType()).isEqualTo("IncompleteSignatureException");
        assertThat(((Refused) badAlgorithm).message()).contains("AWS4-HMAC-SHA1");

        Result shortCredential = wire.withHeader("Authorization",
                auth.replace("/us-east-1/dynamodb/aws4_request", "/us-east-1")).verifyWith(VERIFIER);
        assertThat(((Refused) shortCredential).errorType()).isEqualTo("IncompleteSignatureException");
        assertThat(((Refused) shortCredential).message()).contains("5 slash-delimited elements");
    }

    @Test
    void aHostThatIsNotSignedIsRefused() {
        Wire wire = sdkSigned(BODY);
        String auth = wire.header("Authorization");
        Result result = wire.withHeader("Authorization", auth.replace("SignedHeaders=", "SignedHeaders=")
                .replace("host;", "")).verifyWith(VERIFIER);
        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).errorType()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void aContentHashThatDisagreesWithTheBodyIsRefused() {
        Wire wire = sdkSigned(BODY).withHeader("x-amz-content-sha256", "0".repeat(64));
        Result result = wire.verifyWith(VERIFIER);
        assertThat(((Refused) result).message()).contains("x-amz-content-sha256");
    }

    @Test
    void aDateInTheScopeThatDisagreesWithXAmzDateIsRefused() {
        Wire wire = sdkSigned(BODY);
        String auth = wire.header("Authorization");
        Result result = wire.withHeader("Authorization", auth.replace("/20261202/", "/20261201/"))
                .verifyWith(VERIFIER);
        assertThat(((Refused) result).errorType()).isEqualTo("InvalidSignatureException");
        assertThat(((Refused) result).message()).startsWith("Date in Credential scope does not match");
    }

    /**
     * The worked example of AWS's SigV4 documentation (IAM ListUsers, GET, 20150830T123600Z, the example key):
     * independent of the SDK, its published signature must verify.
     */
    @Test
    void theDocumentedExampleVerifies() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("iam.amazonaws.com"));
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        headers.put("X-Amz-Date", List.of("20150830T123600Z"));
        headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/"
                + "aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));
        SigV4Verifier verifier = new SigV4Verifier(Map.of(KEY, SECRET),
                Clock.fixed(Instant.parse("2015-08-30T12:40:00Z"), ZoneOffset.UTC));
        assertThat(verifier.verify("GET", "/", "Action=ListUsers&Version=2010-05-08", headers, new byte[0]))
                .isEqualTo(new Ok(KEY, "us-east-1", "iam"));
    }
}
