package keystorm.checker.simple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;

/**
 * Hand-built histories, one event a call: {@code invoke(0, "add", "1")} then {@code ok(0, "add", "1")}.
 * Values are JSON; event {@code i} happens at {@code i} milliseconds.
 */
final class Events {
    static final long NANOS_PER_EVENT = 1_000_000;

    private final List<Op> ops = new ArrayList<>();

    Events invoke(int process, String f, String value) {
        return event(process, OpType.INVOKE, f, value);
    }

    Events ok(int process, String f, String value) {
        return event(process, OpType.OK, f, value);
    }

    Events fail(int process, String f, String value) {
        return event(process, OpType.FAIL, f, value);
    }

    Events info(int process, String f, String value) {
        return event(process, OpType.INFO, f, value);
    }

    /** A call alone: invoked (a read with a null value, or {@code [key null]}) and completed ok at once. */
    Events call(int process, String f, String value) {
        if (f.equals("read") || f.equals("scan")) {
            JsonNode seen = Values.parse(value);
            boolean keyed = seen.isArray() && seen.size() == 2 && seen.get(0).isTextual();
            invoke(process, f, keyed ? "[" + seen.get(0) + ",null]" : "null");
        } else {
            invoke(process, f, value);
        }
        return ok(process, f, value);
    }

    Events event(int process, OpType type, String f, String value) {
        ops.add(new Op(ops.size(), ops.size() * NANOS_PER_EVENT, process, type, f, Values.parse(value), null));
        return this;
    }

    History history() {
        return History.of(ops);
    }
}
