package keystorm.workloads.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Operation;
import keystorm.checker.op.Payload;

/** The history as the run makes it: kept in memory for the check, and streamed to a file if there is one. */
final class HistoryLog {
    private final List<Op> ops = new ArrayList<>();
    private final Writer writer;

    /** @param writer where the JSONL lines go as they are made, or null */
    HistoryLog(Writer writer) {
        this.writer = writer;
    }

    void client(long nanos, int process, OpType type, Payload payload, String error) {
        add(new Operation<>(ops.size(), nanos, process, type, payload, error).toOp());
    }

    void nemesis(long nanos, OpType type, OpJson.Encoded fault, String error) {
        add(new Op(ops.size(), nanos, Op.NEMESIS, type, fault.f(), fault.value(), error));
    }

    private void add(Op op) {
        if (!ops.isEmpty() && op.time() < ops.getLast().time()) {
            throw new IllegalStateException("the history's time went back: " + op + " after " + ops.getLast());
        }
        ops.add(op);
        if (writer != null) {
            try {
                JsonlHistory.append(writer, op);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the history", e);
            }
        }
    }

    List<Op> ops() {
        return ops;
    }
}
