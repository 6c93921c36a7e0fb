package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Optional;
import keystorm.checker.history.Call;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.RegisterOp;
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
record RegisterModel(boolean cas, boolean nilReadUnknown) implements Model<JsonNode, RegisterOp, RegisterOp> {
    @Override
    public boolean readOnly(RegisterOp input) {
        return input instanceof RegisterOp.Read;
    }

    private static final CallDecoder<RegisterOp, RegisterOp> DECODER = CallDecoder.of(OpJson.Family.REGISTER, RegisterOp.class);

    @Override
    public JsonNode initialState(JsonNode initial) {
        return initial == null ? NullNode.getInstance() : initial;
    }

    @Override
    public CallDecoder<RegisterOp, RegisterOp> decoder() {
        return DECODER;
    }

    @Override
    public Optional<JsonNode> step(JsonNode value, Call<RegisterOp, RegisterOp> call) {
        return switch (call.input()) {
            case RegisterOp.Read read -> {
                if (call.indeterminate()) {
                    yield Optional.of(value);
                }
                JsonNode seen = ((RegisterOp.Read) call.output()).value();
                yield value.equals(seen) || (nilReadUnknown && seen.isNull()) ? Optional.of(value) : Optional.empty();
            }
            case RegisterOp.Write write -> Optional.of(write.value());
            case RegisterOp.Cas cas -> {
                if (!this.cas) {
                    throw new IllegalArgumentException("the register model has no cas; use cas-register: " + call.describe());
                }
                boolean matches = value.equals(cas.from());
                if (call.indeterminate()) {
                    yield Optional.of(matches ? cas.to() : value);
                }
                if (comparisonFailed(call)) {
                    yield matches ? Optional.empty() : Optional.of(value); // completed with a failed comparison
                }
                yield matches ? Optional.of(cas.to()) : Optional.empty();
            }
        };
    }

    /** Porcupine's etcd convention: the completion says the comparison did not hold. */
    private static boolean comparisonFailed(Call<RegisterOp, RegisterOp> call) {
        return call.output() instanceof RegisterOp.Cas done && done.comparisonFailed();
    }

    @Override
    public String needs(Call<RegisterOp, RegisterOp> call) {
        return switch (call.input()) {
            case RegisterOp.Read read -> "the register at "
                    + Values.show(call.output() instanceof RegisterOp.Read seen ? seen.value() : null);
            case RegisterOp.Cas cas -> (comparisonFailed(call) ? "the register not at " : "the register at ")
                    + Values.show(cas.from());
            case RegisterOp.Write write -> null;
        };
    }

    @Override
    public String describe(JsonNode state) {
        return "the register at " + Values.show(state);
    }
}
