package keystorm.workloads.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /**
     * How a fault ended.
     *
     * @param measured what the fault measured as it ran (a restart's recovery time), fields added to
     *     its completion's value beside the fault's own; null when there is nothing
     */
    record Outcome(OpType type, String error, ObjectNode measured) {
        public static final Outcome OK = new Outcome(OpType.OK, null, null);

        public Outcome(OpType type, String error) {
            this(type, error, null);
        }

        public static Outcome info(String error) {
            return new Outcome(OpType.INFO, error);
        }

        /** Done, with what it measured. */
        public static Outcome ok(ObjectNode measured) {
            return new Outcome(OpType.OK, null, measured);
        }
    }
}
