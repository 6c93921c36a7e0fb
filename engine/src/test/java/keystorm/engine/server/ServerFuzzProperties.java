package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;

/**
 * Bad input against a live server: {@link FuzzServerMain} runs {@link DynamoServer} in a child
 * JVM with a 96 MB heap ({@code -Xmx96m}, exiting on OutOfMemoryError, Netty's leak detector on
 * paranoid, a 250 ms request timeout and a 2 s idle one), and each try sends it one generated attack over a raw
 * socket: broken JSON (truncated, stray tokens, trailing garbage, invalid UTF-8, NUL bytes,
 * UTF-16, comments, single quotes, lone surrogates), right JSON with a wrong type at any member
 * (numbers for strings, arrays for maps, huge numbers), bad attribute values (none or two types,
 * bad N strings, bad base64, empty or duplicate sets), huge values (an item of 400 KB and a
 * byte more, attribute names of 64 KB, a body of 16 MB and a byte more, 100,000 attributes),
 * deep nesting (JSON and L/M values), wrong or missing X-Amz-Target, methods, paths and content
 * types, bad Content-Length and chunking, pipelined requests and garbage, bodies cut off by the
 * client's close, and requests that stop half way (answered 408 once the request timeout passes).
 *
 * <p>Properties: every answer is complete (its Content-Length of body, its CRC32 right), never a
 * 5xx; every 4xx is DynamoDB's JSON error with a {@code __type}; an attack that is certainly
 * malformed is answered 4xx, one at a limit 200; a complete request is always answered; after
 * each try a PutItem and a consistent GetItem of a sentinel item still round-trip. After the
 * run the child is alive, its heap after a full collection grew by less than 32 MB, and its
 * stderr holds no exception, stack trace, error or leak report. The run prints the tries, the
 * time and the child's peak heap.
 *
 * <p>300 tries by default (a few seconds); run longer with the tries as a system property:
 * {@code ./mvnw -q -B -ntp -o -pl engine test -Dtest=ServerFuzzProperties -Dkeystorm.fuzz.tries=100000}.
 */
class ServerFuzzProperties {
    static final int TRIES = Integer.getInteger("keystorm.fuzz.tries", 300);
    static final long REQUEST_MILLIS = 250;
    static final int READ_TIMEOUT_MILLIS = 15_000;
    static final int MB = 1024 * 1024;
    static final int ITEM_MAX = 400 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TARGET = "DynamoDB_20120810.";

    static Child child;
    static long tries;
    static long started;

    // ---------------------------------------------------------------- the child server

