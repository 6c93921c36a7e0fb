package keystorm.workloads.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.fault.Fault;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.server.DynamoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of a real keystorm server, each network fault seen from a client. */
class NetworkProxyTest {
    static final String LIST_TABLES = "DynamoDB_20120810.ListTables";

    final Engine engine = new Engine(EngineConfig.inMemory());
    final DynamoServer server = DynamoServer.start(engine, "127.0.0.1", 0, false);
    NetworkProxy proxy = new NetworkProxy("127.0.0.1", server.address().getPort(), 0, new SplittableRandom(7));

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    static HttpResponse<String> post(URI endpoint, String target, String body, Duration timeout) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(HttpRequest.newBuilder(endpoint.resolve("/")).timeout(timeout)
                    .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", target)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    HttpResponse<String> listTables(Duration timeout) throws Exception {
        return post(proxy.endpoint(), LIST_TABLES, "{}", timeout);
    }

    /** One ListTables over a raw socket, keeping the connection open; answers the status line. */
    static String exchange(Socket socket) throws IOException {
        String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + "X-Amz-Target: " + LIST_TABLES + "\r\nContent-Length: 2\r\n\r\n{}";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return "closed";
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int at = headers.toLowerCase().indexOf("content-length:");
        int length = Integer.parseInt(headers.substring(at + 15, headers.indexOf("\r\n", at)).strip());
        in.readNBytes(length);
        return headers.substring(0, headers.indexOf("\r\n"));
    }

    Socket connect() throws IOException {
        Socket socket = new Socket(proxy.endpoint().getHost(), proxy.endpoint().getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    @Test
    void plainForwardingWorks() throws Exception {
        HttpResponse<String> response = listTables(Duration.ofSeconds(5));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"TableNames\":[]}");
        try (Socket socket = connect()) {
            assertThat(exchange(socket)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(exchange(socket)).as("the connection stays open").isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aDelayHoldsEachWayAtLeastTheDelay() throws Exception {
        proxy.apply(new Fault.NetDelay(Duration.ofMillis(150), Duration.ZERO));
        long started = System.nanoTime();
        assertThat(listTables(Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        // the request waits once on its way up, the answer once on its way down
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void underJitterTheChunksOfALargeRequestArriveInOrder() throws Exception {
        engine.createTable(CreateTableRequest.onDemand("big", "pk", ScalarAttributeType.S, null, null), 1);
        proxy.apply(new Fault.NetDelay(Duration.ofMillis(10), Duration.ofMillis(10)));
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 300_000; i++) {
            text.append(i).append(',');
        }
        String body = "{\"TableName\":\"big\",\"Item\":{\"pk\":{\"S\":\"k\"},\"text\":{\"S\":\"" + text + "\"}}}";
        HttpResponse<String> put = post(proxy.endpoint(), "DynamoDB_20120810.PutItem", body, Duration.ofSeconds(20));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        Item stored = engine.getItem(new GetItemRequest("big", Map.of("pk", AttributeValue.s("k")), true, null, null, null)).item();
        assertThat(stored.get("text")).isEqualTo(AttributeValue.s(text.toString()));
        HttpResponse<String> get = post(proxy.endpoint(), "DynamoDB_20120810.GetItem",
                "{\"TableName\":\"big\",\"Key\":{\"pk\":{\"S\":\"k\"}}}", Duration.ofSeconds(20));
        assertThat(get.body()).contains(text);
    }

    @Test
    void aResetCutsOpenConnectionsAndEveryNewOneUntilHealed() throws Exception {
        try (Socket open = connect()) {
            assertThat(exchange(open)).isEqualTo("HTTP/1.1 200 OK");
            proxy.apply(new Fault.NetReset());
            assertThatThrownBy(() -> open.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        try (Socket fresh = connect()) {
            assertThatThrownBy(() -> exchange(fresh)).isInstanceOf(SocketException.class);
        }
        proxy.apply(new Fault.NetHeal());
        try (Socket healed = connect()) {
            assertThat(exchange(healed)).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aBlackholeTimesRequestsOutAndHealingLetsTheNextOneThrough() throws Exception {
        proxy.apply(new Fault.NetBlackhole());
        assertThatThrownBy(() -> listTables(Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        proxy.apply(new Fault.NetHeal());
        assertThat(listTables(Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    }

    @Test
    void aCertainDropClosesEveryConnectionAndNoneDropsNothing() throws Exception {
        proxy.apply(new Fault.NetDrop(1.0));
        try (Socket dropped = connect()) {
            assertThat(exchange(dropped)).isEqualTo("closed");
        }
        proxy.apply(new Fault.NetDrop(0.0));
        try (Socket kept = connect()) {
            assertThat(exchange(kept)).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void connectionsOverTheCapAreClosed() throws Exception {
        proxy.close();
        proxy = new NetworkProxy("127.0.0.1", server.address().getPort(), 0, new SplittableRandom(7), 1, 1 << 16);
        try (Socket first = connect()) {
            assertThat(exchange(first)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(proxy.openConnections()).isEqualTo(1);
            try (Socket second = connect()) {
                assertThat(exchange(second)).isEqualTo("closed");
            }
            assertThat(exchange(first)).isEqualTo("HTTP/1.1 200 OK");
        }
    }
}
