package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * {@code keystorm serve --auth FILE}: its flag's errors, and the README's example (auth-example.json, auth_boto3.py)
 * run against a real server process by boto3, which signs for itself (skipped with a message when boto3 is absent).
 */
class ServeAuthTest {

    static Path resource(Path dir, String name) throws IOException {
        try (InputStream in = ServeAuthTest.class.getResourceAsStream(name)) {
            Path file = dir.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    @Test
    void aMissingFileIs66AndABadOne65WithOneLine(@TempDir Path dir) throws IOException {
        CommandLineTest missing = CommandLineTest.run("serve", "--port", "0", "--auth", dir.resolve("none.json").toString())
                .assertStatus(ExitStatus.NO_INPUT);
        assertThat(missing.err()).isEqualTo("keystorm serve: cannot read --auth " + dir.resolve("none.json")
                + ": no such file or directory\n");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"credentials\": [{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\", "
                + "\"policy\": {\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"GetItem\", \"Resource\": \"*\"}}}]}");
        CommandLineTest badPolicy = CommandLineTest.run("serve", "--port", "0", "--auth", bad.toString())
                .assertStatus(ExitStatus.DATA_ERROR);
        assertThat(badPolicy.err()).isEqualTo("keystorm serve: --auth " + bad + ": credentials[0].policy.Statement[0]"
                + ".Action: expected service:action (e.g. dynamodb:GetItem) or *, not 'GetItem'\n");
        Files.writeString(bad, "{\"credentials\": [{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\", "
                + "\"policy\": {\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}}]}");
        CommandLineTest noToken = CommandLineTest.run("serve", "--port", "0", "--admin", "--auth", bad.toString())
                .assertStatus(ExitStatus.DATA_ERROR);
        assertThat(noToken.err()).startsWith("keystorm serve: --auth " + bad + ": adminToken: missing (--admin with "
                + "--auth needs").doesNotContain("\tat ");
        Files.write(bad, new byte[] {'{', (byte) 0xff, '}'});
        CommandLineTest binary = CommandLineTest.run("serve", "--port", "0", "--auth", bad.toString())
                .assertStatus(ExitStatus.DATA_ERROR);
        assertThat(binary.err()).isEqualTo("keystorm serve: --auth " + bad + ": not UTF-8 text\n");
    }

    static boolean boto3Available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void theReadmeExampleKeepsAliceToHerOwnOrders(@TempDir Path dir) throws Exception {
        Path auth = resource(dir, "auth-example.json");
        try (ServeEndToEndTest.Server server = ServeEndToEndTest.Server.start("--auth", auth.toString(), "--admin")) {
            // the SDK signs too; a credential of the file gets through, another does not
            try (DynamoDbClient admin = client(server.endpoint(), "AKIDADMIN", "admin-secret");
                 DynamoDbClient stranger = client(server.endpoint(), "AKIDADMIN", "not-the-secret")) {
                assertThat(admin.listTables().tableNames()).isEmpty();
                DynamoDbException refused = (DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(
                        stranger::listTables);
                assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            }
            HttpClient http = HttpClient.newHttpClient();
            URI metrics = URI.create(server.endpoint() + "/keystorm/faults");
            HttpRequest.Builder heal = HttpRequest.newBuilder(metrics).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"fault\":\"heal-all\"}"));
            assertThat(http.send(heal.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(http.send(heal.header("Authorization", "Bearer change-me").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            Assumptions.assumeTrue(boto3Available(), "python3 with boto3 is not installed: the boto3 half is skipped");
            Path script = resource(dir, "auth_boto3.py");
            Process python = new ProcessBuilder("python3", script.toString(), server.endpoint())
                    .redirectErrorStream(true).start();
            String printed = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as(printed).isZero();
            String denied = "AccessDeniedException: User: arn:aws:iam::000000000000:user/alice is not authorized to "
                    + "perform: dynamodb:%s on resource: arn:aws:dynamodb:us-east-1:000000000000:table/orders because "
                    + "no identity-based policy allows the dynamodb:%s action";
            assertThat(printed.lines().toList()).containsExactly(
                    "alice puts her order: ok",
                    "alice queries her orders: ok 1",
                    "alice reads bob's order: " + denied.formatted("GetItem", "GetItem"),
                    "alice scans: " + denied.formatted("Scan", "Scan"),
                    "alice writes hers and bob's in one transaction: " + denied.formatted("DeleteItem", "DeleteItem"),
                    "alice's order 2 was written: ok False",
                    "bob's order is still there: ok 30",
                    "a wrong secret: InvalidSignatureException: The request signature we calculated does not match the "
                            + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the "
                            + "service documentation for details.",
                    "an unknown key: UnrecognizedClientException: The security token included in the request is invalid.");
        }
    }

    static DynamoDbClient client(String endpoint, String id, String secret) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
