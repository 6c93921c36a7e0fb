package keystorm.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;

/**
 * Linearizable register histories for benchmarks: {@code processes} clients each run one
 * operation at a time on a random key (reads and writes of independent registers), every
 * operation taking effect at a moment inside its interval, and a fraction of completions
 * turned into info (the process then retires and a fresh one takes its place, as in Jepsen).
 */
final class RegisterHistories {
    private RegisterHistories() {
    }

    static History generate(int keys, int operationsPerKey, int processes, double infoRate, long seed) {
        Random random = new Random(seed);
        long total = (long) keys * operationsPerKey;
        long[] registers = new long[keys];
        Arrays.fill(registers, 0);
        record Pending(long completeAt, int process, String f, int key, long value, boolean info) {
        }
        PriorityQueue<Pending> running = new PriorityQueue<>((a, b) -> Long.compare(a.completeAt(), b.completeAt()));
        List<Op> ops = new ArrayList<>();
        long now = 0;
        int nextProcess = processes;
        int[] clients = new int[processes];
        for (int i = 0; i < processes; i++) {
            clients[i] = i;
        }
        long started = 0;
        int free = processes;
        int[] freeSlots = new int[processes];
        for (int i = 0; i < processes; i++) {
            freeSlots[i] = i;
        }
        java.util.Map<Integer, Integer> slotOf = new java.util.HashMap<>();
        while (started < total || !running.isEmpty()) {
            if (free > 0 && started < total) {
                int slot = freeSlots[--free];
                int process = clients[slot];
                slotOf.put(process, slot);
                int key = random.nextInt(keys);
                boolean write = random.nextBoolean();
                long value = write ? random.nextInt(100) : 0;
                // the operation takes effect now, at its invocation's event position: a read sees
                // the register as it is, a write sets it
                JsonNode input = Values.array(Values.NODES.numberNode(key), write ? Values.NODES.numberNode(value)
                        : Values.NODES.nullNode());
                ops.add(new Op(ops.size(), now++, process, OpType.INVOKE, write ? "write" : "read", input, null));
                if (write) {
                    registers[key] = value;
                } else {
                    value = registers[key];
                }
                boolean info = random.nextDouble() < infoRate;
                running.add(new Pending(now + random.nextInt(processes * 2), process, write ? "write" : "read", key, value, info));
                started++;
                continue;
            }
            Pending done = running.poll();
            now = Math.max(now, done.completeAt());
            JsonNode output = Values.array(Values.NODES.numberNode(done.key()), done.info() ? Values.NODES.nullNode()
                    : Values.NODES.numberNode(done.value()));
            ops.add(new Op(ops.size(), now++, done.process(), done.info() ? OpType.INFO : OpType.OK, done.f(), output, null));
            int slot = slotOf.remove(done.process());
            clients[slot] = done.info() ? nextProcess++ : done.process();
            freeSlots[free++] = slot;
        }
        return History.of(ops);
    }
}
