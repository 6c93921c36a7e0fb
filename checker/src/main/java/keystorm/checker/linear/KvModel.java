package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import keystorm.checker.history.Call;
import keystorm.checker.op.KvOp;
import keystorm.checker.op.OpJson;

/**
 * Porcupine's key-value model, for one key (histories are split by key first): the value is a
 * string, "" when missing; {@code get} returns it, {@code put} replaces it, {@code append}
 * extends it.
 */
record KvModel() implements Model<String, KvOp, KvOp> {
    private static final CallDecoder<KvOp, KvOp> DECODER = CallDecoder.of(OpJson.Family.KV, KvOp.class);

    @Override
    public String initialState(JsonNode initial) {
        return initial == null || initial.isNull() ? "" : initial.asText();
    }

    @Override
    public CallDecoder<KvOp, KvOp> decoder() {
        return DECODER;
    }

    @Override
    public boolean splitsByKey() {
        return true;
    }

    @Override
    public Optional<String> step(String value, Call<KvOp, KvOp> call) {
        return switch (call.input()) {
            case KvOp.Get get -> call.indeterminate() || value.equals(((KvOp.Get) call.output()).value())
                    ? Optional.of(value) : Optional.empty();
            case KvOp.Put put -> Optional.of(put.value());
            case KvOp.Append append -> Optional.of(value + append.value());
        };
    }

    @Override
    public String needs(Call<KvOp, KvOp> call) {
        return call.output() instanceof KvOp.Get seen ? "the value \"" + seen.value() + "\"" : null;
    }

    @Override
    public String describe(String state) {
        return "the value \"" + state + "\"";
    }
}
