package keystorm.engine.txn;

import keystorm.engine.api.Limits;
import keystorm.engine.fault.Bug;
import keystorm.engine.time.Scheduler;
import keystorm.engine.wal.LogRecord;

/**
 * What transactions, and the tables they mark, share with the engine that runs them, and nothing
 * more: its log, its seeded bugs, its scheduler, its idempotency tokens and its limits. The engine grants a
 * private view of itself, as it does for {@link keystorm.engine.fault.FaultTarget}, so that
 * nothing here holds a reference to the whole engine.
 */
public interface Environment {
    /** Logs a change and, under sync policy {@code always}, returns once it is durable. */
    void logAndWait(LogRecord record);

    /** Whether a seeded bug is switched on. */
    boolean has(Bug bug);

    /** The engine's scheduler: a seeded bug's window is {@link Scheduler#interleave()}. */
    Scheduler scheduler();

    /** The ClientRequestTokens of TransactWriteItems. */
    IdempotencyTokens tokens();

    /** The engine's bounds: a transaction's actions and bytes, a token's length. */
    Limits limits();

    /**
     * Test seam: run by a write transaction once every item it names is marked, or null. Tests hold
     * a transaction in flight there to see what meets it.
     */
    Runnable transactionInFlight();
}
