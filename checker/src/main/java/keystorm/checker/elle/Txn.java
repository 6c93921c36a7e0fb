package keystorm.checker.elle;

import keystorm.checker.op.MicroOp;
import java.util.List;
import keystorm.checker.history.OpType;

/**
 * A transaction: its micro-operations (with what the reads saw, when it committed), who ran it,
 * and how it ended: OK (committed), FAIL (did not commit), INFO (unknown).
 *
 * @param id the transaction's vertex in the dependency graph
 * @param invokeIndex the history position of its invocation
 * @param completeIndex the position of its completion, or {@link Long#MAX_VALUE} if none
 */
public record Txn(int id, int process, OpType type, List<MicroOp> ops, long invokeIndex, long completeIndex) {
    public Txn {
        ops = List.copyOf(ops);
    }

    public boolean committed() {
        return type == OpType.OK;
    }

    /** "T12 (process 3)" */
    public String name() {
        return "T" + id;
    }
}
