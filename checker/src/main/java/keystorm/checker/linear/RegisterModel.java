package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import keystorm.checker.history.Call;
import keystorm.checker.history.Values;

/**
 * A read/write register, and with {@code cas} enabled Knossos's compare-and-set register.
 * Functions: {@code read} (output: the value), {@code write} (input: the value), {@code cas}
 * (input {@code [from to]}; an ok completion means it applied; Porcupine's etcd logs add
 * {@code [from to false]}: completed, but the comparison failed).
 *
 * <p>Reads of nil follow both corpora's conventions. In Knossos's models a read that returns
 * nil is a read whose value is unknown, and constrains nothing; its corpus starts the register
 * at 0, so nil is never a value the register holds. In Porcupine's etcd model the register
 * starts empty and a read of nil says it is still empty. So: when the register starts at a
 * value, a nil read constrains nothing ({@code nilReadUnknown}); when it starts at nil, nil is a
 * value like any other.
 */
record RegisterModel(boolean cas, boolean nilReadUnknown) implements Model {
    @Override
    public Object initialState(JsonNode initial) {
        return initial == null ? NullNode.getInstance() : initial;
    }

    @Override
    public Object step(Object state, Call call) {
        JsonNode value = (JsonNode) state;
        return switch (call.f()) {
            case "read", "r" -> call.indeterminate() || value.equals(call.output())
                    || (nilReadUnknown && call.output().isNull()) ? value : null;
            case "write", "w" -> call.input();
            case "cas" -> {
                if (!cas) {
                    throw new IllegalArgumentException("the register model has no cas; use cas-register: " + call.describe());
                }
                JsonNode pair = call.input();
                if (!pair.isArray() || pair.size() != 2) {
                    throw new IllegalArgumentException("a cas takes [from to]: " + call.describe());
                }
                boolean matches = value.equals(pair.get(0));
                if (call.indeterminate()) {
                    yield matches ? pair.get(1) : value;
                }
                JsonNode output = call.output();
                if (output != null && output.isArray() && output.size() == 3 && output.get(2).isBoolean()
                        && !output.get(2).booleanValue()) {
                    yield matches ? null : value; // completed with a failed comparison
                }
                yield matches ? pair.get(1) : null;
            }
            default -> throw new IllegalArgumentException("a register knows read, write"
                    + (cas ? ", cas" : "") + "; not " + call.f() + " in " + call.describe());
        };
    }

    @Override
    public String needs(Call call) {
        return switch (call.f()) {
            case "read", "r" -> "the register at " + Values.show(call.output());
            case "cas" -> call.input().isArray() && call.input().size() >= 1
                    ? (call.output() != null && call.output().size() == 3 ? "the register not at " : "the register at ")
                    + Values.show(call.input().get(0)) : null;
            default -> null;
        };
    }

    @Override
    public String describe(Object state) {
        return "the register at " + Values.show((JsonNode) state);
    }
}
