package keystorm.workloads.client;

import keystorm.checker.op.Payload;

/**
 * A workload's client: turns its operations into store requests and classifies every outcome.
 * One instance serves every logical process (it holds no per-process state), so it must be
 * thread-safe; the store is shared too.
 */
public interface Client<P extends Payload> {
    /** Creates the tables and initial items the workload needs; runs once, before any operation. */
    void setup(Store store);

    /**
     * Performs one operation. Never throws for anything the store answered or failed to answer:
     * a refusal becomes {@code fail} or {@code info} through {@link Completion#of}.
     */
    Completion<P> invoke(Store store, P op);

    /** Removes what setup made, when the run owns it; the default leaves it. */
    default void teardown(Store store) {
    }
}
