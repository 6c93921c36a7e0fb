package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import keystorm.checker.history.Call;
import keystorm.checker.op.Payload;

/**
 * A sequential specification: an immutable state and how each call moves it. States must
 * implement {@code equals} and {@code hashCode}: the search memoizes (linearized calls, state).
 *
 * <p>A model steps typed calls: {@link #decoder()} turns a history's calls into its payloads once,
 * before the search, so the search never sees a string or a JSON value it would have to parse
 * again at every step.
 *
 * <p>An indeterminate call (its outcome unknown) must never be rejected: it may have taken
 * effect or not, and the search places it at the end, where it changes nothing anyone saw, when
 * no earlier place works. A model steps it leniently (a read constrains nothing; a
 * compare-and-set whose comparison fails leaves the state as it is).
 *
 * @param <S> the state
 * @param <I> the invocations' payload
 * @param <O> the ok completions' payload
 */
public interface Model<S, I extends Payload, O extends Payload> {
    /**
     * The initial state; {@code initial} is the user's {@code --initial} value or null.
     *
     * @throws IllegalArgumentException if the model cannot start from it (reported as UNKNOWN)
     */
    S initialState(JsonNode initial);

    /** How a history's calls become this model's payloads. */
    CallDecoder<I, O> decoder();

    /**
     * The state after the call, or empty if the call cannot have happened in this state.
     *
     * @throws IllegalArgumentException if the call is one this model cannot step (its message
     *     names the call), which the checker reports as UNKNOWN
     */
    Optional<S> step(S state, Call<I, O> call);

    /** Whether the model splits a history by key itself, as Porcupine's kv model does. */
    /**
     * Whether a call changes nothing, whatever it returns (a read). Such a call whose outcome is
     * unknown says nothing either, so the search leaves it out: each indeterminate call otherwise
     * stays pending to the end and multiplies the configurations (Knossos drops them too).
     */
    default boolean readOnly(I input) {
        return false;
    }

    default boolean splitsByKey() {
        return false;
    }

    /**
     * This model specialised to one key's calls, before the search starts: a model may learn from
     * the whole sub-history where a call can possibly go and refuse it elsewhere, which must never
     * refuse a place that some linearization uses. The default learns nothing.
     */
    default Model<S, I, O> forCalls(List<Call<I, O>> calls, S initialState) {
        return this;
    }

    /** What state a call that failed would have needed, in words, or null when that is not simple. */
    default String needs(Call<I, O> call) {
        return null;
    }

    /** A state in words, for counterexamples. */
    default String describe(S state) {
        return String.valueOf(state);
    }
}
