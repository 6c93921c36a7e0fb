package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.Test;

/**
 * Pipelined requests (all written before any answer is read, on one keep-alive connection) are
 * answered in the order they were sent, those answered at once (an unknown operation, malformed
 * JSON, the health check) included: HTTP/1.1 matches answers to requests by their order alone.
 */
class PipeliningTest {
    static byte[] post(String target, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + "X-Amz-Target: DynamoDB_20120810." + target + "\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** Reads one response (status line, headers, a Content-Length body) and answers its body. */
    static String readResponse(DataInputStream in) throws IOException {
        int length = -1;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new String(body, StandardCharsets.UTF_8);
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void answersComeBackInRequestOrder() throws Exception {
        Engine engine = new Engine(EngineConfig.inMemory());
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        int n = 300;
        for (int i = 0; i < n; i++) {
            engine.putItem(PutItemRequest.of("kvs", Item.of(java.util.Map.of("pk", AttributeValue.s("k" + i),
                    "v", AttributeValue.n(Integer.toString(i))))));
        }
        try (DynamoServer server = DynamoServer.start(engine, "127.0.0.1", 0, false);
             Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i % 50 == 25) {
                    all.writeBytes(post("NoSuchOperation", "{}"));
                    expected.add("UnknownOperationException");
                } else if (i % 50 == 40) {
                    all.writeBytes(post("GetItem", "{not json"));
                    expected.add("SerializationException");
                } else {
                    all.writeBytes(post("GetItem", "{\"TableName\":\"kvs\",\"Key\":{\"pk\":{\"S\":\"k" + i + "\"}}}"));
                    expected.add("\"v\":{\"N\":\"" + i + "\"}");
                }
            }
            OutputStream out = socket.getOutputStream();
            out.write(all.toByteArray()); // every request before any answer is read
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < n; i++) {
                assertThat(readResponse(in)).as("answer %d", i).contains(expected.get(i));
            }
        } finally {
            engine.close();
        }
    }
}
