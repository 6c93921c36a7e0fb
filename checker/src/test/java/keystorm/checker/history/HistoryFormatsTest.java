package keystorm.checker.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryFormatsTest {
    static final String JSONL = """
            {"index":0,"time":10,"process":3,"type":"invoke","f":"txn","value":[["append","k7",4],["r","k3",null]]}
            {"index":1,"time":20,"process":"nemesis","type":"info","f":"start-partition","value":null}
            {"index":2,"time":30,"process":3,"type":"ok","f":"txn","value":[["append","k7",4],["r","k3",[1,2]]]}
            {"index":3,"time":40,"process":1,"type":"invoke","f":"write","value":1}
            {"index":4,"time":50,"process":1,"type":"fail","f":"write","value":1,"error":"timeout"}
            """;

    @Test
    void jsonlRoundTrips() throws Exception {
        History history = JsonlHistory.read(new StringReader(JSONL));
        assertThat(history.size()).isEqualTo(5);
        Op first = history.ops().getFirst();
        assertThat(first.process()).isEqualTo(3);
        assertThat(first.value().get(1).get(2).isNull()).isTrue();
        assertThat(history.ops().get(1).isNemesis()).isTrue();
        assertThat(history.ops().get(4).error()).isEqualTo("timeout");
        StringWriter out = new StringWriter();
        JsonlHistory.write(out, history.ops());
        assertThat(JsonlHistory.read(new StringReader(out.toString())).ops()).isEqualTo(history.ops());
    }

    @Test
    void integersAreLongsWhateverTheFormat() throws Exception {
        Op fromJson = JsonlHistory.read(new StringReader("{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":5}\n"))
                .ops().getFirst();
        Op fromEdn = EdnHistory.read("[{:process 0 :type :ok :f :read :value 5}]").ops().getFirst();
        assertThat(fromJson.value()).isEqualTo(fromEdn.value());
    }

    /** The streaming read of a line must give what the tree read gives, for every shape a line takes. */
    @Test
    void streamingAndTreeReadsOfALineAgree() throws Exception {
        List<String> lines = List.of(
                "{\"index\":7,\"time\":12,\"process\":3,\"type\":\"invoke\",\"f\":\"cas\",\"value\":[\"k1\",[1,2]]}",
                "{\"process\":3,\"type\":\"ok\",\"f\":\"read\",\"value\":null}",
                "{\"process\":3,\"type\":\"ok\",\"f\":\"read\"}",
                "{\"index\":null,\"time\":null,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"kill\",\"value\":{\"a\":[1.5,true]}}",
                "{\"f\":\"write\",\"value\":1.0e300,\"type\":\"fail\",\"process\":0,\"error\":\"timeout\"}",
                "{\"process\":0,\"type\":\"info\",\"f\":\"w\",\"value\":1,\"error\":{\"why\":[\"x\"]},\"extra\":[1,{\"b\":2}]}",
                "{\"process\":0,\"type\":\"info\",\"f\":\"w\",\"value\":1,\"error\":null}",
                "{\"process\":0,\"type\":\"ok\",\"f\":\"w\",\"value\":1,\"value\":2}",
                "{\"process\":2147483647,\"type\":\"ok\",\"f\":\"w\",\"value\":[]}",
                "{\"index\":9223372036854775807,\"process\":1,\"type\":\"ok\",\"f\":\"w\",\"value\":\"s\"}",
                "{\"process\":1,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"append\",\"x\",-3],[\"r\",\"y\",[1,2,3,4,5,6,7,8,9,10,11]]]}",
                "{\"process\":1,\"type\":\"ok\",\"f\":\"m\",\"value\":{\"a\":{\"b\":[true,false,null]},\"a\":{\"c\":\"\\u00e9\\n\"},\"z\":{}}}");
        for (int i = 0; i < lines.size(); i++) {
            assertThat(JsonlHistory.parse(lines.get(i), i + 1, i)).as(lines.get(i))
                    .isEqualTo(JsonlHistory.parseTree(lines.get(i), i + 1, i));
        }
    }

    @Test
    void malformedJsonlNamesTheLine() {
        assertError(() -> JsonlHistory.read(new StringReader("{\"process\":0,\"type\":\"ok\",\"f\":\"r\"}\n{\"process\":0,")),
                "line 2: not JSON");
        assertError(() -> JsonlHistory.read(new StringReader("\n\n{\"process\":0,\"type\":\"done\",\"f\":\"r\"}")),
                "line 3: \"type\" must be invoke, ok, fail or info, not 'done'");
        assertError(() -> JsonlHistory.read(new StringReader("{\"type\":\"ok\",\"f\":\"r\"}")), "line 1: missing \"process\"");
        assertError(() -> JsonlHistory.read(new StringReader("{\"process\":-2,\"type\":\"ok\",\"f\":\"r\"}")),
                "line 1: \"process\" must be a non-negative integer or \"nemesis\"");
        assertError(() -> JsonlHistory.read(new StringReader("{\"process\":1,\"type\":\"ok\"}")), "line 1: missing \"f\"");
        assertError(() -> JsonlHistory.read(new StringReader("[1,2]")), "line 1: expected a JSON object");
        assertError(() -> JsonlHistory.read(new StringReader("{\"index\":1.5,\"process\":1,\"type\":\"ok\",\"f\":\"r\"}")),
                "line 1: \"index\" must be an integer");
        assertError(() -> JsonlHistory.read(new StringReader("{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":[1,")),
                "line 1: not JSON");
        // USE_LONG_FOR_INTS: an integer beyond a long is refused, by either read
        assertError(() -> JsonlHistory.read(new StringReader("{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":123456789012345678901234567890}")),
                "line 1: not JSON: Numeric value (123456789012345678901234567890) out of range of long");
    }

    @Test
    void ednReadsJepsenHistoriesInBothLayouts() throws Exception {
        String vector = "; a comment\n[{:process 0, :type :invoke, :f :read, :value nil}\n {:process 0, :type :ok, :f :read, :value 3}]";
        String stream = "{:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}\n"
                + "{:process :nemesis, :type :info, :f :start, :value nil}\n"
                + "{:process 0, :type :ok, :f :txn, :value [[:append :x 1]], :time 12, :index 7}\n";
        assertThat(EdnHistory.read(vector).ops()).hasSize(2);
        History history = EdnHistory.read(stream);
        assertThat(history.ops().get(1).isNemesis()).isTrue();
        assertThat(history.ops().get(2).value().get(0).get(1).textValue()).isEqualTo("x");
        assertThat(history.ops().get(2).index()).isEqualTo(7);
        assertThat(history.ops().get(2).time()).isEqualTo(12);
    }

    @Test
    void malformedEdnNamesTheLine() {
        assertError(() -> EdnHistory.read("[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok :f"),
                "line 2: not EDN");
        assertError(() -> EdnHistory.read("[{:process 0, :type :invoke, :f :read}\n\n {:process 0, :type :done, :f :read}]"),
                "line 3: operation 1: :type must be invoke, ok, fail or info, not 'done'");
        assertError(() -> EdnHistory.read("[1 2]"), "expected an operation map");
        assertError(() -> EdnHistory.read("{:process \"p\", :type :ok, :f :read}"), ":process must be a non-negative integer");
    }

    @Test
    void porcupineEtcdLogs() throws Exception {
        History history = PorcupineLogs.readEtcd("""
                INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2]
                INFO  jepsen.util - 0\t:fail\t:cas\t[1 2]
                INFO  jepsen.util - 1\t:invoke\t:read\tnil
                INFO  jepsen.util - 1\t:fail\t:read\t:timed-out
                INFO  jepsen.util - 2   :invoke :write  3
                INFO  jepsen.util - 2\t:info\t:write\t:timed-out
                """);
        List<RawCall> calls = history.calls(false);
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).output()).hasToString("[1,2,false]"); // completed, comparison failed
        assertThat(calls.get(1).indeterminate()).isTrue();
        assertThat(calls.get(2).indeterminate()).isTrue();
        assertError(() -> PorcupineLogs.readEtcd("INFO  jepsen.util - 0\t:invoke\t:read\tnil\nWARN something else\n"),
                "line 2: not a Jepsen log line");
        assertError(() -> PorcupineLogs.readEtcd("INFO  jepsen.util - 0\t:invoke\t:cas\t[1]\n"),
                "line 1: a :cas value is [FROM TO]");
    }

    @Test
    void porcupineKvLogsBecomeIndependentTuples() throws Exception {
        History history = PorcupineLogs.readKv("""
                {:process 0, :type :invoke, :f :put, :key "1", :value "a"}
                {:process 0, :type :ok, :f :put, :key "1", :value "a"}
                """);
        assertThat(history.calls(true).getFirst().key()).isEqualTo("1");
        assertError(() -> PorcupineLogs.readKv("{:process 0, :type :invoke, :f :put}\n"), "line 1: an operation needs");
    }

    @Test
    void pairingFollowsJepsen() throws Exception {
        History history = JsonlHistory.read(new StringReader("""
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":1,"type":"invoke","f":"write","value":2}
                {"process":2,"type":"invoke","f":"write","value":3}
                {"process":"nemesis","type":"info","f":"kill","value":null}
                {"process":0,"type":"ok","f":"write","value":1}
                {"process":1,"type":"fail","f":"write","value":2}
                {"process":2,"type":"info","f":"write","value":3}
                {"process":3,"type":"invoke","f":"read","value":null}
                """));
        List<RawCall> calls = history.calls(false);
        assertThat(calls).extracting(RawCall::process).containsExactly(0, 2, 3); // the fail is dropped
        assertThat(calls).extracting(RawCall::indeterminate).containsExactly(false, true, true);
        assertThat(calls.get(1).returnIndex()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void independentValuesMustBeTuples() throws Exception {
        History history = JsonlHistory.read(new StringReader("{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"));
        assertThatThrownBy(() -> history.calls(true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event 0: an independent history's values are [key value] tuples, not 1");
    }

    @Test
    void aMillionOperationsStreamThroughInBoundedMemory() throws IOException {
        long count = 0;
        try (JsonlHistory.Stream stream = JsonlHistory.stream(new GeneratedHistory(1_000_000))) {
            while (stream.hasNext()) {
                Op op = stream.next();
                assertThat(op.index()).isEqualTo(count);
                count++;
            }
        }
        assertThat(count).isEqualTo(1_000_000);
    }

    /** A JSONL history produced line by line, never held whole. */
    static final class GeneratedHistory extends Reader {
        private final long lines;
        private long line;
        private String pending = "";
        private int offset;

        GeneratedHistory(long lines) {
            this.lines = lines;
        }

        @Override
        public int read(char[] buffer, int off, int len) {
            if (offset == pending.length()) {
                if (line == lines) {
                    return -1;
                }
                pending = "{\"index\":" + line + ",\"time\":" + line * 1000 + ",\"process\":" + line % 20
                        + ",\"type\":\"" + (line % 2 == 0 ? "invoke" : "ok") + "\",\"f\":\"write\",\"value\":[\"k"
                        + line % 1000 + "\"," + line + "]}\n";
                offset = 0;
                line++;
            }
            int n = Math.min(len, pending.length() - offset);
            pending.getChars(offset, offset + n, buffer, off);
            offset += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    static void assertError(ThrowingCall call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(HistoryFormatException.class).hasMessageContaining(message);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }
}
