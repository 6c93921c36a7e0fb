package keystorm.workloads.runner;

import keystorm.checker.history.OpType;
import keystorm.checker.op.OpJson;

/**
 * Injects faults of type {@code F}. Its operations go into the history as the {@code nemesis}
 * process, so checkers and reports see when each fault began and ended.
 */
public interface Nemesis<F> extends AutoCloseable {
    /** Runs one fault; ok when done, info (with why) when it could not be sure it was. Never throws. */
    Outcome invoke(F fault);

    /** The fault's line in the history. */
    OpJson.Encoded encode(F fault);

    /** The fault that undoes every other, run once the main phase ends and before the final reads. */
    F healAll();

    @Override
    default void close() {
    }

    /** How a fault ended. */
    record Outcome(OpType type, String error) {
        public static final Outcome OK = new Outcome(OpType.OK, null);

        public static Outcome info(String error) {
            return new Outcome(OpType.INFO, error);
        }
    }
}