    /** The server's JVM: its process, its stdout (commands' answers) and its stderr, in a file. */
    record Child(Process process, BufferedReader out, PrintStream in, int port, Path stderr) {
        static Child start() throws IOException {
            Path stderr = Files.createTempFile("keystorm-fuzz-", ".stderr");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx96m", "-XX:+ExitOnOutOfMemoryError",
                    "-Dio.netty.leakDetection.level=paranoid",
                    "-Dkeystorm.fuzz.requestMillis=" + REQUEST_MILLIS, "-Dkeystorm.fuzz.idleMillis=2000",
                    "-cp", System.getProperty("java.class.path"), FuzzServerMain.class.getName())
                    .redirectError(stderr.toFile())
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("port ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the fuzz server did not start: " + first + "; stderr: "
                        + Files.readString(stderr));
            }
            return new Child(process, out, new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8),
                    Integer.parseInt(first.substring(5).trim()), stderr);
        }

        /** The child's memory after {@code command} ("heap" or "gc"): used, peak, max, direct. */
        Map<String, Long> memory(String command) throws IOException {
            in.println(command);
            String line = out.readLine();
            assertThat(line).as("the child's answer to " + command).startsWith("heap ");
            Map<String, Long> figures = new LinkedHashMap<>();
            for (String part : line.substring(5).split(" ")) {
                String[] pair = part.split("=");
                figures.put(pair[0], Long.parseLong(pair[1]));
            }
            return figures;
        }

        String stderrText() throws IOException {
            return Files.readString(stderr, StandardCharsets.ISO_8859_1);
        }
    }

    static Map<String, Long> baseline;
    /** Per family, the slowest exchange's nanoseconds and label. */
    static final Map<String, Map.Entry<Long, String>> SLOWEST = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeProperty
    void startChild() throws Exception {
        child = Child.start();
        tries = 0;
        for (String table : List.of("sentinel", "fuzz")) {
            Answer created = exchangeOne(post("CreateTable", ("{\"TableName\":\"" + table + "\","
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                    + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                    + "\"BillingMode\":\"PAY_PER_REQUEST\"}").getBytes(StandardCharsets.UTF_8)));
            assertThat(created.status()).as(created.text()).isEqualTo(200);
        }
        sentinelRoundTrip(-1);
        baseline = child.memory("gc");
        started = System.nanoTime();
    }

    @AfterProperty
    void checkChild() throws Exception {
        try {
            long seconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(child.process().isAlive()).as("the server's JVM is alive; stderr: " + child.stderrText())
                    .isTrue();
            Map<String, Long> end = child.memory("gc");
            sentinelRoundTrip(-2); // after the collection, so that the leak detector reports what it found
            System.out.printf(Locale.ROOT, "ServerFuzzProperties: %d tries in %.1f s; child heap: peak %.1f MB "
                            + "(the most before a collection) of %.1f MB, after full GC %.1f MB at start and %.1f MB "
                            + "at end; Netty direct memory %s%n", tries, seconds / 1000.0,
                    end.get("peak") / (double) MB, end.get("max") / (double) MB, baseline.get("used") / (double) MB,
                    end.get("used") / (double) MB, end.get("direct") < 0 ? "not counted (Netty's cleaner buffers)"
                            : String.format(Locale.ROOT, "%.1f MB", end.get("direct") / (double) MB));
            SLOWEST.forEach((family, slowest) -> System.out.printf(Locale.ROOT, "  slowest %s: %d ms, %s%n", family,
                    TimeUnit.NANOSECONDS.toMillis(slowest.getKey()), slowest.getValue()));
            long retained = end.get("used") - baseline.get("used");
            if (retained >= 32L * MB) {
                throw new AssertionError("heap retained over the run: " + retained / MB + " MB; the child's largest "
                        + "classes:" + System.lineSeparator() + histogram());
            }
            child.in().println("quit");
            assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).as("the child stops within 30 s of quit").isTrue();
            List<String> bad = child.stderrText().lines()
                    .filter(l -> l.contains("Exception") || l.contains("Error") || l.contains("LEAK")
                            || l.contains("SEVERE") || l.startsWith("\tat "))
                    .toList();
            assertThat(bad).as("the server's stderr:%n%s", child.stderrText()).isEmpty();
        } finally {
            if (sentinelSocket != null) {
                sentinelSocket.close();
                sentinelSocket = null;
            }
            child.process().destroyForcibly();
            Files.deleteIfExists(child.stderr());
        }
    }

    /** The child's ten largest classes on the heap (jcmd's class histogram), to say what a bound failed on. */
    static String histogram() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(child.process().pid()), "GC.class_histogram").redirectErrorStream(true).start();
            List<String> lines = new BufferedReader(new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))
                    .lines().limit(14).toList();
            jcmd.waitFor(20, TimeUnit.SECONDS);
            return String.join(System.lineSeparator(), lines);
        } catch (IOException e) {
            return "(no histogram: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** jqwik's tries from {@code -Dkeystorm.fuzz.tries} (an annotation's tries are a constant). */
    static final class TriesFromSystemProperty implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(TRIES);
            return property.execute();
        }
    }

    // ---------------------------------------------------------------- the property

    @Property(shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(TriesFromSystemProperty.class)
    void everyBadRequestIsAnsweredWithA4xxAndTheServerStaysWell(@ForAll("attacks") Attack attack) throws Exception {
        tries++;
        Statistics.collect(attack.family());
        long begin = System.nanoTime();
        List<Answer> answers = exchange(attack);
        long took = System.nanoTime() - begin;
        SLOWEST.merge(attack.family(), Map.entry(took, attack.label()),
                (a, b) -> a.getKey() >= b.getKey() ? a : b);
        Statistics.label("first answer").collect(attack.family(),
                answers.isEmpty() ? "none" : answers.getFirst().status() / 100 + "xx");
        for (Answer answer : answers) {
            checkWellFormed(attack, answer);
            switch (attack.expect()) {
                case REFUSED -> assertThat(answer.status()).as("%s%n%s", attack, answer).isBetween(400, 499);
                // 400 KB to 16 MB may take longer than the 250 ms request timeout to arrive on a busy machine
                case OK -> assertThat(answer.status()).as("%s%n%s", attack, answer)
                        .isIn(attack.bytes().length > 256 * 1024 ? List.of(200, 408) : List.of(200));
                case ANSWERED -> { }
            }
        }
        switch (attack.ending()) {
            case COMPLETE -> assertThat(answers).as("answers to a complete request: %s", attack).isNotEmpty();
            case STALL -> {
                assertThat(answers).as("a stalled request is answered: %s", attack).hasSize(1);
                assertThat(answers.getFirst().status()).as("%s%n%s", attack, answers.getFirst()).isEqualTo(408);
            }
            case CLOSE_MID_BODY -> { }
        }
        assertThat(child.process().isAlive()).as("the server's JVM is alive after %s", attack).isTrue();
        sentinelRoundTrip(tries);
    }

    /** A PutItem and a consistent GetItem of the sentinel item, on the sentinel's own keep-alive connection. */
    static void sentinelRoundTrip(long n) throws IOException {
        Answer put = sentinel(post("PutItem", ("{\"TableName\":\"sentinel\",\"Item\":{\"pk\":{\"S\":\"s\"},"
                + "\"n\":{\"N\":\"" + n + "\"}}}").getBytes(StandardCharsets.UTF_8)));
        assertThat(put.status()).as("sentinel PutItem: %s", put).isEqualTo(200);
        Answer get = sentinel(post("GetItem", "{\"TableName\":\"sentinel\",\"Key\":{\"pk\":{\"S\":\"s\"}},\"ConsistentRead\":true}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(get.status()).as("sentinel GetItem: %s", get).isEqualTo(200);
        assertThat(JSON.readTree(get.body()).path("Item").path("n").path("N").asText()).as("sentinel %s", get)
                .isEqualTo(Long.toString(n));
    }

    static Socket sentinelSocket;

    /** One request on the sentinel's connection, opened again if the server closed it (idle). */
    static Answer sentinel(byte[] request) throws IOException {
        Attack attack = new Attack("sentinel", "", request, Expect.OK);
        for (int attempt = 0; ; attempt++) {
            if (sentinelSocket == null || sentinelSocket.isClosed()) {
                sentinelSocket = new Socket("127.0.0.1", child.port());
                sentinelSocket.setSoTimeout(READ_TIMEOUT_MILLIS);
            }
            try {
                sentinelSocket.getOutputStream().write(request);
                Answer answer = read(sentinelSocket.getInputStream(), attack);
                if (answer != null) {
                    if (answer.header("connection").equalsIgnoreCase("close")) {
                        sentinelSocket.close();
                    }
                    return answer;
                }
            } catch (java.net.SocketException e) {
                if (attempt > 0) {
                    throw e;
                }
            }
            sentinelSocket.close(); // closed while unused: once more on a new connection
            if (attempt > 0) {
                throw new AssertionError("the sentinel's connection closed twice without an answer");
            }
        }
    }

    static void checkWellFormed(Attack attack, Answer answer) throws IOException {
        assertThat(answer.status()).as("never a 5xx: %s%n%s", attack, answer).isLessThan(500);
        String crc = answer.header("x-amz-crc32");
        CRC32 computed = new CRC32();
        computed.update(answer.body());
        assertThat(crc).as("x-amz-crc32 of %s", answer).isEqualTo(Long.toString(computed.getValue()));
        if (answer.status() >= 400) {
            assertThat(answer.header("content-type")).as("%s%n%s", attack, answer).isEqualTo("application/x-amz-json-1.0");
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.path("__type").asText()).as("a DynamoDB error type: %s%n%s", attack, answer)
                    .startsWith("com.amazon").contains("#");
            assertThat(error.path("message").isTextual()).as("a message: %s", answer).isTrue();
        } else if (answer.header("content-type").equals("application/x-amz-json-1.0")) {
            assertThat(JSON.readTree(answer.body()).isObject()).as("a JSON answer: %s", answer).isTrue();
        }
    }

    // ---------------------------------------------------------------- raw HTTP

    enum Ending { COMPLETE, CLOSE_MID_BODY, STALL }

    /** What the server must answer: a 4xx, a 200, or anything but a 5xx (the attack may be valid). */
    enum Expect { REFUSED, OK, ANSWERED }

    record Attack(String family, String label, byte[] bytes, int sent, Ending ending, int requests, Expect expect) {
        Attack(String family, String label, byte[] bytes, Expect expect) {
            this(family, label, bytes, bytes.length, Ending.COMPLETE, 1, expect);
        }

        @Override
        public String toString() {
            return family + "/" + label + " (" + bytes.length + " bytes, " + sent + " sent, " + ending + ", "
                    + requests + " request(s), expect " + expect + "): " + preview(bytes, 400);
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + headers + " " + preview(body, 400);
        }
    }

    static String preview(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else if (b == '\r') {
                out.append("\\r");
            } else if (b == '\n') {
                out.append("\\n");
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return bytes.length > max ? out + "...(" + (bytes.length - max) + " more)" : out.toString();
    }

    static byte[] http(String requestLine, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    static byte[] post(String operation, byte[] body) {
        return http("POST / HTTP/1.1", List.of("Host: 127.0.0.1", "Content-Type: application/x-amz-json-1.0",
                "X-Amz-Target: " + TARGET + operation, "Content-Length: " + body.length), body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static Answer exchangeOne(byte[] request) throws IOException {
        List<Answer> answers = exchange(new Attack("sentinel", "", request, Expect.OK));
        assertThat(answers).as("one answer to %s", preview(request, 300)).hasSize(1);
        return answers.getFirst();
    }

    /**
     * Sends an attack on a fresh connection (a writer thread, so that an early answer and close
     * cannot block it) and reads the answers: as many as the attack has requests, fewer if one
     * says Connection: close or the server closes between answers; a 100 Continue is skipped.
     */
    static List<Answer> exchange(Attack attack) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", child.port()), 5_000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(attack.bytes(), 0, attack.sent());
                    out.flush();
                    if (attack.ending() == Ending.CLOSE_MID_BODY) {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            });
            InputStream in = socket.getInputStream();
            List<Answer> answers = new ArrayList<>();
            long start = System.nanoTime();
            try {
                while (answers.size() < attack.requests()) {
                    Answer answer = read(in, attack);
                    if (answer == null) {
                        break; // closed between answers
                    }
                    if (answer.status() == 100) {
                        continue;
                    }
                    answers.add(answer);
                    if (answer.header("connection").equalsIgnoreCase("close")) {
                        if (attack.ending() == Ending.STALL) {
                            assertThat(in.read()).as("closed after the 408: %s", attack).isEqualTo(-1);
                        }
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within " + READ_TIMEOUT_MILLIS + " ms (" + answers.size()
                        + " answered) to " + attack + "; writer: " + writeFailure.get(), e);
            } catch (IOException e) {
                if (answers.isEmpty() && attack.ending() == Ending.COMPLETE) {
                    throw new AssertionError("the connection failed before an answer to " + attack + "; writer: "
                            + writeFailure.get(), e);
                }
            }
            if (attack.ending() == Ending.STALL) {
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .as("a stalled request is cut off near the request timeout").isLessThan(REQUEST_MILLIS + 10_000);
            }
            try {
                writer.join(READ_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answers;
        }
    }

    /** One response; null on a close before its first byte; an AssertionError if cut short. */
    static Answer read(InputStream in, Attack attack) throws IOException {
        String statusLine = line(in, true);
        if (statusLine == null) {
            return null;
        }
        assertThat(statusLine).as("a status line for %s", attack).matches("HTTP/1\\.1 \\d{3} .*");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = cut(line(in, false), attack)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        if (status == 100) {
            return new Answer(status, headers, new byte[0]);
        }
        assertThat(headers).as("a Content-Length in the answer to %s: %s", attack, headers)
                .containsKey("content-length");
        int length = Integer.parseInt(headers.get("content-length"));
        byte[] body = in.readNBytes(length);
        assertThat(body.length).as("a complete answer (HTTP %d %s) to %s", status, headers, attack).isEqualTo(length);
        return new Answer(status, headers, body);
    }

    static String cut(String line, Attack attack) {
        if (line == null) {
            throw new AssertionError("an answer cut off in its headers, to " + attack);
        }
        return line;
    }

    /** A CRLF-terminated line; null at the end of the stream before any byte ({@code first}) or at all. */
    static String line(InputStream in, boolean first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        if (first && line.size() == 0) {
            return null;
        }
        if (line.size() > 0) {
            throw new AssertionError("an answer cut off mid-line: " + preview(line.toByteArray(), 200));
        }
        return null;
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<Attack> attacks() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, valid()),
                Tuple.of(22, wrongTypes()),
                Tuple.of(5, missingMembers()),
                Tuple.of(14, badAttributeValues()),
                Tuple.of(16, brokenJson()),
                Tuple.of(2, huge()),
                Tuple.of(6, deep()),
                Tuple.of(16, badHttp()),
                Tuple.of(6, pipelined()),
                Tuple.of(3, cutOff()),
                Tuple.of(1, stalled()));
    }

    /** Request bodies DynamoDB accepts, one per operation, with a key of a bounded set and a value. */
    enum Template {
        PUT("PutItem", "{\"TableName\":\"fuzz\",\"Item\":{\"pk\":{\"S\":\"%K\"},\"v\":{\"S\":\"%V\"},\"n\":{\"N\":\"1\"},"
                + "\"b\":{\"B\":\"AAEC\"},\"ss\":{\"SS\":[\"a\",\"b\"]},\"l\":{\"L\":[{\"N\":\"2\"},{\"NULL\":true}]},"
                + "\"m\":{\"M\":{\"x\":{\"BOOL\":false}}}},"
                + "\"ConditionExpression\":\"attribute_not_exists(pk) OR #v <> :v\",\"ExpressionAttributeNames\":{\"#v\":\"v\"},"
                + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"%V\"}},\"ReturnValues\":\"ALL_OLD\","
                + "\"ReturnConsumedCapacity\":\"TOTAL\"}"),
        GET("GetItem", "{\"TableName\":\"fuzz\",\"Key\":{\"pk\":{\"S\":\"%K\"}},\"ConsistentRead\":true,"
                + "\"ProjectionExpression\":\"#v, pk\",\"ExpressionAttributeNames\":{\"#v\":\"v\"},"
                + "\"ReturnConsumedCapacity\":\"TOTAL\"}"),
        UPDATE("UpdateItem", "{\"TableName\":\"fuzz\",\"Key\":{\"pk\":{\"S\":\"%K\"}},"
                + "\"UpdateExpression\":\"SET #v = :v ADD n :one\",\"ConditionExpression\":\"attribute_exists(pk) OR attribute_not_exists(pk)\","
                + "\"ExpressionAttributeNames\":{\"#v\":\"v\"},\"ExpressionAttributeValues\":{\":v\":{\"S\":\"%V\"},"
                + "\":one\":{\"N\":\"1\"}},\"ReturnValues\":\"UPDATED_NEW\"}"),
        DELETE("DeleteItem", "{\"TableName\":\"fuzz\",\"Key\":{\"pk\":{\"S\":\"%K\"}},"
                + "\"ConditionExpression\":\"attribute_exists(pk)\",\"ReturnValues\":\"ALL_OLD\","
                + "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}"),
        QUERY("Query", "{\"TableName\":\"fuzz\",\"KeyConditionExpression\":\"pk = :k\",\"FilterExpression\":\"size(#v) > :z\","
                + "\"ProjectionExpression\":\"pk, #v\",\"ExpressionAttributeNames\":{\"#v\":\"v\"},"
                + "\"ExpressionAttributeValues\":{\":k\":{\"S\":\"%K\"},\":z\":{\"N\":\"0\"}},\"Limit\":10,"
                + "\"ConsistentRead\":false,\"ScanIndexForward\":true,\"Select\":\"SPECIFIC_ATTRIBUTES\"}"),
        SCAN("Scan", "{\"TableName\":\"fuzz\",\"FilterExpression\":\"begins_with(#v, :p)\",\"ExpressionAttributeNames\":{\"#v\":\"v\"},"
                + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"%V\"}},\"Limit\":5,\"Segment\":0,\"TotalSegments\":2,"
                + "\"ExclusiveStartKey\":{\"pk\":{\"S\":\"%K\"}}}"),
        BATCH_WRITE("BatchWriteItem", "{\"RequestItems\":{\"fuzz\":[{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"%K\"},"
                + "\"v\":{\"S\":\"%V\"}}}},{\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"%Kx\"}}}}]},"
                + "\"ReturnConsumedCapacity\":\"INDEXES\"}"),
        BATCH_GET("BatchGetItem", "{\"RequestItems\":{\"fuzz\":{\"Keys\":[{\"pk\":{\"S\":\"%K\"}}],\"ConsistentRead\":true,"
                + "\"ProjectionExpression\":\"#v\",\"ExpressionAttributeNames\":{\"#v\":\"v\"}}}}"),
        TRANSACT_WRITE("TransactWriteItems", "{\"TransactItems\":[{\"Put\":{\"TableName\":\"fuzz\",\"Item\":{\"pk\":{\"S\":\"%K\"},"
                + "\"v\":{\"S\":\"%V\"}}}},{\"Update\":{\"TableName\":\"fuzz\",\"Key\":{\"pk\":{\"S\":\"%Ku\"}},"
                + "\"UpdateExpression\":\"SET #v = :v\",\"ExpressionAttributeNames\":{\"#v\":\"v\"},"
                + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"%V\"}}}},{\"ConditionCheck\":{\"TableName\":\"fuzz\","
                + "\"Key\":{\"pk\":{\"S\":\"%Kc\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}},"
                + "{\"Delete\":{\"TableName\":\"fuzz\",\"Key\":{\"pk\":{\"S\":\"%Kd\"}}}}],\"ClientRequestToken\":\"t-%K\"}"),
        TRANSACT_GET("TransactGetItems", "{\"TransactItems\":[{\"Get\":{\"TableName\":\"fuzz\",\"Key\":{\"pk\":{\"S\":\"%K\"}},"
                + "\"ProjectionExpression\":\"#v\",\"ExpressionAttributeNames\":{\"#v\":\"v\"}}}]}"),
        CREATE("CreateTable", "{\"TableName\":\"fuzz2\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PROVISIONED\","
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5}}"),
        DESCRIBE("DescribeTable", "{\"TableName\":\"fuzz\"}"),
        LIST("ListTables", "{\"ExclusiveStartTableName\":\"a%K\",\"Limit\":10}"),
        DROP("DeleteTable", "{\"TableName\":\"fuzz2\"}");

        final String operation;
        final String json;

        Template(String operation, String json) {
            this.operation = operation;
            this.json = json;
        }

        ObjectNode body(String key, String value) {
            try {
                return (ObjectNode) JSON.readTree(json.replace("%K", key).replace("%V", value));
            } catch (IOException e) {
                throw new IllegalStateException(name() + " is not JSON", e);
            }
        }
    }

    /** A template's operation and body. */
    record Body(Template template, ObjectNode json) {
        byte[] bytes() {
            try {
                return JSON.writeValueAsBytes(json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Arbitrary<Body> bodies() {
        return Combinators.combine(Arbitraries.of(Template.class), Arbitraries.integers().between(0, 999),
                        Arbitraries.strings().alpha().numeric().ofMaxLength(16))
                .as((template, key, value) -> new Body(template, template.body("k" + key, value)));
    }

    static Arbitrary<Integer> choice() {
        return Arbitraries.integers().between(0, 1 << 20);
    }

    static Arbitrary<Attack> valid() {
        return bodies().map(b -> new Attack("valid", b.template().operation, post(b.template().operation, b.bytes()),
                Expect.ANSWERED));
    }

    /** Every container member and element below the root, as a parent and a key or index. */
    record Slot(JsonNode parent, String field, int index) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }
    }

    static List<Slot> slots(JsonNode node) {
        List<Slot> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                out.add(new Slot(node, name, -1));
                collect(node.get(name), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(new Slot(node, null, i));
                collect(node.get(i), out);
            }
        }
    }

    static final String MARK = "\u0001mark\u0001";

    /** The body with the slot's value replaced by raw JSON text (which a tree cannot hold: 1e999999). */
    static byte[] replaced(ObjectNode json, Slot slot, String raw) {
        slot.set(TextNode.valueOf(MARK));
        try {
            String text = JSON.writeValueAsString(json);
            return text.replace(JSON.writeValueAsString(MARK), raw).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String HUGE_INTEGER = "1" + "0".repeat(2000);

    /** JSON text of a type other than {@code original}'s (never null, which DynamoDB reads as absent). */
    static List<String> wrongFor(JsonNode original) throws IOException {
        String same = JSON.writeValueAsString(original);
        return switch (original.getNodeType()) {
            case STRING -> List.of("5", "true", "[" + same + "]", "{\"S\":" + same + "}", "1e999999", "-0.0",
                    HUGE_INTEGER);
            case NUMBER -> List.of("\"" + original.asText() + "\"", "true", "[" + same + "]", "{}", "1.5", "1e999999",
                    "-1e999999", HUGE_INTEGER, "99999999999999999999", "2.0E-400");
            case BOOLEAN -> List.of("\"" + original.asText() + "\"", "1", "0", "[" + same + "]", "{}");
            case ARRAY -> List.of("{}", "{\"0\":" + (original.isEmpty() ? "1" : JSON.writeValueAsString(original.get(0)))
                    + "}", "\"x\"", "5", "true");
            case OBJECT -> List.of("[]", "[" + same + "]", "\"x\"", "5", "false", "\"" + same.replace("\"", "\\\"") + "\"");
            default -> List.of("5");
        };
    }

    static Arbitrary<Attack> wrongTypes() {
        return Combinators.combine(bodies(), choice(), choice()).as((body, where, what) -> {
            List<Slot> slots = slots(body.json());
            Slot slot = slots.get(where % slots.size());
            try {
                List<String> wrong = wrongFor(slot.get());
                String raw = wrong.get(what % wrong.size());
                String label = (slot.field() != null ? slot.field() : "[" + slot.index() + "]") + " := "
                        + (raw.length() > 40 ? raw.substring(0, 40) + "..." : raw);
                return new Attack("wrong type", body.template().operation + " " + label,
                        post(body.template().operation, replaced(body.json(), slot, raw)), Expect.REFUSED);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static Arbitrary<Attack> missingMembers() {
        return Combinators.combine(bodies(), choice()).as((body, where) -> {
            List<Slot> slots = slots(body.json()).stream().filter(s -> s.field() != null).toList();
            Slot slot = slots.get(where % slots.size());
            ((ObjectNode) slot.parent()).remove(slot.field());
            return new Attack("missing member", body.template().operation + " without " + slot.field(),
                    post(body.template().operation, body.bytes()), Expect.ANSWERED);
        });
    }

    static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M");

    static final List<String> BAD_VALUES = List.of("{}", "{\"S\":\"a\",\"N\":\"1\"}", "{\"X\":\"a\"}", "{\"s\":\"a\"}",
            "{\"N\":\"\"}", "{\"N\":\"abc\"}", "{\"N\":\"1e\"}", "{\"N\":\"--1\"}", "{\"N\":\"0x10\"}", "{\"N\":\"NaN\"}",
            "{\"N\":\"Infinity\"}", "{\"N\":\"1E+126\"}", "{\"N\":\"1E-131\"}", "{\"N\":\"1 2\"}",
            "{\"N\":\"1e99999999999\"}", "{\"N\":\"123456789012345678901234567890123456789012\"}",
            "{\"N\":\"" + "9".repeat(5000) + "\"}", "{\"N\":1}",
            "{\"B\":\"!!!!\"}", "{\"B\":\"abc\"}", "{\"B\":\"YQ\"}", "{\"B\":\"YQ===\"}", "{\"B\":\"Y Q==\"}", "{\"B\":\"\u00e9\"}",
            "{\"B\":5}", "{\"SS\":[]}", "{\"SS\":[\"a\",\"a\"]}", "{\"NS\":[\"1\",\"1.0\"]}", "{\"BS\":[\"YQ==\",\"YQ==\"]}",
            "{\"SS\":\"a\"}", "{\"SS\":[1]}", "{\"NS\":[\"x\"]}", "{\"BS\":[\"!\"]}", "{\"NULL\":false}", "{\"NULL\":\"true\"}",
            "{\"BOOL\":\"true\"}", "{\"BOOL\":1}", "{\"L\":{}}", "{\"M\":[]}", "{\"M\":{\"a\":5}}", "{\"L\":[5]}",
            "{\"L\":[{}]}", "{\"M\":{\"a\":{\"S\":\"x\",\"N\":\"1\"}}}", "\"x\"", "5", "[]", "true");

    /** The slots holding attribute values: objects with one member, named by a type. */
    static List<Slot> values(JsonNode json) {
        return slots(json).stream()
                .filter(s -> s.get().isObject() && s.get().size() == 1 && TYPES.contains(s.get().fieldNames().next()))
                .toList();
    }

    static Arbitrary<Attack> badAttributeValues() {
        return Combinators.combine(bodies().filter(b -> !values(b.json()).isEmpty()), choice(),
                Arbitraries.of(BAD_VALUES)).as((body, where, bad) -> {
            List<Slot> values = values(body.json());
            Slot slot = values.get(where % values.size());
            String label = body.template().operation + " " + slot.field() + " := "
                    + (bad.length() > 40 ? bad.substring(0, 40) + "..." : bad);
            return new Attack("bad value", label, post(body.template().operation, replaced(body.json(), slot, bad)),
                    Expect.REFUSED);
        });
    }

    /** Offsets of {@code json} outside string literals (between tokens), and inside them. */
    static List<List<Integer>> offsets(byte[] json) {
        List<Integer> outside = new ArrayList<>();
        List<Integer> inside = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            (inString ? inside : outside).add(i);
            if (json[i] == '"' && (i == 0 || json[i - 1] != '\\')) {
                inString = !inString;
            }
        }
        outside.add(json.length);
        return List.of(outside, inside);
    }

    static byte[] insert(byte[] into, int at, byte[] what) {
        return concat(java.util.Arrays.copyOfRange(into, 0, at), what,
                java.util.Arrays.copyOfRange(into, at, into.length));
    }

    static final List<String> JUNK = List.of("}", "]", ",", ":", "{", "[", "tru", "nul", "'", "\\", "@", "NaN", "\"",
            "//", "/*x*/", "0x1", "+1", ".5", "undefined", "\u00ff", "}{");

    static final List<byte[]> BAD_UTF8 = List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82},
            new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    static Arbitrary<Attack> brokenJson() {
        return Combinators.combine(bodies(), Arbitraries.integers().between(0, 8), choice(), choice())
                .as((body, kind, where, what) -> {
                    byte[] json = body.bytes();
                    String op = body.template().operation;
                    List<List<Integer>> offsets = offsets(json);
                    List<Integer> outside = offsets.get(0);
                    List<Integer> inside = offsets.get(1);
                    return switch (kind) {
                        case 0 -> {
                            int at = 1 + where % (json.length - 1);
                            yield new Attack("broken json", op + " cut at " + at,
                                    post(op, java.util.Arrays.copyOf(json, at)), Expect.REFUSED);
                        }
                        case 1 -> {
                            int at = outside.get(where % outside.size());
                            String junk = JUNK.get(what % JUNK.size());
                            yield new Attack("broken json", op + " '" + junk + "' at " + at,
                                    post(op, insert(json, at, junk.getBytes(StandardCharsets.UTF_8))), Expect.REFUSED);
                        }
                        case 2 -> {
                            int at = inside.get(where % inside.size());
                            byte[] bad = BAD_UTF8.get(what % BAD_UTF8.size());
                            yield new Attack("broken json", op + " invalid UTF-8 " + preview(bad, 10) + " at " + at,
                                    post(op, insert(json, at, bad)), Expect.REFUSED);
                        }
                        case 3 -> {
                            int at = where % (json.length + 1);
                            yield new Attack("broken json", op + " NUL at " + at, post(op, insert(json, at, new byte[1])),
                                    Expect.REFUSED);
                        }
                        case 4 -> {
                            String charset = List.of("UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE")
                                    .get(what % 5);
                            yield new Attack("broken json", op + " in " + charset,
                                    post(op, new String(json, StandardCharsets.UTF_8)
                                            .getBytes(java.nio.charset.Charset.forName(charset))), Expect.ANSWERED);
                        }
                        case 5 -> new Attack("broken json", op + " after a UTF-8 BOM",
                                post(op, concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, json)), Expect.ANSWERED);
                        case 6 -> {
                            // a lone surrogate is valid JSON text (an escape) but no Unicode string
                            String lone = List.of("\\ud800", "\\udfff", "\\ud800A", "A\\udc00", "\\udbff\\udbff").get(what % 5);
                            String text = new String(json, StandardCharsets.UTF_8);
                            int at = text.indexOf("\"v\":{\"S\":\"");
                            String changed = at < 0 ? text.replace("\"k", "\"" + lone + "k")
                                    : text.substring(0, at + 10) + lone + text.substring(at + 10);
                            yield new Attack("broken json", op + " lone surrogate " + lone,
                                    post(op, changed.getBytes(StandardCharsets.UTF_8)), Expect.ANSWERED);
                        }
                        case 7 -> new Attack("broken json", op + " single quotes",
                                post(op, new String(json, StandardCharsets.UTF_8).replace('"', '\'')
                                        .getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                        default -> new Attack("broken json", op + " not JSON",
                                post(op, List.of("", " ", "null", "[]", "\"x\"", "5", "true", "[{}]", "{}{}", "<xml/>")
                                        .get(what % 10).getBytes(StandardCharsets.UTF_8)),
                                what % 10 <= 1 || what % 10 == 8 ? Expect.ANSWERED : Expect.REFUSED);
                    };
                });
    }

    static String item(String pk, String extra) {
        return "{\"TableName\":\"fuzz\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"}" + extra + "}}";
    }

    static Arbitrary<Attack> huge() {
        return Arbitraries.integers().between(0, 11).map(kind -> {
            // an item's size: its names and values; "pk"+"big" is 5 bytes, "v" 1
            return switch (kind) {
                case 0 -> new Attack("huge", "item of 400 KB", post("PutItem", item("big", ",\"v\":{\"S\":\""
                        + "x".repeat(ITEM_MAX - 6) + "\"}").getBytes(StandardCharsets.UTF_8)), Expect.OK);
                case 1 -> new Attack("huge", "item of 400 KB and a byte", post("PutItem", item("big", ",\"v\":{\"S\":\""
                        + "x".repeat(ITEM_MAX - 5) + "\"}").getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                case 2 -> new Attack("huge", "attribute name of 65535 bytes", post("PutItem", item("big", ",\""
                        + "n".repeat(65535) + "\":{\"S\":\"x\"}").getBytes(StandardCharsets.UTF_8)), Expect.OK);
                case 3 -> new Attack("huge", "attribute name of 65536 bytes", post("PutItem", item("big", ",\""
                        + "n".repeat(65536) + "\":{\"S\":\"x\"}").getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                case 4 -> {
                    // a body of exactly 16 MB: a small item beside a member DynamoDB ignores
                    String head = "{\"TableName\":\"fuzz\",\"Item\":{\"pk\":{\"S\":\"big\"}},\"Pad\":\"";
                    String body = head + "p".repeat(16 * MB - head.length() - 2) + "\"}";
                    yield new Attack("huge", "body of 16 MB", post("PutItem", body.getBytes(StandardCharsets.UTF_8)),
                            Expect.OK);
                }
                case 5 -> {
                    String head = "{\"TableName\":\"fuzz\",\"Item\":{\"pk\":{\"S\":\"big\"}},\"Pad\":\"";
                    String body = head + "p".repeat(16 * MB - head.length() - 1) + "\"}";
                    yield new Attack("huge", "body of 16 MB and a byte", post("PutItem", body.getBytes(StandardCharsets.UTF_8)),
                            Expect.REFUSED);
                }
                case 6 -> {
                    StringBuilder many = new StringBuilder();
                    for (int i = 0; i < 100_000; i++) {
                        many.append(",\"a").append(i).append("\":{\"S\":\"\"}");
                    }
                    yield new Attack("huge", "100,000 attributes", post("PutItem", item("big", many.toString())
                            .getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                }
                case 7 -> new Attack("huge", "table name of 100,000 characters", post("DescribeTable",
                        ("{\"TableName\":\"" + "t".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                case 8 -> new Attack("huge", "expression of 1 MB", post("PutItem", ("{\"TableName\":\"fuzz\",\"Item\":"
                        + "{\"pk\":{\"S\":\"big\"}},\"ConditionExpression\":\"attribute_not_exists(" + "a".repeat(MB)
                        + ")\"}").getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                case 9 -> new Attack("huge", "placeholder of 1 MB", post("PutItem", ("{\"TableName\":\"fuzz\",\"Item\":"
                        + "{\"pk\":{\"S\":\"big\"}},\"ConditionExpression\":\"attribute_not_exists(#a)\","
                        + "\"ExpressionAttributeNames\":{\"#a\":\"pk\",\"#" + "b".repeat(MB) + "\":\"x\"}}")
                        .getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                case 10 -> new Attack("huge", "values of 3 MB", post("PutItem", ("{\"TableName\":\"fuzz\",\"Item\":"
                        + "{\"pk\":{\"S\":\"big\"}},\"ConditionExpression\":\"attribute_not_exists(pk) OR pk = :v\","
                        + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"" + "v".repeat(3 * MB) + "\"}}}")
                        .getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                default -> {
                    // 25 items of 400 KB in one BatchWriteItem: 10 MB, every one at the limit
                    StringBuilder batch = new StringBuilder("{\"RequestItems\":{\"fuzz\":[");
                    for (int i = 0; i < 25; i++) {
                        String pk = "big" + (char) ('a' + i);
                        batch.append(i == 0 ? "" : ",").append("{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"").append(pk)
                                .append("\"},\"v\":{\"S\":\"").append("x".repeat(ITEM_MAX - 7)).append("\"}}}}");
                    }
                    batch.append("]}}");
                    yield new Attack("huge", "25 items of 400 KB", post("BatchWriteItem",
                            batch.toString().getBytes(StandardCharsets.UTF_8)), Expect.OK);
                }
            };
        });
    }

    static Arbitrary<Attack> deep() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 700),
                Arbitraries.strings().withChars("LM").ofLength(700)).as((kind, depth, shape) -> switch (kind) {
                    case 0 -> new Attack("deep", "JSON arrays " + depth * 10 + " deep", post("PutItem", item("deep",
                            ",\"v\":" + "[".repeat(depth * 10) + "]".repeat(depth * 10)).getBytes(StandardCharsets.UTF_8)),
                            Expect.REFUSED);
                    case 1 -> new Attack("deep", "JSON objects " + depth * 10 + " deep", post("PutItem", item("deep",
                            ",\"v\":" + "{\"a\":".repeat(depth * 10) + "1" + "}".repeat(depth * 10))
                            .getBytes(StandardCharsets.UTF_8)), Expect.REFUSED);
                    default -> {
                        // L and M values nested depth levels (32 is DynamoDB's most)
                        int levels = kind == 2 ? Math.min(depth, 40) : depth;
                        StringBuilder open = new StringBuilder();
                        StringBuilder close = new StringBuilder();
                        for (int i = 0; i < levels; i++) {
                            if (shape.charAt(i) == 'L') {
                                open.append("{\"L\":[");
                                close.insert(0, "]}");
                            } else {
                                open.append("{\"M\":{\"a\":");
                                close.insert(0, "}}");
                            }
                        }
                        String value = open + "{\"S\":\"x\"}" + close;
                        yield new Attack("deep", "L/M " + levels + " levels " + shape.substring(0, Math.min(levels, 40)),
                                post("PutItem", item("deep", ",\"v\":" + value).getBytes(StandardCharsets.UTF_8)),
                                levels <= 32 ? Expect.OK : Expect.REFUSED);
                    }
                });
    }

    static Arbitrary<Attack> badHttp() {
        return Combinators.combine(bodies(), Arbitraries.integers().between(0, 13), choice()).as((body, kind, what) -> {
            byte[] json = body.bytes();
            String op = body.template().operation;
            String length = "Content-Length: " + json.length;
            String type = "Content-Type: application/x-amz-json-1.0";
            String target = "X-Amz-Target: " + TARGET + op;
            return switch (kind) {
                case 0 -> new Attack("http", "no X-Amz-Target", http("POST / HTTP/1.1", List.of("Host: h", type, length),
                        json), Expect.REFUSED);
                case 1 -> {
                    String bad = List.of(TARGET + "Nope", TARGET, TARGET + op.toLowerCase(Locale.ROOT),
                            "DynamoDB_20111205." + op, "dynamodb_20120810." + op, op, TARGET + op + "x",
                            "DynamoDBStreams_20120810.ListStreams", TARGET + "\u00ff" + op, TARGET + ".." + op).get(what % 10);
                    yield new Attack("http", "X-Amz-Target " + bad, http("POST / HTTP/1.1", List.of("Host: h", type,
                            "X-Amz-Target: " + bad, length), json), Expect.REFUSED);
                }
                case 2 -> {
                    String method = List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "get", "post").get(what % 8);
                    yield new Attack("http", "method " + method, http(method + " / HTTP/1.1", List.of("Host: h", type,
                            target, length), json), Expect.REFUSED);
                }
                case 3 -> {
                    String path = List.of("/x", "//", "/dynamodb", "*", "http://h/x", "/%00", "/..", "/" + "a".repeat(3000),
                            "/keystorm", "").get(what % 10);
                    yield new Attack("http", "path " + (path.length() > 20 ? path.substring(0, 20) + "..." : path),
                            http("POST " + path + " HTTP/1.1", List.of("Host: h", type, target, length), json),
                            Expect.REFUSED);
                }
                case 4 -> {
                    List<String> types = List.of("", "Content-Type: text/plain", "Content-Type: application/json",
                            "Content-Type: application/x-amz-json-1.1", "Content-Type: application/x-amz-json-1.0; charset=utf-16",
                            "Content-Type: multipart/form-data; boundary=x", "Content-Type: \u00ff\u00fe");
                    String t = types.get(what % types.size());
                    List<String> headers = new ArrayList<>(List.of("Host: h", target, length));
                    if (!t.isEmpty()) {
                        headers.add(t);
                    }
                    yield new Attack("http", "content type '" + t + "'", http("POST / HTTP/1.1", headers, json),
                            Expect.ANSWERED);
                }
                case 5 -> {
                    String bad = List.of("abc", "-1", "1.5", "+5", "99999999999999999999", "0x10", "1 2", "",
                            json.length + ", " + (json.length + 1)).get(what % 9);
                    yield new Attack("http", "Content-Length '" + bad + "'", http("POST / HTTP/1.1", List.of("Host: h",
                            type, target, "Content-Length: " + bad), json), Expect.REFUSED);
                }
                case 6 -> new Attack("http", "two Content-Lengths", http("POST / HTTP/1.1", List.of("Host: h", type, target,
                        length, "Content-Length: " + (json.length - 1)), json), Expect.REFUSED);
                case 7 -> {
                    // a Content-Length short of the body: the rest is read as the next request
                    int shortBy = 1 + what % (json.length - 1);
                    yield new Attack("http", "Content-Length short by " + shortBy, http("POST / HTTP/1.1",
                            List.of("Host: h", type, target, "Content-Length: " + (json.length - shortBy)), json),
                            json.length, Ending.COMPLETE, 2, Expect.ANSWERED);
                }
                case 8 -> {
                    String chunks = List.of(Integer.toHexString(json.length) + "\r\n" + new String(json, StandardCharsets.UTF_8)
                                    + "\r\n0\r\n\r\n",
                            "zz\r\nab\r\n0\r\n\r\n", "-5\r\nabcde\r\n0\r\n\r\n", "1;x=\u0000\r\na\r\n0\r\n\r\n",
                            "2\r\nabc\r\n0\r\n\r\n", "fffffffffffffffffff\r\na\r\n0\r\n\r\n").get(what % 6);
                    yield new Attack("http", "chunked " + preview(chunks.getBytes(StandardCharsets.ISO_8859_1), 30),
                            http("POST / HTTP/1.1", List.of("Host: h", type, target, "Transfer-Encoding: chunked"),
                                    chunks.getBytes(StandardCharsets.UTF_8)), what % 6 == 0 ? Expect.ANSWERED : Expect.REFUSED);
                }
                case 9 -> {
                    List<String> encodings = List.of("Transfer-Encoding: gzip", "Transfer-Encoding: chunked, identity",
                            "Transfer-Encoding: identity", "Content-Encoding: gzip", "Expect: 100-continue",
                            "Expect: nonsense", "Connection: close", "Connection: upgrade\r\nUpgrade: websocket");
                    String header = encodings.get(what % encodings.size());
                    yield new Attack("http", header.replace("\r\n", " / "), http("POST / HTTP/1.1",
                            List.of("Host: h", type, target, length, header), json), Expect.ANSWERED);
                }
                case 10 -> new Attack("http", "HTTP/1.0", http("POST / HTTP/1.0", List.of(type, target, length), json),
                        Expect.ANSWERED);
                case 11 -> {
                    String line = List.of("POST / HTTP/2.0", "POST / HTTP/9.9", "POST /", "POST  /  HTTP/1.1", "POST / FOO/1.1",
                            "\u0000\u0001\u0002", "GARBAGE", "POST / HTTP/1.1 extra", "P\u00d6ST / HTTP/1.1",
                            "POST\t/\tHTTP/1.1").get(what % 10);
                    yield new Attack("http", "request line " + preview(line.getBytes(StandardCharsets.ISO_8859_1), 30),
                            http(line, List.of("Host: h", type, target, length), json), Expect.ANSWERED);
                }
                case 12 -> {
                    List<String> headers = List.of("X-Big: " + "b".repeat(9000), "Bad Header: x", ": x", "X-Nul: a\u0000b",
                            "X-Amz-Target: " + "T".repeat(9000), "NoColon", "X-Line: a\r\n folded");
                    String header = headers.get(what % headers.size());
                    yield new Attack("http", "header " + preview(header.getBytes(StandardCharsets.ISO_8859_1), 30),
                            http("POST / HTTP/1.1", List.of("Host: h", type, target, length, header), json), Expect.ANSWERED);
                }
                default -> new Attack("http", "request line of 5000 bytes", http("POST /" + "a".repeat(5000) + " HTTP/1.1",
                        List.of("Host: h", type, target, length), json), Expect.REFUSED);
            };
        });
    }

    static Arbitrary<Attack> pipelined() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200)
                .map(bytes -> concat(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        return Combinators.combine(bodies().list().ofMinSize(1).ofMaxSize(12), garbage, Arbitraries.integers().between(0, 2))
                .as((bodies, junk, kind) -> {
                    List<byte[]> requests = new ArrayList<>();
                    for (Body body : bodies) {
                        requests.add(post(body.template().operation, body.bytes()));
                    }
                    String label = bodies.size() + " requests";
                    int count = bodies.size();
                    if (kind == 1) {
                        requests.add(junk);
                        label += " then garbage";
                        count++;
                    } else if (kind == 2) {
                        requests.addFirst(junk);
                        label = "garbage then " + label;
                        count++;
                    }
                    byte[] bytes = concat(requests.toArray(new byte[0][]));
                    return new Attack("pipelined", label, bytes, bytes.length, Ending.COMPLETE, count, Expect.ANSWERED);
                });
    }

    static Arbitrary<Attack> cutOff() {
        return Combinators.combine(bodies(), choice()).as((body, where) -> {
            byte[] request = post(body.template().operation, body.bytes());
            int sent = 1 + where % (request.length - 1);
            return new Attack("cut off", body.template().operation + " closed after " + sent + " bytes", request, sent,
                    Ending.CLOSE_MID_BODY, 1, Expect.REFUSED);
        });
    }

    static Arbitrary<Attack> stalled() {
        return Combinators.combine(bodies(), choice()).as((body, where) -> {
            byte[] request = post(body.template().operation, body.bytes());
            int sent = 1 + where % (request.length - 1);
            return new Attack("stalled", body.template().operation + " silent after " + sent + " bytes", request, sent,
                    Ending.STALL, 1, Expect.REFUSED);
        });
    }
}
