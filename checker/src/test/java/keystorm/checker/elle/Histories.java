package keystorm.checker.elle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;

/**
 * A small language for hand-built transactional histories. Micro-operations are written
 * {@code "a x 1"} (append 1 to x), {@code "r x 1 2"} (read x = [1, 2]), {@code "r x"} (read x
 * = []), {@code "w x 1"} (write 1), {@code "rr x 1"} (register read of 1), {@code "rr x nil"}.
 * {@link #txn} runs a whole transaction at once; {@link #invoke} and {@link #complete} interleave.
 */
final class Histories {
    private final List<Op> ops = new ArrayList<>();

    /** A transaction that runs alone: invoked and completed back to back. */
    Histories txn(int process, OpType outcome, String... micro) {
        invoke(process, micro);
        return complete(process, outcome, micro);
    }

    Histories ok(int process, String... micro) {
        return txn(process, OpType.OK, micro);
    }

    Histories invoke(int process, String... micro) {
        ops.add(new Op(ops.size(), ops.size(), process, OpType.INVOKE, "txn", value(micro, true), null));
        return this;
    }

    Histories complete(int process, OpType outcome, String... micro) {
        ops.add(new Op(ops.size(), ops.size(), process, outcome, "txn", value(micro, outcome != OpType.OK), null));
        return this;
    }

    History history() {
        return History.of(ops);
    }

    private static JsonNode value(String[] micro, boolean invocation) {
        ArrayNode txn = Values.NODES.arrayNode();
        for (String text : micro) {
            String[] parts = text.split(" ");
            ArrayNode op = Values.NODES.arrayNode();
            String f = parts[0];
            op.add(switch (f) {
                case "a" -> "append";
                case "rr" -> "r";
                default -> f;
            });
            op.add(parts[1]);
            switch (f) {
                case "a", "w" -> op.add(Values.NODES.numberNode(Long.parseLong(parts[2])));
                case "r" -> {
                    if (invocation) {
                        op.addNull();
                    } else {
                        ArrayNode list = op.addArray();
                        for (int i = 2; i < parts.length; i++) {
                            list.add(Long.parseLong(parts[i]));
                        }
                    }
                }
                case "rr" -> {
                    if (invocation || parts[2].equals("nil")) {
                        op.addNull();
                    } else {
                        op.add(Values.NODES.numberNode(Long.parseLong(parts[2])));
                    }
                }
                default -> throw new IllegalArgumentException(text);
            }
            txn.add(op);
        }
        return txn;
    }
}
