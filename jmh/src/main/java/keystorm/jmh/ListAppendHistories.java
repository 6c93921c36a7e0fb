package keystorm.jmh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;

/**
 * Strict-serializable list-append histories for Elle's benchmark: {@code processes} clients run
 * transactions of {@code opsPerTxn} appends and reads; each transaction takes effect atomically
 * when invoked and completes a little later. Nine operations in ten go to the 50 hot keys, the
 * rest to a pool of 10,000 cold keys; as in Jepsen's list-append generator, a hot key retires
 * after 32 appends and a fresh key takes its place, so reads stay short.
 */
final class ListAppendHistories {
    static final int HOT_KEYS = 50;
    static final int COLD_KEYS = 10_000;
    static final int APPENDS_PER_HOT_KEY_MAX = 32;

    private ListAppendHistories() {
    }

    static History generate(int transactions, int opsPerTxn, int processes, long seed) {
        Random random = new Random(seed);
        Map<Long, List<Long>> lists = new HashMap<>();
        long[] hot = new long[HOT_KEYS];
        long nextKey = COLD_KEYS;
        for (int i = 0; i < HOT_KEYS; i++) {
            hot[i] = nextKey++;
        }
        record Running(long completeAt, int process, ArrayNode value) {
        }
        PriorityQueue<Running> running = new PriorityQueue<>((a, b) -> Long.compare(a.completeAt(), b.completeAt()));
        List<Op> ops = new ArrayList<>(transactions * 2);
        List<Integer> idle = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            idle.add(p);
        }
        long now = 0;
        long element = 1;
        int started = 0;
        while (started < transactions || !running.isEmpty()) {
            if (!idle.isEmpty() && started < transactions) {
                int process = idle.removeLast();
                ArrayNode invocation = Values.NODES.arrayNode();
                ArrayNode completion = Values.NODES.arrayNode();
                for (int o = 0; o < opsPerTxn; o++) {
                    int slot = random.nextInt(HOT_KEYS);
                    long key = random.nextInt(10) < 9 ? hot[slot] : random.nextInt(COLD_KEYS);
                    List<Long> list = lists.computeIfAbsent(key, k -> new ArrayList<>());
                    if (random.nextBoolean()) {
                        long value = element++;
                        list.add(value);
                        invocation.add(Values.array(Values.NODES.textNode("append"), Values.NODES.numberNode(key),
                                Values.NODES.numberNode(value)));
                        completion.add(invocation.get(invocation.size() - 1));
                        if (key == hot[slot] && list.size() >= APPENDS_PER_HOT_KEY_MAX) {
                            hot[slot] = nextKey++;
                        }
                    } else {
                        invocation.add(Values.array(Values.NODES.textNode("r"), Values.NODES.numberNode(key),
                                Values.NODES.nullNode()));
                        ArrayNode seen = Values.NODES.arrayNode();
                        list.forEach(seen::add);
                        completion.add(Values.array(Values.NODES.textNode("r"), Values.NODES.numberNode(key), seen));
                    }
                }
                ops.add(new Op(ops.size(), now++, process, OpType.INVOKE, "txn", invocation, null));
                running.add(new Running(now + random.nextInt(processes * 2), process, completion));
                started++;
                continue;
            }
            Running done = running.poll();
            now = Math.max(now, done.completeAt());
            ops.add(new Op(ops.size(), now++, done.process(), OpType.OK, "txn", done.value(), null));
            idle.add(done.process());
        }
        return History.of(ops);
    }
}
