package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.HashMap;
import java.util.Map;
import keystorm.checker.history.Call;
import keystorm.checker.history.Values;

/**
 * Knossos's multi-register: named registers read and written together by {@code txn} calls
 * whose value is a list of micro-operations {@code [f key value]}, f being read or write. The
 * completion's value carries what the reads saw. Knossos's corpus starts it at
 * {@code {"x":0,"y":0}}; registers not given start at null.
 */
record MultiRegisterModel() implements Model {
    @Override
    public Object initialState(JsonNode initial) {
        Map<String, JsonNode> state = new HashMap<>();
        if (initial != null && initial.isObject()) {
            for (Map.Entry<String, JsonNode> entry : initial.properties()) {
                state.put(entry.getKey(), entry.getValue());
            }
        } else if (initial != null && !initial.isNull()) {
            throw new IllegalArgumentException("a multi-register starts from a JSON object such as {\"x\":0,\"y\":0}, not " + initial);
        }
        return Map.copyOf(state);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object step(Object state, Call call) {
        if (!call.f().equals("txn")) {
            throw new IllegalArgumentException("a multi-register knows txn calls, not " + call.describe());
        }
        JsonNode ops = call.indeterminate() ? call.input() : call.output();
        if (ops == null || !ops.isArray()) {
            throw new IllegalArgumentException("a txn's value is a list of [f key value]: " + call.describe());
        }
        Map<String, JsonNode> registers = (Map<String, JsonNode>) state;
        Map<String, JsonNode> next = null;
        for (JsonNode op : ops) {
            if (!op.isArray() || op.size() != 3) {
                throw new IllegalArgumentException("a micro-operation is [f key value], not " + op + " in " + call.describe());
            }
            String f = op.get(0).asText();
            String key = op.get(1).asText();
            JsonNode current = (next != null ? next : registers).getOrDefault(key, NullNode.getInstance());
            switch (f) {
                case "read", "r" -> {
                    if (!call.indeterminate() && !current.equals(op.get(2))) {
                        return null;
                    }
                }
                case "write", "w" -> {
                    if (next == null) {
                        next = new HashMap<>(registers);
                    }
                    next.put(key, op.get(2));
                }
                default -> throw new IllegalArgumentException("a micro-operation is read or write, not " + f
                        + " in " + call.describe());
            }
        }
        return next == null ? registers : Map.copyOf(next);
    }

    @Override
    public String needs(Call call) {
        return call.output() == null ? null : "registers matching the reads of " + Values.show(call.output());
    }

    @Override
    public String describe(Object state) {
        return "registers " + state;
    }
}
