package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import keystorm.checker.history.Call;
import keystorm.checker.history.Values;
import keystorm.checker.op.MicroOp;
import keystorm.checker.op.MultiRegisterOp;
import keystorm.checker.op.OpJson;

/**
 * Knossos's multi-register: named registers read and written together by {@code txn} calls
 * whose value is a list of micro-operations {@code [f key value]}, f being read or write. The
 * completion's value carries what the reads saw. Knossos's corpus starts it at
 * {@code {"x":0,"y":0}}; registers not given start at null.
 */
record MultiRegisterModel() implements Model<Map<String, JsonNode>, MultiRegisterOp, MultiRegisterOp> {
    private static final CallDecoder<MultiRegisterOp, MultiRegisterOp> DECODER =
            CallDecoder.of(OpJson.Family.MULTI_REGISTER, MultiRegisterOp.class);

    @Override
    public Map<String, JsonNode> initialState(JsonNode initial) {
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
    public CallDecoder<MultiRegisterOp, MultiRegisterOp> decoder() {
        return DECODER;
    }

    @Override
    public Optional<Map<String, JsonNode>> step(Map<String, JsonNode> registers,
                                                Call<MultiRegisterOp, MultiRegisterOp> call) {
        // an indeterminate txn's reads saw nothing known; an ok one's completion says what they saw
        MultiRegisterOp txn = call.indeterminate() ? call.input() : call.output();
        Map<String, JsonNode> next = null;
        for (MicroOp op : txn.ops()) {
            JsonNode current = (next != null ? next : registers).getOrDefault(op.key(), NullNode.getInstance());
            switch (op) {
                case MicroOp.ReadRegister read -> {
                    if (read.value() != null && !current.equals(read.value())) {
                        return Optional.empty();
                    }
                }
                case MicroOp.Write write -> {
                    if (next == null) {
                        next = new HashMap<>(registers);
                    }
                    next.put(write.key(), write.value());
                }
                case MicroOp.Append append -> throw new AssertionError("refused by MultiRegisterOp: " + append);
                case MicroOp.ReadList read -> throw new AssertionError("refused by MultiRegisterOp: " + read);
            }
        }
        return Optional.of(next == null ? registers : Map.copyOf(next));
    }

    @Override
    public String needs(Call<MultiRegisterOp, MultiRegisterOp> call) {
        return call.output() == null ? null
                : "registers matching the reads of " + Values.show(OpJson.encode(call.output()).value());
    }

    @Override
    public String describe(Map<String, JsonNode> state) {
        return "registers " + state;
    }
}
