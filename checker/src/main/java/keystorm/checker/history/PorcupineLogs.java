package keystorm.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * The two log formats of Porcupine's test data.
 *
 * <p><b>etcd</b> ({@code etcd_NNN.log}): Jepsen log lines {@code INFO  jepsen.util - P\t:TYPE\t:F\tVALUE} (tabs, or spaces in a few files)
 * of a compare-and-set register. Porcupine's etcd model reads more from them than Jepsen's
 * classic one: a {@code :fail :cas} means the comparison failed (the register was not FROM), so
 * it becomes an ok completion with value {@code [from, to, false]}, which the cas-register model
 * takes as that constraint; {@code :fail :read :timed-out} is a read of unknown outcome;
 * {@code :info} lines leave the invocation open (indeterminate).
 *
 * <p><b>kv</b> ({@code cNN-ok.txt}): one EDN map per line, {@code {:process P, :type :invoke|:ok,
 * :f :get|:put|:append, :key "K", :value "V"}}; values become independent {@code [key value]}
 * tuples, so the kv model checks each key alone.
 */
public final class PorcupineLogs {
    private static final Pattern ETCD_LINE = Pattern.compile("INFO\\s+jepsen\\.util - (\\S+)\\s+:(\\w+)\\s+:([\\w-]+)\\s*(.*)");
    private static final Pattern CAS_VALUE = Pattern.compile("\\[(-?\\d+) (-?\\d+)\\]");

    private PorcupineLogs() {
    }

    public static History readEtcd(String text) throws HistoryFormatException {
        List<Op> ops = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher matcher = ETCD_LINE.matcher(lines[i].stripTrailing());
            if (!matcher.matches()) {
                throw new HistoryFormatException(i + 1, "not a Jepsen log line 'INFO  jepsen.util - PROCESS<tab>:TYPE<tab>:F<tab>VALUE': "
                        + abbreviate(line));
            }
            if (matcher.group(1).startsWith(":")) {
                continue; // :nemesis and friends carry no register operation
            }
            int process;
            try {
                process = Integer.parseInt(matcher.group(1));
            } catch (NumberFormatException e) {
                throw new HistoryFormatException(i + 1, "process must be a number, not " + matcher.group(1));
            }
            String type = matcher.group(2);
            String f = matcher.group(3);
            String value = matcher.group(4).strip();
            if (!f.equals("read") && !f.equals("write") && !f.equals("cas")) {
                throw new HistoryFormatException(i + 1, "function must be :read, :write or :cas, not :" + f);
            }
            int index = ops.size();
            switch (type) {
                case "invoke" -> ops.add(new Op(index, -1, process, OpType.INVOKE, f, etcdValue(f, value, i + 1), null));
                case "ok" -> ops.add(new Op(index, -1, process, OpType.OK, f, etcdValue(f, value, i + 1), null));
                case "fail" -> {
                    if (f.equals("cas")) {
                        JsonNode pair = etcdValue(f, value, i + 1);
                        ops.add(new Op(index, -1, process, OpType.OK, f,
                                Values.array(pair.get(0), pair.get(1), Values.NODES.booleanNode(false)), null));
                    } else {
                        ops.add(new Op(index, -1, process, OpType.INFO, f, null, value));
                    }
                }
                case "info" -> {
                    // the invocation stays open: indeterminate
                }
                default -> throw new HistoryFormatException(i + 1, "type must be :invoke, :ok, :fail or :info, not :" + type);
            }
        }
        return History.of(ops);
    }

    private static JsonNode etcdValue(String f, String value, long line) throws HistoryFormatException {
        if (value.equals("nil") || value.startsWith(":")) {
            return Values.NODES.nullNode();
        }
        if (f.equals("cas")) {
            Matcher matcher = CAS_VALUE.matcher(value);
            if (!matcher.matches()) {
                throw new HistoryFormatException(line, "a :cas value is [FROM TO], not " + abbreviate(value));
            }
            return Values.array(Values.NODES.numberNode(Long.parseLong(matcher.group(1))),
                    Values.NODES.numberNode(Long.parseLong(matcher.group(2))));
        }
        try {
            return Values.NODES.numberNode(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new HistoryFormatException(line, "a register value is an integer or nil, not " + abbreviate(value));
        }
    }

    public static History readKv(String text) throws HistoryFormatException {
        List<Op> ops = new ArrayList<>();
        Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Object value;
            try {
                value = parser.nextValue(Parsers.newParseable(line));
            } catch (EdnException e) {
                throw new HistoryFormatException(i + 1, "not EDN: " + e.getMessage());
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw new HistoryFormatException(i + 1, "expected {:process P, :type T, :f F, :key K, :value V}");
            }
            Object process = map.get(Keyword.newKeyword("process"));
            Object type = map.get(Keyword.newKeyword("type"));
            Object f = map.get(Keyword.newKeyword("f"));
            Object key = map.get(Keyword.newKeyword("key"));
            if (!(process instanceof Long p) || !(type instanceof Keyword t) || !(f instanceof Keyword fn) || key == null) {
                throw new HistoryFormatException(i + 1, "an operation needs :process (integer), :type, :f and :key");
            }
            OpType opType;
            try {
                opType = OpType.parse(t.getName());
            } catch (IllegalArgumentException e) {
                throw new HistoryFormatException(i + 1, ":" + e.getMessage());
            }
            JsonNode tuple = Values.array(EdnHistory.json(key), EdnHistory.json(map.get(Keyword.newKeyword("value"))));
            ops.add(new Op(ops.size(), -1, p.intValue(), opType, fn.getName(), tuple, null));
        }
        return History.of(ops);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

}
