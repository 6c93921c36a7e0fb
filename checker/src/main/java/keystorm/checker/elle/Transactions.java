package keystorm.checker.elle;

import keystorm.checker.op.MicroOp;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;

/**
 * Turns a history into Elle's transactions: each invocation paired with its process's
 * completion; an OK transaction keeps the completion's micro-operations (they carry what reads
 * saw), FAIL and INFO keep the invocation's. A history that does not hold transactions is an
 * IllegalArgumentException naming the event, which the checker reports as UNKNOWN.
 */
public final class Transactions {
    public enum Kind { LIST_APPEND, RW_REGISTER }

    private Transactions() {
    }

    public static List<Txn> of(History history, Kind kind) {
        List<Txn> txns = new ArrayList<>();
        Map<Integer, Op> pending = new HashMap<>();
        record Done(Op invocation, Op completion) {
        }
        List<Done> done = new ArrayList<>();
        for (Op op : history.ops()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                Op previous = pending.put(op.process(), op);
                if (previous != null) {
                    done.add(new Done(previous, null));
                }
            } else {
                Op invocation = pending.remove(op.process());
                if (invocation != null) {
                    done.add(new Done(invocation, op));
                }
            }
        }
        pending.values().forEach(invocation -> done.add(new Done(invocation, null)));
        done.sort(java.util.Comparator.comparingLong(d -> d.invocation().index()));
        for (Done d : done) {
            OpType type = d.completion() == null ? OpType.INFO : d.completion().type();
            Op source = type == OpType.OK ? d.completion() : d.invocation();
            txns.add(new Txn(txns.size(), d.invocation().process(), type, ops(source, kind, type == OpType.OK),
                    d.invocation().index(), d.completion() == null ? Long.MAX_VALUE : d.completion().index()));
        }
        return txns;
    }

    private static List<MicroOp> ops(Op op, Kind kind, boolean readsKnown) {
        JsonNode value = op.value();
        if (!value.isArray()) {
            throw new IllegalArgumentException("event " + op.index() + ": a transaction's value is a list of micro-operations, not "
                    + value);
        }
        List<MicroOp> ops = new ArrayList<>(value.size());
        for (JsonNode micro : value) {
            if (!micro.isArray() || micro.size() != 3) {
                throw new IllegalArgumentException("event " + op.index() + ": a micro-operation is [f key value], not " + micro);
            }
            String f = micro.get(0).asText();
            String key = micro.get(1).isTextual() ? micro.get(1).textValue() : micro.get(1).toString();
            JsonNode argument = micro.get(2);
            switch (kind) {
                case LIST_APPEND -> {
                    switch (f) {
                        case "append" -> ops.add(new MicroOp.Append(key, argument));
                        case "r" -> {
                            List<JsonNode> values = null;
                            if (readsKnown && !argument.isNull()) {
                                if (!argument.isArray()) {
                                    throw new IllegalArgumentException("event " + op.index()
                                            + ": a list-append read returns a list, not " + argument);
                                }
                                values = new ArrayList<>();
                                argument.forEach(values::add);
                            } else if (readsKnown) {
                                values = List.of(); // nil: the key was never appended to
                            }
                            ops.add(new MicroOp.ReadList(key, values));
                        }
                        default -> throw new IllegalArgumentException("event " + op.index()
                                + ": list-append knows append and r, not " + f);
                    }
                }
                case RW_REGISTER -> {
                    switch (f) {
                        case "w" -> ops.add(new MicroOp.Write(key, argument));
                        case "r" -> ops.add(new MicroOp.ReadRegister(key, readsKnown ? argument : null));
                        default -> throw new IllegalArgumentException("event " + op.index()
                                + ": rw-register knows w and r, not " + f);
                    }
                }
            }
        }
        return ops;
    }
}
