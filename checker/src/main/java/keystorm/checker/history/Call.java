package keystorm.checker.history;

import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;

/**
 * An invocation paired with its completion, decoded: what a model steps through.
 *
 * @param id position among the calls of its key, from 0
 * @param input the invocation's payload
 * @param output the ok completion's payload (what the call observed); null when indeterminate
 * @param indeterminate the outcome is unknown (an info completion, or none at all): the call may
 *     have taken effect at any point after its invocation, or never
 * @param invokeIndex the invocation's position in the history
 * @param returnIndex the completion's position, or {@link Long#MAX_VALUE} when indeterminate
 * @param key the key of a Jepsen independent history (JSON text), or null
 */
public record Call<I extends Payload, O extends Payload>(int id, int process, I input, O output, boolean indeterminate,
                                                         long invokeIndex, long returnIndex, long invokeTime,
                                                         long returnTime, String key) {
    public Call {
        java.util.Objects.requireNonNull(input, "input");
        if (indeterminate != (output == null)) {
            throw new IllegalArgumentException("a call has an output exactly when its outcome is known: " + output);
        }
    }

    public Call<I, O> withId(int newId) {
        return new Call<>(newId, process, input, output, indeterminate, invokeIndex, returnIndex, invokeTime,
                returnTime, key);
    }

    /** "process 3 read null -> 2", written as the history file would write it. */
    public String describe() {
        OpJson.Encoded invoked = OpJson.encode(input);
        return "process " + process + " " + invoked.f() + " " + Values.show(invoked.value())
                + (indeterminate ? " -> ? (indeterminate)" : " -> " + Values.show(OpJson.encode(output).value()));
    }
}
