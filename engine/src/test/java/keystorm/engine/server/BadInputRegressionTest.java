package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ScalarAttributeType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link ServerFuzzProperties} found, one example each, pinned on an in-process server.
 */
class BadInputRegressionTest {
    static DynamoServer server;

    @BeforeAll
    static void start() {
        Engine engine = new Engine(EngineConfig.inMemory());
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        server = DynamoServer.start(engine, "127.0.0.1", 0, false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static RequestLimitsTest.Answer send(String target, byte[] body) throws Exception {
        try (Socket socket = RequestLimitsTest.connect(server)) {
            OutputStream out = socket.getOutputStream();
            out.write(RequestLimitsTest.head(target, body.length).getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return RequestLimitsTest.read(socket.getInputStream());
        }
    }

    static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Found as PutItem with {@code "pk":{"S":"\xc0\xafk0"}} answered 200: Jackson read C0 AF as "/". */
    @ParameterizedTest
    @ValueSource(strings = {"c0af", "eda080", "edbfbf", "ff", "80", "c328", "f8888080", "f4908080", "e282"})
    void aBodyThatIsNotUtf8IsASerializationException(String sequence) throws Exception {
        byte[] body = bytes("{\"TableName\":\"kvs\",\"Item\":{\"pk\":{\"S\":\"", hex(sequence), "k0\"}}}");
        RequestLimitsTest.Answer answer = send("PutItem", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("SerializationException")
                .containsPattern("invalid UTF-8 at byte (38|39|40) of the request body");
        RequestLimitsTest.Answer scan = send("Scan", bytes("{\"TableName\":\"kvs\"}"));
        assertThat(scan.body()).contains("\"Count\":0");
    }

    @Test
    void utf8IsCheckedAcrossTheBuffersOfAComposite() {
        byte[] text = "a\u00e9\u20ac\ud83d\ude00z".getBytes(StandardCharsets.UTF_8); // 1, 2, 3 and 4-byte forms
        for (int split = 0; split <= text.length; split++) {
            ByteBuf composite = Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(text, 0, split),
                    java.util.Arrays.copyOfRange(text, split, text.length));
            assertThat(Utf8.firstMalformed(composite)).as("split at %d", split).isEqualTo(-1);
        }
        assertThat(Utf8.firstMalformed(Unpooled.wrappedBuffer(bytes("ab", hex("e282"))))).isEqualTo(4);
        assertThat(Utf8.firstMalformed(Unpooled.wrappedBuffer(bytes("ab", hex("eda080"))))).isEqualTo(3);
        assertThat(Utf8.firstMalformed(Unpooled.wrappedBuffer(bytes("abc")).skipBytes(1))).isEqualTo(-1);
        assertThat(Utf8.firstMalformed(Unpooled.wrappedBuffer(bytes("ab", hex("ff"), "c")).skipBytes(1))).isEqualTo(1);
    }

    /**
     * Found as {@code Expect: nonsense} answered by Netty's 417 with no body, no __type and no
     * CRC32. A client that asked for an expectation waits for it before sending the body, so
     * after the 417 the connection reads the next request.
     */
    @Test
    void anExpectationOtherThan100ContinueIsAJsonError() throws Exception {
        byte[] body = bytes("{\"TableName\":\"kvs\"}");
        try (Socket socket = RequestLimitsTest.connect(server)) {
            OutputStream out = socket.getOutputStream();
            out.write(RequestLimitsTest.head("DescribeTable", body.length, "Expect: nonsense")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RequestLimitsTest.Answer refused = RequestLimitsTest.read(socket.getInputStream());
            assertThat(refused.status()).isEqualTo(417);
            assertThat(refused.headers()).containsKey("x-amz-crc32");
            assertThat(refused.body()).contains("ValidationException").contains("Unsupported Expect header: nonsense");
            out.write((RequestLimitsTest.head("DescribeTable", body.length)).getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            RequestLimitsTest.Answer next = RequestLimitsTest.read(socket.getInputStream());
            assertThat(next.status()).as(next.body()).isEqualTo(200);
            assertThat(next.body()).contains("\"TableName\":\"kvs\"");
        }
    }

    /**
     * Found as a Content-Length short of the body: the rest, read in the same packet as the
     * complete request, escaped the request timeout and waited for the idle timeout, unanswered.
     */
    @Test
    void aPartialRequestPipelinedBehindACompleteOneIsTimedOut() throws Exception {
        try (DynamoServer timed = DynamoServer.start(new Engine(EngineConfig.inMemory()), "127.0.0.1", 0, false,
                new DynamoServer.Timeouts(java.time.Duration.ofSeconds(60), java.time.Duration.ofMillis(300)));
             Socket socket = new Socket("127.0.0.1", timed.address().getPort())) {
            socket.setSoTimeout(20_000);
            long start = System.nanoTime();
            // one write: a complete ListTables, then the headers and 3 of the 10 body bytes of another
            socket.getOutputStream().write(bytes(RequestLimitsTest.head("ListTables", 2), "{}",
                    RequestLimitsTest.head("ListTables", 10), "{\"a"));
            socket.getOutputStream().flush();
            assertThat(RequestLimitsTest.read(socket.getInputStream()).status()).isEqualTo(200);
            RequestLimitsTest.Answer late = RequestLimitsTest.read(socket.getInputStream());
            long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(late.status()).as(late.body()).isEqualTo(408);
            assertThat(millis).as("answered at the request timeout, not the idle one").isBetween(300L, 30_000L);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    /** Found as DescribeTable {@code {"TableName":"kvs"}}} answered 200: Jackson ignored what followed the object. */
    @ParameterizedTest
    @ValueSource(strings = {"}", "[", "{}", "x", ",", "\"a\"", "1", "\u0000"})
    void anythingButWhitespaceAfterTheBodysJsonIsASerializationException(String trailing) throws Exception {
        RequestLimitsTest.Answer answer = send("DescribeTable", bytes("{\"TableName\":\"kvs\"}", trailing));
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("SerializationException");
        RequestLimitsTest.Answer spaces = send("DescribeTable", bytes("{\"TableName\":\"kvs\"} \r\n\t "));
        assertThat(spaces.status()).as(spaces.body()).isEqualTo(200);
    }

    /** Found as a chunked ListTables with chunk size "zz" answered 200: the codec's failure was dropped. */
    @ParameterizedTest
    @ValueSource(strings = {"zz", "-5", "fffffffffffffffffff"})
    void aChunkSizeThatIsNoNumberIsA400(String size) throws Exception {
        try (Socket socket = RequestLimitsTest.connect(server)) {
            socket.getOutputStream().write(bytes("POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\nab\r\n0\r\n\r\n"));
            socket.getOutputStream().flush();
            RequestLimitsTest.Answer answer = RequestLimitsTest.read(socket.getInputStream());
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("ValidationException").contains("Malformed HTTP request body");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
