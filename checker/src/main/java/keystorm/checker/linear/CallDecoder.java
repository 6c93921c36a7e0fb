package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import keystorm.checker.history.Call;
import keystorm.checker.history.RawCall;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;

/**
 * How a model reads a history's calls: the invocation's and the ok completion's value as its
 * payloads. Most models read one of {@link OpJson}'s families ({@link #of}); a model of a format
 * outside them implements this itself.
 */
public interface CallDecoder<I extends Payload, O extends Payload> {
    /** The invocation's payload (what a read will see is unknown yet). */
    I input(String f, JsonNode value);

    /** The ok completion's payload, with what it observed. */
    O output(String f, JsonNode value);

    /** A family of OpJson's, whose payloads are all {@code type}. */
    static <P extends Payload> CallDecoder<P, P> of(OpJson.Family family, Class<P> type) {
        return new CallDecoder<>() {
            @Override
            public P input(String f, JsonNode value) {
                return cast(OpJson.decode(family, false, f, value, false));
            }

            @Override
            public P output(String f, JsonNode value) {
                return cast(OpJson.decode(family, false, f, value, true));
            }

            private P cast(Payload payload) {
                if (!type.isInstance(payload)) {
                    throw new IllegalArgumentException("expected a " + type.getSimpleName() + ", not " + payload);
                }
                return type.cast(payload);
            }
        };
    }

    /**
     * The typed call, keeping the raw call's positions, times, key and process.
     *
     * @throws IllegalArgumentException naming the call as the file holds it, when a value is not one
     *     this decoder reads
     */
    default Call<I, O> decode(RawCall raw) {
        try {
            I input = input(raw.f(), raw.input());
            O output = raw.indeterminate() ? null : output(raw.f(), raw.output());
            return new Call<>(raw.id(), raw.process(), input, output, raw.indeterminate(), raw.invokeIndex(),
                    raw.returnIndex(), raw.invokeTime(), raw.returnTime(), raw.key());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in " + raw.describe(), e);
        }
    }
}
