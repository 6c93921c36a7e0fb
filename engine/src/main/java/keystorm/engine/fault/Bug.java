package keystorm.engine.fault;

import java.util.Locale;

/**
 * Seeded bugs: realistic mistakes the engine can be told to make, so that the harness can prove
 * it catches them. All are off unless named in {@link keystorm.engine.EngineConfig#bugs()}.
 */
public enum Bug {
    /** A conditional write reads and checks its condition outside the item's lock, then writes. */
    LOST_UPDATE("a conditional write checks its condition outside the item's lock"),
    /** ConsistentRead=true may be served by a follower, like an eventually consistent read. */
    STALE_STRONG_READ("ConsistentRead=true may be served by a lagging follower"),
    /** TransactWriteItems checks and applies its items one by one, without isolation, visible in between. */
    TORN_TRANSACTION("TransactWriteItems applies item by item, visible half done"),
    /** TransactGetItems reads items without regard to transactions still in flight on them. */
    DIRTY_TRANSACT_GET("TransactGetItems reads through transactions in flight"),
    /**
     * Under sync policy {@code always}, writes are acknowledged as soon as their log record is queued,
     * and the log is written and fsynced once a second: a crash or kill -9 loses what was acknowledged since.
     */
    ACK_BEFORE_SYNC("with --sync always, writes are acknowledged when queued, written to the log later"),
    /** Failover promotes the most lagging follower, as it is, instead of an up-to-date one. */
    STALE_FAILOVER("failover promotes the most lagging follower as it is"),
    /** ClientRequestToken is ignored: a retried transaction applies again. */
    IGNORE_REQUEST_TOKEN("ClientRequestToken is ignored: a retried transaction applies again"),
    /** Capacity is metered but never enforced: nothing is throttled. */
    NO_THROTTLE("capacity is metered but never enforced");

    private final String summary;

    Bug(String summary) {
        this.summary = summary;
    }

    /** One line for {@code --help}. */
    public String summary() {
        return summary;
    }

    /** The name users write: {@code lost-update}, {@code stale-strong-read} ... */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a {@link #cliName()}; null if there is no such bug. */
    public static Bug byCliName(String name) {
        for (Bug bug : values()) {
            if (bug.cliName().equals(name)) {
                return bug;
            }
        }
        return null;
    }
}
