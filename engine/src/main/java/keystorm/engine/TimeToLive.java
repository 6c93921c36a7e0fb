package keystorm.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.TableStatus;
import keystorm.engine.api.TimeToLiveDescription;
import keystorm.engine.api.TimeToLiveSpecification;
import keystorm.engine.api.TimeToLiveStatus;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.stream.ChangeOrigin;
import keystorm.engine.time.Clock;
import keystorm.engine.time.Scheduler;

/**
 * DynamoDB's Time to Live ("Time to Live (TTL)", "UpdateTimeToLive"): a table names one attribute; an item whose
 * attribute is a Number of epoch seconds that has passed is deleted by a background sweep, on the engine's clock,
 * {@link EngineConfig#ttlDelayNanos()} later. Until then the item is read, queried, scanned and updated like any
 * other, as DynamoDB promises only "within a few days". A value that is not a Number, or lies more than
 * {@link #IGNORED_AFTER_MILLIS five years} in the past, never expires (DynamoDB ignores it).
 *
 * <p>A deletion is a change like a client's delete: inside the item's lock the item is read again and must
 * still be expired (an update since the sweep looked may have moved its time), an item held by a transaction in
 * flight is left for the next sweep (a transaction must never be broken by the sweep), and the change goes
 * through {@link LiveTable#commit} with {@link ChangeOrigin#TIME_TO_LIVE}: logged, applied to the indexes and
 * the followers, and reaching the stream as a REMOVE by the service. It meters nothing: metering lives in the
 * item operations, which the sweep does not call, so it consumes no write capacity, as on DynamoDB.
 *
 * <p>Timing: on real threads one daemon thread sweeps every {@link EngineConfig#ttlSweepIntervalNanos()}, started
 * when a table first enables Time to Live and stopped by {@link #close}. Under the simulation's scheduler the sweep
 * is a task, armed for the earliest instant an item becomes due (at least an interval away) and only while one
 * is pending, so that an idle simulation runs out of events. {@link #sweepNow} runs one sweep on the caller's thread
 * (tests on a ManualClock).
 */
final class TimeToLive implements AutoCloseable {
    /** UpdateTimeToLive's AttributeName: 1 to 255 characters ("TimeToLiveSpecification"). */
    static final int ATTRIBUTE_NAME_LENGTH_MAX = 255;
    /** "Items with a TTL more than five years in the past are ignored": five years of 365.25 days. */
    static final long IGNORED_AFTER_MILLIS = TimeUnit.DAYS.toMillis(5 * 365 + 1);
    /** Deletions per table in one sweep: the rest waits for the next, so one sweep holds no table for long. */
    static final int SWEEP_DELETIONS_MAX = 4096;
    /** What {@link #dueMillis} answers for an item that never expires. */
    static final long NEVER = Long.MAX_VALUE;

    /**
     * A table's Time to Live: its attribute (null until UpdateTimeToLive first named one), whether it is
     * enabled, and when it last changed (epoch milliseconds, -1 never). Immutable; a table holds the current one.
     */
    record Setting(String attributeName, boolean enabled, long changedMillis) {
        static final Setting NONE = new Setting(null, false, -1);

        /** ENABLING or DISABLING until {@code settleMillis} after the change, then ENABLED or DISABLED. */
        TimeToLiveStatus status(long nowMillis, long settleMillis) {
            boolean settled = changedMillis < 0 || nowMillis - changedMillis >= settleMillis;
            if (enabled) {
                return settled ? TimeToLiveStatus.ENABLED : TimeToLiveStatus.ENABLING;
            }
            return settled ? TimeToLiveStatus.DISABLED : TimeToLiveStatus.DISABLING;
        }

        /** DescribeTimeToLive: no AttributeName once DISABLED, as DynamoDB answers. */
        TimeToLiveDescription describe(long nowMillis, long settleMillis) {
            TimeToLiveStatus status = status(nowMillis, settleMillis);
            return new TimeToLiveDescription(status, status == TimeToLiveStatus.DISABLED ? null : attributeName);
        }
    }

