package keystorm.checker.history;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An invocation paired with its completion as the history file holds them: the operation's name
 * and its values as JSON. The codec layer's pairing; the checkers decode it once into a typed
 * {@link Call}.
 *
 * @param id position among the calls of its key, from 0
 * @param input the invocation's value
 * @param output the completion's value; null when indeterminate
 * @param indeterminate the outcome is unknown (an info completion, or none at all): the call may
 *     have taken effect at any point after its invocation, or never
 * @param invokeIndex the invocation's position in the history
 * @param returnIndex the completion's position, or {@link Long#MAX_VALUE} when indeterminate
 * @param key the key of a Jepsen independent history (JSON text), or null
 */
public record RawCall(int id, int process, String f, JsonNode input, JsonNode output, boolean indeterminate,
                   long invokeIndex, long returnIndex, long invokeTime, long returnTime, String key) {
    public RawCall withId(int newId) {
        return new RawCall(newId, process, f, input, output, indeterminate, invokeIndex, returnIndex, invokeTime,
                returnTime, key);
    }

    /** "process 3 read null -> 2" */
    public String describe() {
        return "process " + process + " " + f + " " + Values.show(input)
                + (indeterminate ? " -> ? (indeterminate)" : " -> " + Values.show(output));
    }
}
