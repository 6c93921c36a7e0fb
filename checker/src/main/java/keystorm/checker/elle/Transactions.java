package keystorm.checker.elle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.op.MicroOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.TxnOp;

/**
 * Turns a history into Elle's transactions: each invocation paired with its process's
 * completion; an OK transaction keeps the completion's micro-operations (they carry what reads
 * saw), FAIL and INFO keep the invocation's. A history that does not hold transactions is an
 * IllegalArgumentException naming the event, which the checker reports as UNKNOWN.
 */
public final class Transactions {
    private Transactions() {
    }

    public static List<Txn> of(History history, TxnOp.Kind kind) {
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

    /** The transaction's micro-operations, through the codec; an error names the event. */
    private static List<MicroOp> ops(Op op, TxnOp.Kind kind, boolean readsKnown) {
        try {
            return OpJson.txn(kind, op.value(), readsKnown).ops();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event " + op.index() + ": " + e.getMessage(), e);
        }
    }
}
