package keystorm.checker.simple;

import keystorm.checker.op.Payload;

/**
 * One operation of a history, its invocation paired with its completion, as the simple checkers
 * read it. Orders are event indices, the history's own real-time order (see
 * {@link keystorm.checker.history.History}); times are the history's nanoseconds, or -1 when it
 * had none.
 *
 * @param invocation the payload invoked
 * @param completion the ok completion's payload (what a read saw), or null unless {@code outcome} is OK
 * @param completeIndex the completion's index, or {@link Long#MAX_VALUE} when it never completed
 * @param completeTime the completion's time, or {@link Long#MAX_VALUE} when it never completed
 */
record Call<P extends Payload>(int process, Outcome outcome, P invocation, P completion, long invokeIndex,
                               long completeIndex, long invokeTime, long completeTime) {

    Call {
        if (invokeIndex >= completeIndex) {
            throw new IllegalArgumentException("a call completes after its invocation: " + invokeIndex + " >= " + completeIndex);
        }
        if ((outcome == Outcome.OK) != (completion != null)) {
            throw new IllegalArgumentException("an ok call, and only an ok call, has a completion payload");
        }
    }

    boolean ok() {
        return outcome == Outcome.OK;
    }

    /** Whether it may have taken effect: ok, or info (a fail definitely did not). */
    boolean mayHaveHappened() {
        return outcome != Outcome.FAIL;
    }

    /** Whether it was acknowledged before {@code other} was invoked: its effect must be visible to it. */
    boolean acknowledgedBefore(Call<?> other) {
        return outcome == Outcome.OK && completeIndex < other.invokeIndex;
    }
}
