package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import keystorm.checker.history.Call;

/**
 * A sequential specification: an immutable state and how each call moves it. States must
 * implement {@code equals} and {@code hashCode}: the search memoizes (linearized calls, state).
 *
 * <p>An indeterminate call (its outcome unknown) must never be rejected: it may have taken
 * effect or not, and the search places it at the end, where it changes nothing anyone saw, when
 * no earlier place works. A model steps it leniently (a read constrains nothing; a
 * compare-and-set whose comparison fails leaves the state as it is).
 */
public interface Model {
    /** The initial state; {@code initial} is the user's {@code --initial} value or null. */
    Object initialState(JsonNode initial);

    /**
     * The state after the call, or null if the call cannot have happened in this state.
     *
     * @throws IllegalArgumentException if the call is not one this model knows (its message
     *     names the call), which the checker reports as UNKNOWN
     */
    Object step(Object state, Call call);

    /**
     * This model specialised to one key's calls, before the search starts: a model may learn from
     * the whole sub-history where a call can possibly go and refuse it elsewhere, which must never
     * refuse a place that some linearization uses. The default learns nothing.
     */
    default Model forCalls(java.util.List<Call> calls, Object initialState) {
        return this;
    }

    /** What state a call that failed would have needed, in words, or null when that is not simple. */
    default String needs(Call call) {
        return null;
    }

    /** A state in words, for counterexamples. */
    default String describe(Object state) {
        return String.valueOf(state);
    }
}
