package keystorm.workloads.compat;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.server.DynamoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The two servers of the differential suite, each on a free loopback port: DynamoDB Local
 * (in memory) and {@code keystorm serve}'s server over an in-memory engine. Throttling is off on
 * keystorm's side because DynamoDB Local has none (documented: "no throttling of any kind").
 */
final class Peers implements AutoCloseable {
    final DynamoDBProxyServer local;
    final DynamoServer keystorm;
    final DynamoDbClient localClient;
    final DynamoDbClient keystormClient;
    private final int localPort;

    Peers() throws Exception {
        int port = freePort();
        localPort = port;
        // -disableTelemetry: DynamoDB Local (2.x and later) otherwise sends usage data to AWS.
        local = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
        local.start();
        keystorm = DynamoServer.start(new Engine(EngineConfig.inMemory().withThrottling(false)), "127.0.0.1", 0, false);
        localClient = client("http://127.0.0.1:" + port);
        keystormClient = client(keystorm.endpoint());
    }

    String localEndpoint() {
        return "http://127.0.0.1:" + localPort;
    }

    static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        localClient.close();
        keystormClient.close();
        keystorm.close();
        keystorm.engine().close();
        local.stop();
    }
}