    /**
     * The setting after {@code request}, or the ValidationException DynamoDB answers, in its order: the content
     * checks first (already enabled, another attribute active, already disabled), then the once-per-interval rule
     * ("Time to live has been modified multiple times within a fixed interval").
     */
    static Setting plan(Setting current, TimeToLiveSpecification request, long nowMillis, long changeIntervalMillis) {
        checkAttributeName(request.attributeName());
        String name = request.attributeName();
        if (current.enabled() && !current.attributeName().equals(name)) {
            throw DynamoException.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                    + current.attributeName());
        }
        if (request.enabled() && current.enabled()) {
            throw DynamoException.validation("TimeToLive is already enabled");
        }
        if (!request.enabled() && !current.enabled()) {
            throw DynamoException.validation("TimeToLive is already disabled");
        }
        if (current.changedMillis() >= 0 && nowMillis - current.changedMillis() < changeIntervalMillis) {
            throw DynamoException.validation("Time to live has been modified multiple times within a fixed interval");
        }
        return new Setting(name, request.enabled(), nowMillis);
    }

    /** AttributeName as DynamoDB's request validation words it. */
    static void checkAttributeName(String name) {
        if (name == null) {
            throw DynamoException.validation("1 validation error detected: Value null at "
                    + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null");
        }
        if (name.isEmpty() || name.length() > ATTRIBUTE_NAME_LENGTH_MAX) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at "
                    + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length "
                    + (name.isEmpty() ? "greater than or equal to 1" : "less than or equal to " + ATTRIBUTE_NAME_LENGTH_MAX));
        }
    }

    /**
     * When the sweep may delete an item whose Time to Live attribute holds {@code value}: its epoch seconds (a
     * fraction rounded up to the millisecond) plus {@code delayMillis}; {@link #NEVER} for a value that is not a
     * Number, lies beyond any clock, or more than five years before {@code nowMillis}.
     */
    static long dueMillis(AttributeValue value, long nowMillis, long delayMillis) {
        if (!(value instanceof AttributeValue.N number)) {
            return NEVER;
        }
        BigDecimal millis = number.value().toBigDecimal().movePointRight(3).setScale(0, RoundingMode.CEILING);
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) > 0) {
            return NEVER; // millions of years ahead: never due on a long clock
        }
        if (millis.compareTo(BigDecimal.valueOf(nowMillis - IGNORED_AFTER_MILLIS)) < 0) {
            return NEVER;
        }
        return millis.longValueExact() + delayMillis; // no overflow: both are far below Long.MAX_VALUE / 2
    }

    private final EngineConfig config;
    private final Clock clock;
    private final Supplier<Collection<LiveTable>> tables;
    private final BooleanSupplier stopped;
    private final long delayMillis;
    private ScheduledExecutorService thread;
    /** The sweep's thread once started (tests watch it end at close). */
    private volatile Thread sweeper;
    private boolean closed;
    /** The simulation's armed sweep task, by the instant it is due; {@link #NEVER} when none is. */
    private long armedAtNanos = NEVER;

    /**
     * The sweep of an engine configured as {@code config}, on its clock (which a fault may skew), over
     * {@code tables} (the engine's live tables, read anew by each sweep); it does nothing once {@code stopped}.
     */
    TimeToLive(EngineConfig config, Clock clock, Supplier<Collection<LiveTable>> tables, BooleanSupplier stopped) {
        this.config = config;
        this.clock = clock;
        this.tables = tables;
        this.stopped = stopped;
        this.delayMillis = TimeUnit.NANOSECONDS.toMillis(config.ttlDelayNanos());
    }

    /** How long a change stays ENABLING or DISABLING: the table-status delay ({@link EngineConfig}). */
    long settleMillis() {
        return TimeUnit.NANOSECONDS.toMillis(config.tableStatusDelayNanos());
    }

    /** A table enabled Time to Live (or was recovered with it): the sweep runs from now on. */
    synchronized void start() {
        if (closed) {
            return;
        }
        Scheduler scheduler = config.scheduler();
        if (scheduler.simulated()) {
            armAt(clock.nanoTime() + config.ttlSweepIntervalNanos());
            return;
        }
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread started = Thread.ofPlatform().daemon().name("keystorm-ttl-sweep").unstarted(task);
                sweeper = started;
                return started;
            });
            long interval = config.ttlSweepIntervalNanos();
            thread.scheduleWithFixedDelay(this::sweepOnThread, interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * An item was written to a table whose Time to Live is enabled: under the simulation the sweep is armed for
     * when it falls due, if that is before the task already armed.
     */
    void written(LiveTable table, Item item) {
        Setting setting = table.timeToLive;
        if (!setting.enabled() || !config.scheduler().simulated()) {
            return;
        }
        long due = dueMillis(item.get(setting.attributeName()), clock.epochMillis(), delayMillis);
        if (due != NEVER) {
            synchronized (this) {
                armAt(clock.nanoTime() + Math.max(config.ttlSweepIntervalNanos(),
                        TimeUnit.MILLISECONDS.toNanos(Math.max(0, due - clock.epochMillis()))));
            }
        }
    }

    private void armAt(long atNanos) {
        if (closed || atNanos >= armedAtNanos) {
            return;
        }
        armedAtNanos = atNanos;
        config.scheduler().schedule(Math.max(0, atNanos - clock.nanoTime()), () -> sweepTask(atNanos));
    }

    /** The simulation's task: a later arming replaced a task by an earlier one, so a stale task does nothing. */
    private void sweepTask(long atNanos) {
        synchronized (this) {
            if (armedAtNanos != atNanos) {
                return;
            }
            armedAtNanos = NEVER;
        }
        long nextDueMillis = sweepNow();
        if (nextDueMillis != NEVER) {
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, nextDueMillis - clock.epochMillis()));
            synchronized (this) {
                armAt(clock.nanoTime() + Math.max(config.ttlSweepIntervalNanos(), waitNanos));
            }
        }
    }

    private void sweepOnThread() {
        if (stopped.getAsBoolean()) {
            close(); // crashed by the fault: nothing is swept again
            return;
        }
        try {
            sweepNow();
        } catch (RuntimeException e) {
            // a sweep that failed (a table dropped under it) is retried by the next; it must not end the thread
            java.util.logging.Logger.getLogger(TimeToLive.class.getName()).log(java.util.logging.Level.WARNING,
                    "Time to Live sweep failed; the next one retries", e);
        }
    }

    /**
     * One sweep over every table whose Time to Live is ENABLED: deletes each item due by now (at most
     * {@link #SWEEP_DELETIONS_MAX} per table). Answers when the next pending item falls due (epoch milliseconds),
     * now for an item due but left (a transaction held it, its partition refused the write, or the bound was
     * reached), or {@link #NEVER} when nothing is pending.
     */
    long sweepNow() {
        long next = NEVER;
        for (LiveTable table : tables.get()) {
            if (stopped.getAsBoolean()) {
                return NEVER;
            }
            next = Math.min(next, sweep(table));
        }
        return next;
    }

    private long sweep(LiveTable table) {
        Setting setting = table.timeToLive;
        long nowMillis = clock.epochMillis();
        TableStatus tableStatus = table.state.status(clock);
        if (setting.status(nowMillis, settleMillis()) != TimeToLiveStatus.ENABLED
                || tableStatus == TableStatus.CREATING || tableStatus == TableStatus.DELETING) {
            return setting.enabled() && tableStatus != TableStatus.DELETING ? nowMillis + settleMillis() : NEVER;
        }
        String attribute = setting.attributeName();
        List<Map<String, AttributeValue>> due = new ArrayList<>();
        long[] next = {NEVER};
        table.data.forEachInHashRange(0, 0, true, item -> {
            long at = dueMillis(item.get(attribute), nowMillis, delayMillis);
            if (at == NEVER) {
                return;
            }
            if (at > nowMillis) {
                next[0] = Math.min(next[0], at);
            } else if (due.size() < SWEEP_DELETIONS_MAX) {
                due.add(table.schema().keyOf(item));
            } else {
                next[0] = nowMillis;
            }
        });
        for (Map<String, AttributeValue> key : due) {
            if (!delete(table, attribute, key)) {
                next[0] = nowMillis;
            }
        }
        return next[0];
    }

    /**
     * Deletes one item if, inside its lock, it is still there and still due; answers false when it must be
     * tried again (a transaction in flight holds it, or its partition refused the write).
     */
    private boolean delete(LiveTable table, String attribute, Map<String, AttributeValue> key) {
        return table.data.locked(key.get(table.schema().hashKey()), () -> {
            Item previous = table.data.get(key);
            long nowMillis = clock.epochMillis();
            if (previous == null || dueMillis(previous.get(attribute), nowMillis, delayMillis) > nowMillis) {
                return true; // deleted or updated meanwhile: nothing to do
            }
            try {
                table.checkNoTransaction(key);
                table.commit(key, previous, null, ChangeOrigin.TIME_TO_LIVE);
                return true;
            } catch (DynamoException refused) {
                // TransactionConflict (a transaction in flight), or a partition without a majority, a follower's
                // full backlog or a dropped table: nothing was applied, and the next sweep looks again
                return false;
            }
        });
    }

    /** The real-threads sweep's thread, or null before the first table enabled Time to Live (tests). */
    Thread sweeper() {
        return sweeper;
    }

    /** Stops the sweep thread (real threads) or disarms the task (simulation); the engine is closing. */
    @Override
    public synchronized void close() {
        closed = true;
        armedAtNanos = NEVER;
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }
}
