package keystorm.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.auth.SigV4Verifier.Ok;
import keystorm.engine.auth.SigV4Verifier.Refused;
import keystorm.engine.auth.SigV4Verifier.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Requests signed by botocore's {@code SigV4Auth} (the signer of boto3 and the AWS CLI), a second implementation
 * next to the Java SDK's: one captured as a fixture (always checked), and fresh ones signed by a live python3
 * when botocore is installed (skipped with a message otherwise).
 */
class BotocoreSigV4Test {

    static final String KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String STAMP = "20261202T043000Z";
    static final SigV4Verifier VERIFIER = new SigV4Verifier(Map.of(KEY, SECRET),
            Clock.fixed(Instant.parse("2026-12-02T04:30:00Z"), ZoneOffset.UTC));

    /** Captured from botocore 1.43.11 SigV4Auth(Credentials(KEY, SECRET), "dynamodb", "us-west-2") at STAMP. */
    @Test
    void aCapturedBotocoreRequestVerifies() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("dynamodb.us-west-2.amazonaws.com"));
        headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
        headers.put("X-Amz-Target", List.of("DynamoDB_20120810.GetItem"));
        headers.put("X-Amz-Date", List.of(STAMP));
        headers.put("Content-Length", List.of("48"));
        headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/us-west-2/dynamodb/"
                + "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                + "Signature=c34fe8c6970e3fece4bbb830aab715ff78e588f14ea0a09b7894399fb19f2a3f"));
        byte[] body = "{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"o-17\"}}}".getBytes(StandardCharsets.UTF_8);
        assertThat(VERIFIER.verify("POST", "/", "", headers, body)).isEqualTo(new Ok(KEY, "us-west-2", "dynamodb"));
        body[body.length - 4] = '8';
        assertThat(VERIFIER.verify("POST", "/", "", headers, body))
                .isEqualTo(new Refused("InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH));
    }

    static final String SCRIPT = """
            import sys, json, datetime
            import botocore.auth
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            from urllib.parse import urlsplit
            key, secret, stamp, body, target, query = sys.argv[1:7]
            botocore.auth.get_current_datetime = lambda *a, **k: datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")
            url = "https://dynamodb.us-west-2.amazonaws.com/" + (("?" + query) if query else "")
            req = AWSRequest(method="POST", url=url, data=body.encode("utf-8"),
                             headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target,
                                      "X-Custom": "  spaced   out  value "})
            SigV4Auth(Credentials(key, secret), "dynamodb", "us-west-2").add_auth(req)
            p = req.prepare()
            u = urlsplit(p.url)
            headers = {k: v for k, v in p.headers.items()}
            headers["Host"] = u.netloc
            print(json.dumps({"path": u.path or "/", "query": u.query, "headers": headers}))
            """;

    static boolean botocoreAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import botocore").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    record Signed(String path, String query, Map<String, List<String>> headers) {}

    static Signed botocoreSign(String body, String target, String query) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", SCRIPT, KEY, SECRET, STAMP, body, target, query).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python3 botocore signer failed: %s", err).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        json.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
        return new Signed(json.get("path").asText(), json.get("query").asText(), headers);
    }

    @Test
    void requestsSignedByALiveBotocoreVerify() throws Exception {
        Assumptions.assumeTrue(botocoreAvailable(),
                "python3 with botocore is not installed; skipping the live botocore SigV4 cross-check");
        List<String[]> cases = List.of(
                new String[] {"{\"TableName\":\"orders\",\"Key\":{\"pk\":{\"S\":\"o-17\"}}}",
                        "DynamoDB_20120810.GetItem", ""},
                new String[] {"{\"TableName\":\"t\",\"Item\":{\"pk\":{\"S\":\"caf\u00e9 \u4e2d \ud83d\ude00\"}}}",
                        "DynamoDB_20120810.PutItem", ""},
                new String[] {"{}", "DynamoDB_20120810.ListTables", "b=2&a=x%20y&a=1&c=%2F%2A~"});
        for (String[] c : cases) {
            Signed signed = botocoreSign(c[0], c[1], c[2]);
            byte[] body = c[0].getBytes(StandardCharsets.UTF_8);
            Result result = VERIFIER.verify("POST", signed.path(), signed.query(), signed.headers(), body);
            assertThat(result).as("botocore-signed %s %s", c[1], c[2]).isEqualTo(new Ok(KEY, "us-west-2", "dynamodb"));
            byte[] changed = body.clone();
            changed[changed.length / 2] ^= 1;
            assertThat(VERIFIER.verify("POST", signed.path(), signed.query(), signed.headers(), changed))
                    .isInstanceOf(Refused.class);
        }
    }
}
