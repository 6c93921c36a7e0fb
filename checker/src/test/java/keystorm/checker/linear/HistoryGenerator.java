package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;

/**
 * Concurrent histories that are linearizable by construction: a sequential execution of a model,
 * each operation then given an interval around its linearization point, processes assigned so
 * that each runs one operation at a time, some outcomes turned indeterminate.
 */
final class HistoryGenerator {
    /** One operation of the sequential execution. */
    record Step(String key, String f, JsonNode input, JsonNode output, boolean info) {
    }

    private final Random random;

    HistoryGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A sequential execution of {@code model} ("register", "cas-register", "counter", "set", "list"). */
    List<Step> sequential(String model, int keys, int operations) {
        List<Step> steps = new ArrayList<>();
        Object[] states = new Object[keys];
        for (int i = 0; i < operations; i++) {
            int k = random.nextInt(keys);
            String key = keys == 1 ? null : "k" + k;
            boolean info = random.nextInt(20) == 0;
            switch (model) {
                case "register", "cas-register" -> {
                    long value = states[k] == null ? 0 : (Long) states[k];
                    int choice = random.nextInt(model.equals("cas-register") ? 3 : 2);
                    if (choice == 0) {
                        steps.add(new Step(key, "read", null, num(value), info));
                    } else if (choice == 1) {
                        long next = random.nextInt(5);
                        states[k] = next;
                        steps.add(new Step(key, "write", num(next), num(next), info));
                    } else {
                        long from = random.nextBoolean() ? value : random.nextInt(5);
                        long to = random.nextInt(5);
                        if (from == value) {
                            states[k] = to;
                            steps.add(new Step(key, "cas", Values.array(num(from), num(to)), Values.array(num(from), num(to)), info));
                        }
                        // a cas that would fail is left out: Jepsen records it as fail, which drops it
                    }
                }
                case "counter" -> {
                    long total = states[k] == null ? 0 : (Long) states[k];
                    if (random.nextBoolean()) {
                        steps.add(new Step(key, "read", null, num(total), info));
                    } else {
                        long delta = 1 + random.nextInt(5);
                        states[k] = total + delta;
                        steps.add(new Step(key, "add", num(delta), num(delta), info));
                    }
                }
                case "set", "list" -> {
                    @SuppressWarnings("unchecked")
                    List<Long> elements = states[k] == null ? new ArrayList<>() : (List<Long>) states[k];
                    states[k] = elements;
                    if (random.nextBoolean()) {
                        ArrayNode seen = Values.NODES.arrayNode();
                        List<Long> order = new ArrayList<>(elements);
                        if (model.equals("set")) {
                            java.util.Collections.shuffle(order, random);
                        }
                        order.forEach(seen::add);
                        steps.add(new Step(key, "read", null, seen, info));
                    } else {
                        long element = i;
                        elements.add(element);
                        steps.add(new Step(key, model.equals("set") ? "add" : "append", num(element), num(element), info));
                    }
                }
                default -> throw new IllegalArgumentException(model);
            }
        }
        return steps;
    }

    /** Spreads a sequential execution into a concurrent history consistent with it. */
    History concurrent(List<Step> steps, boolean independent, int overlap) {
        record Timed(Step step, long invoke, long complete) {
        }
        List<Timed> timed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            long point = 100L * (i + 1);
            timed.add(new Timed(steps.get(i), point - 1 - random.nextInt(overlap * 100 + 1),
                    point + 1 + random.nextInt(overlap * 100 + 1)));
        }
        // processes: each runs one operation at a time; an info op retires its process (Jepsen)
        timed.sort(Comparator.comparingLong(Timed::invoke));
        List<Long> busyUntil = new ArrayList<>();
        record Event(long time, int process, Timed op, boolean invoke) {
        }
        List<Event> events = new ArrayList<>();
        for (Timed t : timed) {
            int process = -1;
            for (int p = 0; p < busyUntil.size(); p++) {
                if (busyUntil.get(p) < t.invoke()) {
                    process = p;
                    break;
                }
            }
            if (process < 0) {
                process = busyUntil.size();
                busyUntil.add(0L);
            }
            busyUntil.set(process, t.step().info() ? Long.MAX_VALUE : t.complete());
            events.add(new Event(t.invoke(), process, t, true));
            events.add(new Event(t.complete(), process, t, false));
        }
        events.sort(Comparator.comparingLong(Event::time));
        List<Op> ops = new ArrayList<>();
        for (Event event : events) {
            Step step = event.op().step();
            JsonNode value = event.invoke() ? step.input() : step.output();
            if (independent) {
                value = Values.array(Values.NODES.textNode(step.key()), value == null ? Values.NODES.nullNode() : value);
            }
            OpType type = event.invoke() ? OpType.INVOKE : step.info() ? OpType.INFO : OpType.OK;
            ops.add(new Op(ops.size(), event.time(), event.process(), type, step.f(),
                    type == OpType.INFO ? (independent ? Values.array(Values.NODES.textNode(step.key()), Values.NODES.nullNode()) : null)
                            : value, null));
        }
        return History.of(ops);
    }

    /** The same steps with one determinate read returning a value no order can explain, or null if none. */
    List<Step> corruptOneRead(List<Step> steps, String model) {
        List<Integer> reads = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).f().equals("read") && !steps.get(i).info()) {
                reads.add(i);
            }
        }
        if (reads.isEmpty()) {
            return null;
        }
        int victim = reads.get(random.nextInt(reads.size()));
        Step read = steps.get(victim);
        JsonNode impossible = switch (model) {
            case "register", "cas-register" -> num(777);      // never written
            case "counter" -> num(-1);                         // adds are positive
            default -> Values.array(num(-1));                  // never added
        };
        List<Step> corrupted = new ArrayList<>(steps);
        corrupted.set(victim, new Step(read.key(), read.f(), read.input(), impossible, false));
        return corrupted;
    }

    private static JsonNode num(long value) {
        return Values.NODES.numberNode(value);
    }
}
