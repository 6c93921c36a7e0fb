package keystorm.checker.elle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;

/**
 * List-append histories that are strict-serializable by construction: transactions run one
 * after another on a model of lists, then each gets an interval around its place in that serial
 * order (so realtime agrees with it), and processes run one transaction at a time.
 */
final class ListAppendGenerator {
    /** A generated transaction: its micro-operations with results, its interval, its outcome. */
    static final class Spec {
        final List<JsonNode> ops = new ArrayList<>();
        long invoke;
        long complete;
        int process;
        OpType outcome = OpType.OK;
    }

    private final Random random;

    ListAppendGenerator(long seed) {
        random = new Random(seed);
    }

    List<Spec> serial(int transactions, int keys, int opsPerTxn, int overlap) {
        Map<String, List<Long>> lists = new HashMap<>();
        List<Spec> specs = new ArrayList<>();
        long next = 1;
        for (int t = 0; t < transactions; t++) {
            Spec spec = new Spec();
            for (int o = 0; o < opsPerTxn; o++) {
                String key = "k" + random.nextInt(keys);
                List<Long> list = lists.computeIfAbsent(key, k -> new ArrayList<>());
                ArrayNode op = Values.NODES.arrayNode();
                if (random.nextBoolean()) {
                    long value = next++;
                    list.add(value);
                    op.add("append").add(key).add(value);
                } else {
                    op.add("r").add(key);
                    ArrayNode seen = op.addArray();
                    list.forEach(seen::add);
                }
                spec.ops.add(op);
            }
            long point = 1000L * (t + 1);
            spec.invoke = point - 1 - random.nextInt(overlap * 1000 + 1);
            spec.complete = point + 1 + random.nextInt(overlap * 1000 + 1);
            specs.add(spec);
        }
        assignProcesses(specs);
        return specs;
    }

    private static void assignProcesses(List<Spec> specs) {
        List<Spec> byInvoke = new ArrayList<>(specs);
        byInvoke.sort(Comparator.comparingLong(s -> s.invoke));
        List<Long> busyUntil = new ArrayList<>();
        for (Spec spec : byInvoke) {
            int process = -1;
            for (int p = 0; p < busyUntil.size(); p++) {
                if (busyUntil.get(p) < spec.invoke) {
                    process = p;
                    break;
                }
            }
            if (process < 0) {
                process = busyUntil.size();
                busyUntil.add(0L);
            }
            busyUntil.set(process, spec.complete);
            spec.process = process;
        }
    }

    static History history(List<Spec> specs) {
        record Event(long time, Spec spec, boolean invoke) {
        }
        List<Event> events = new ArrayList<>();
        for (Spec spec : specs) {
            events.add(new Event(spec.invoke, spec, true));
            events.add(new Event(spec.complete, spec, false));
        }
        events.sort(Comparator.comparingLong(Event::time));
        List<Op> ops = new ArrayList<>();
        for (Event event : events) {
            ArrayNode value = Values.NODES.arrayNode();
            for (JsonNode op : event.spec().ops) {
                if ((event.invoke() || event.spec().outcome != OpType.OK) && op.get(0).asText().equals("r")) {
                    value.add(Values.array(op.get(0), op.get(1), Values.NODES.nullNode()));
                } else {
                    value.add(op);
                }
            }
            ops.add(new Op(ops.size(), event.time(), event.spec().process,
                    event.invoke() ? OpType.INVOKE : event.spec().outcome, "txn", value, null));
        }
        return History.of(ops);
    }

    /** Index of a (txn, op) read with at least one element, or null. */
    int[] someRead(List<Spec> specs, java.util.function.BiPredicate<Spec, JsonNode> ok) {
        List<int[]> reads = new ArrayList<>();
        for (int t = 0; t < specs.size(); t++) {
            for (int o = 0; o < specs.get(t).ops.size(); o++) {
                JsonNode op = specs.get(t).ops.get(o);
                if (op.get(0).asText().equals("r") && !op.get(2).isEmpty() && ok.test(specs.get(t), op)) {
                    reads.add(new int[] {t, o});
                }
            }
        }
        return reads.isEmpty() ? null : reads.get(random.nextInt(reads.size()));
    }
}
