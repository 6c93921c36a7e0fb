package keystorm.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import keystorm.engine.api.TableStatus;
import keystorm.engine.api.ThroughputHistory;

/**
 * What a table is besides its items and partitions: its status on the engine's clock, its tags, and its
 * UpdateTable history (throughput decreases per UTC day, increases, switches to on demand), per table and
 * per global index.
 *
 * <p>Status: a table is CREATING, UPDATING or DELETING from a change until {@code settlesAtNanos} (the change's
 * time plus {@link EngineConfig#tableStatusDelayNanos()}), then ACTIVE, or gone for a DELETING one. The status is
 * read off the clock when asked, so a ManualClock moves it and no background task is needed. With no delay (the
 * default) every change settles at once, and a table is only ever seen ACTIVE, as before.
 */
final class TableState {
    /** The history's key for the table itself; a global index is keyed by its name. */
    static final String TABLE = "";

    /** Written under the lock; read without it on the item operations' path, where a table is nearly always ACTIVE. */
    private volatile TableStatus status;
    private long settlesAtNanos;
    private final TreeMap<String, String> tags = new TreeMap<>();
    private final Map<String, History> histories = new HashMap<>();
    /** Switches from PROVISIONED to PAY_PER_REQUEST, epoch milliseconds, for the rolling 24 hours' limit. */
    private final List<Long> switchesToOnDemandMillis = new ArrayList<>();
    private Instant lastUpdateToPayPerRequest;

    /** Decreases of one resource's throughput, and its last increase. */
    private static final class History {
        final List<Long> decreasesMillis = new ArrayList<>();
        Instant lastIncrease;
        Instant lastDecrease;
    }

    /** A table created now, in status CREATING until {@code nowNanos + delayNanos} (ACTIVE at once for no delay). */
    TableState(long nowNanos, long delayNanos) {
        change(delayNanos > 0 ? TableStatus.CREATING : TableStatus.ACTIVE, nowNanos, delayNanos);
    }

    /**
     * The status now, reading the clock only for a table in a change: an item operation on an ACTIVE table
     * costs one volatile read.
     */
    TableStatus status(keystorm.engine.time.Clock clock) {
        TableStatus now = status;
        return now == TableStatus.ACTIVE ? now : status(clock.nanoTime());
    }

    /** {@link #gone(long)}, reading the clock only for a DELETING table. */
    boolean gone(keystorm.engine.time.Clock clock) {
        return status == TableStatus.DELETING && gone(clock.nanoTime());
    }

    /** The status now: a change whose time has passed has settled (to ACTIVE, or DELETING for a deletion). */
    synchronized TableStatus status(long nowNanos) {
        if ((status == TableStatus.CREATING || status == TableStatus.UPDATING) && nowNanos - settlesAtNanos >= 0) {
            status = TableStatus.ACTIVE;
        }
        return status;
    }

    /** Whether the table was deleted and its DELETING time has passed: it no longer exists. */
    synchronized boolean gone(long nowNanos) {
        return status == TableStatus.DELETING && nowNanos - settlesAtNanos >= 0;
    }

    /** Starts a change: UPDATING or DELETING (or CREATING) until {@code delayNanos} from now. */
    synchronized void change(TableStatus next, long nowNanos, long delayNanos) {
        status = next == TableStatus.UPDATING && delayNanos <= 0 ? TableStatus.ACTIVE : next;
        settlesAtNanos = nowNanos + Math.max(0, delayNanos);
    }

    // ---- global indexes being created

    /** Global indexes created by UpdateTable and still CREATING (backfilling), with when they become ACTIVE. */
    private final Map<String, Long> creatingIndexes = new HashMap<>();
    /** Whether {@link #creatingIndexes} may hold one: a Query on an index of a table without costs a volatile read. */
    private volatile boolean anyCreating;

    synchronized void indexCreating(String indexName, long nowNanos, long delayNanos) {
        if (delayNanos > 0) {
            creatingIndexes.put(indexName, nowNanos + delayNanos);
            anyCreating = true;
        }
    }

    /** Whether a global index is still CREATING: its backfill not done, a Query or Scan on it refused. */
    boolean isCreating(String indexName, keystorm.engine.time.Clock clock) {
        return anyCreating && isCreating(indexName, clock.nanoTime());
    }

    synchronized boolean isCreating(String indexName, long nowNanos) {
        Long until = creatingIndexes.get(indexName);
        if (until != null && nowNanos - until >= 0) {
            creatingIndexes.remove(indexName);
            anyCreating = !creatingIndexes.isEmpty();
            return false;
        }
        return until != null;
    }

    /** A global index deleted: its throughput history goes with it (one created later under its name starts afresh). */
    synchronized void indexDeleted(String indexName) {
        creatingIndexes.remove(indexName);
        anyCreating = !creatingIndexes.isEmpty();
        histories.remove(indexName);
    }

    // ---- tags

    synchronized TreeMap<String, String> tags() {
        return new TreeMap<>(tags);
    }

    synchronized void setTags(Map<String, String> all) {
        tags.clear();
        tags.putAll(all);
    }

    // ---- UpdateTable history

    /** Decreases of {@code resource}'s throughput on the UTC day of {@code nowMillis}. */
    synchronized int decreasesToday(String resource, long nowMillis) {
        History history = histories.get(resource);
        if (history == null) {
            return 0;
        }
        long dayStart = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).toLocalDate()
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int count = 0;
        for (long at : history.decreasesMillis) {
            if (at >= dayStart) {
                count++;
            }
        }
        return count;
    }

    /** The last decrease of {@code resource}'s throughput, epoch milliseconds, or -1. */
    synchronized long lastDecreaseMillis(String resource) {
        History history = histories.get(resource);
        return history == null || history.decreasesMillis.isEmpty() ? -1 : history.decreasesMillis.getLast();
    }

    synchronized void recordDecrease(String resource, long nowMillis) {
        History history = histories.computeIfAbsent(resource, r -> new History());
        history.decreasesMillis.add(nowMillis);
        if (history.decreasesMillis.size() > 64) { // a day holds at most 27; older ones count for nothing
            history.decreasesMillis.removeFirst();
        }
        history.lastDecrease = Instant.ofEpochMilli(nowMillis);
    }

    synchronized void recordIncrease(String resource, long nowMillis) {
        histories.computeIfAbsent(resource, r -> new History()).lastIncrease = Instant.ofEpochMilli(nowMillis);
    }

    /** Switches to PAY_PER_REQUEST in the 24 hours before {@code nowMillis}. */
    synchronized int switchesToOnDemandWithinDay(long nowMillis) {
        switchesToOnDemandMillis.removeIf(at -> nowMillis - at >= 24L * 3600 * 1000);
        return switchesToOnDemandMillis.size();
    }

    synchronized long firstSwitchToOnDemandMillis() {
        return switchesToOnDemandMillis.isEmpty() ? -1 : switchesToOnDemandMillis.getFirst();
    }

    synchronized void recordSwitchToOnDemand(long nowMillis) {
        switchesToOnDemandMillis.add(nowMillis);
        lastUpdateToPayPerRequest = Instant.ofEpochMilli(nowMillis);
    }

    /** The history DescribeTable shows for {@code resource} (the table: {@link #TABLE}). */
    synchronized ThroughputHistory history(String resource, long nowMillis) {
        History history = histories.get(resource);
        return new ThroughputHistory(decreasesToday(resource, nowMillis), history == null ? null : history.lastIncrease,
                history == null ? null : history.lastDecrease, resource.equals(TABLE) ? lastUpdateToPayPerRequest : null);
    }
}
