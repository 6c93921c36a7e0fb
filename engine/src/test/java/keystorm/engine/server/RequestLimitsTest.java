package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over-limit requests, sent through a raw socket so nothing in between shapes them: a body over
 * 16 MB is answered 413 from its headers, while the client is still sending, and the connection
 * is closed cleanly only after the body arrived; headers or a request line over their bounds get
 * 431 or 414; each answer is a DynamoDB-style JSON error.
 */
class RequestLimitsTest {
    static final int MB = 1024 * 1024;
    DynamoServer server;

    @BeforeEach
    void start() {
        server = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A response as read off the wire. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    static Socket connect(DynamoServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.address().getPort());
        socket.setSoTimeout(10_000); // a hang fails the test rather than the build
        return socket;
    }

    static String head(String target, long contentLength, String... extra) {
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810." + target + "\r\n"
                + "Content-Length: " + contentLength + "\r\n");
        for (String header : extra) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        assertThat(statusLine).startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed mid-line after " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyOver16MegabytesIsAnswered413WhileTheClientIsStillSending() throws Exception {
        long declared = 17L * MB;
        try (Socket socket = connect(server)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head("PutItem", declared).getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            out.write(chunk);
            out.flush();
            Answer answer = read(in); // before the body is sent
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.headers()).containsEntry("connection", "close")
                    .containsEntry("content-type", "application/x-amz-json-1.0");
            assertThat(answer.body()).contains("\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\"")
                    .contains("17825792 bytes").contains("16777216");
            // the rest of the body goes through: the server reads and drops it, not resetting the sender
            for (long sent = chunk.length; sent < declared; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, declared - sent));
            }
            out.flush();
            assertThat(in.read()).as("closed once the body has arrived").isEqualTo(-1);
        }
    }

    @Test
    void aBodyOverTheLimitThatExpectsContinueIsAnswered413AndNeverAskedFor() throws Exception {
        try (Socket socket = connect(server)) {
            socket.getOutputStream().write(head("PutItem", 17L * MB, "Expect: 100-continue")
                    .getBytes(StandardCharsets.US_ASCII));
            Answer answer = read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.body()).contains("ValidationException");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aChunkedBodyGrowingOver16MegabytesIsAnswered413AndDrained() throws Exception {
        try (Socket socket = connect(server)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String head = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
                    + "X-Amz-Target: DynamoDB_20120810.PutItem\r\nTransfer-Encoding: chunked\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[MB];
            Arrays.fill(chunk, (byte) 'x');
            byte[] size = (Integer.toHexString(MB) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 17; i++) { // the server answers after the 17th; the socket buffers take the rest
                out.write(size);
                out.write(chunk);
                out.write(end);
            }
            out.flush();
            Answer answer = read(in);
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.body()).contains("ValidationException").contains("over the limit of 16777216 bytes");
            for (int i = 0; i < 3; i++) { // still sending after the answer: read and dropped, not reset
                out.write(size);
                out.write(chunk);
                out.write(end);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.read()).as("closed once the last chunk has arrived").isEqualTo(-1);
        }
    }

    @Test
    void aBodyAtTheLimitIsReadAndAnswered() throws Exception {
        // 16 MB exactly passes the bound; it is not JSON, so it gets SerializationException, not 413
        int length = 16 * MB;
        try (Socket socket = connect(server)) {
            OutputStream out = socket.getOutputStream();
            out.write(head("PutItem", length).getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[MB];
            Arrays.fill(chunk, (byte) '[');
            for (int i = 0; i < 16; i++) {
                out.write(chunk);
            }
            out.flush();
            Answer answer = read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("SerializationException");
        }
    }

    @Test
    void headersOverTheirBoundAreAnswered431() throws Exception {
        try (Socket socket = connect(server)) {
            String big = "X-Padding: " + "p".repeat(DynamoServer.HEADER_BYTES_MAX + 100);
            socket.getOutputStream().write(head("ListTables", 2, big).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
            Answer answer = read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.body()).contains("ValidationException").contains("headers are over 8192 bytes");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aRequestLineOverItsBoundIsAnswered414() throws Exception {
        try (Socket socket = connect(server)) {
            String request = "POST /" + "a".repeat(DynamoServer.INITIAL_LINE_BYTES_MAX) + " HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Length: 0\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            Answer answer = read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(414);
            assertThat(answer.body()).contains("ValidationException").contains("request line is over 4096 bytes");
        }
    }

    @Test
    void aConnectionStillServesRequestsWithinTheBounds() throws Exception {
        try (Socket socket = connect(server)) {
            String big = "X-Padding: " + "p".repeat(DynamoServer.HEADER_BYTES_MAX / 2);
            for (int i = 0; i < 2; i++) {
                socket.getOutputStream().write((head("ListTables", 2, big) + "{}").getBytes(StandardCharsets.US_ASCII));
                Answer answer = read(socket.getInputStream());
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).contains("TableNames");
            }
        }
    }
}
