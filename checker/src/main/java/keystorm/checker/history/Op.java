package keystorm.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * One event of a history: an invocation or a completion.
 *
 * <p>Values are Jackson trees, treated as immutable. Histories carry values of every shape
 * (nil, numbers, strings, {@code [from to]} pairs, Jepsen's independent {@code [key value]}
 * tuples, maps, Elle's transactions {@code [["append","x",1],["r","y",[1,2]]]}); a JSON tree is
 * what the JSONL format holds, EDN maps onto it one to one (keywords become strings), and models
 * read it with typed accessors. Integers are always {@code LongNode}s (see {@link Values}), so
 * equal numbers are equal values whatever format they came from.
 *
 * @param index position in the history, from 0
 * @param time nanoseconds since the run started (monotonic), or -1 when the source had none
 * @param process the logical client, or {@link #NEMESIS}
 * @param error why a fail or info happened, or null
 */
public record Op(long index, long time, int process, OpType type, String f, JsonNode value, String error) {
    /** Jepsen's {@code :nemesis} process. */
    public static final int NEMESIS = -1;

    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        value = value == null ? NullNode.getInstance() : value;
    }

    public boolean isNemesis() {
        return process == NEMESIS;
    }

    public Op withIndex(long newIndex) {
        return new Op(newIndex, time, process, type, f, value, error);
    }
}
