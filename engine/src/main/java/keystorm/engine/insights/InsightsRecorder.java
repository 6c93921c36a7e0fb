package keystorm.engine.insights;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import keystorm.engine.Engine;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.TableDescription;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.partition.Partition;
import keystorm.engine.time.Clock;

/**
 * What an application's traffic does to one {@link Engine}, recorded as it happens and written
 * to insights.jsonl (FILE CONTRACT, format 1) as each interval closes: every partition's units
 * per partition interval (1 s by default), and per key interval (a minute) each table's top
 * partition keys and its requests per operation and access kind. {@link #totals()} has the
 * counts since the start.
 *
 * <p><b>Hot path.</b> The engine observes each item request ({@link RequestObserver}): the
 * request's parts collect on its own thread, its partitions' metering is counted per partition
 * key as it happens, and at its end the request adds to {@link LongAdder}s of the current window
 * (the totals fold each window in as it closes). Nothing on that path takes a lock but a key summary's prune (once per
 * {@code keysPerTableMax / 2} new keys of a table in a minute). Memory is bounded: per table
 * and minute at most {@code keysPerTableMax} key counters, and two windows at a time.
 *
 * <p><b>Time.</b> Intervals follow the engine's {@link Clock}, so virtual time drives them:
 * {@link #tick()} closes every interval due, and in production a daemon thread calls it a few
 * times an interval; tests call it themselves ({@link Spec#scheduled()} false). A tick late by
 * several intervals closes them as one, its {@code lengthSeconds} saying so. {@link #close()}
 * writes the partial last intervals and detaches the recorder; close it before the engine, or
 * the last partition sample is lost (a stopped engine answers nothing).
 */
public final class InsightsRecorder implements AutoCloseable {
    /**
     * How a recorder runs.
     *
     * @param jsonl             the file the lines are appended to (created with its directories)
     * @param partitionInterval the partition sampling interval
     * @param keyInterval       the interval of the key and access lines (a minute; shorter in tests)
     * @param keysPerTableMax   key counters per table and key interval (see {@link KeySummary})
     * @param topKeys           keys per list of a keys line
     * @param scheduled         whether a daemon thread ticks the recorder (tests tick it themselves)
     */
    public record Spec(Path jsonl, Duration partitionInterval, Duration keyInterval, int keysPerTableMax, int topKeys,
                       boolean scheduled) {
        public static final int KEYS_PER_TABLE_MAX = 4096;
        public static final int TOP_KEYS = 10;

        public Spec {
            Objects.requireNonNull(jsonl, "jsonl");
            if (partitionInterval.toMillis() < 1 || keyInterval.toMillis() < 1) {
                throw new IllegalArgumentException("insights intervals are at least 1 ms: " + partitionInterval + ", "
                        + keyInterval);
            }
            if (keysPerTableMax < 2 || topKeys < 1) {
                throw new IllegalArgumentException("keysPerTableMax is at least 2 and topKeys at least 1: "
                        + keysPerTableMax + ", " + topKeys);
            }
        }

        /** Partitions every {@code partitionInterval}, keys and access every minute, ticked by a daemon thread. */
        public static Spec of(Path jsonl, Duration partitionInterval) {
            return new Spec(jsonl, partitionInterval, Duration.ofMinutes(1), KEYS_PER_TABLE_MAX, TOP_KEYS, true);
        }

        public Spec withKeyInterval(Duration interval) {
            return new Spec(jsonl, partitionInterval, interval, keysPerTableMax, topKeys, scheduled);
        }

        public Spec withKeysPerTableMax(int max) {
            return new Spec(jsonl, partitionInterval, keyInterval, max, topKeys, scheduled);
        }

        public Spec withTopKeys(int top) {
            return new Spec(jsonl, partitionInterval, keyInterval, keysPerTableMax, top, scheduled);
        }

        public Spec withScheduled(boolean ticked) {
            return new Spec(jsonl, partitionInterval, keyInterval, keysPerTableMax, topKeys, ticked);
        }
    }

    private final Engine engine;
    private final Clock clock;
    private final Spec spec;
    private final long startNanos;
    private final long startEpochMillis;
    private final long partitionNanos;
    private final long keyNanos;
    private final BufferedWriter out;
    private final ThreadLocal<Observed> current = new ThreadLocal<>();
    private final RequestObserver observer = new Hook();
    private final ScheduledExecutorService timer;
    private volatile Window window;
    private long partitionStartNanos;
    private final Map<String, PartitionDeltas> partitions = new TreeMap<>();
    private final Totalizer totals = new Totalizer();
    private String error;
    private boolean closed;

    /** Attaches a recorder to {@code engine}, appending to {@code jsonl}, ticked by a daemon thread. */
    public static InsightsRecorder attach(Engine engine, Path jsonl, Duration partitionInterval) throws IOException {
        return attach(engine, Spec.of(jsonl, partitionInterval));
    }

    /** Attaches a recorder as {@code spec} says; the engine has one at a time. */
    public static InsightsRecorder attach(Engine engine, Spec spec) throws IOException {
        InsightsRecorder recorder = new InsightsRecorder(engine, spec);
        engine.observe(recorder.observer);
        return recorder;
    }

    private InsightsRecorder(Engine engine, Spec spec) throws IOException {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.spec = spec;
        this.clock = engine.clock();
        this.startNanos = clock.nanoTime();
        this.startEpochMillis = clock.epochMillis();
        this.partitionNanos = spec.partitionInterval().toNanos();
        this.keyNanos = spec.keyInterval().toNanos();
        this.partitionStartNanos = startNanos;
        this.window = new Window(startNanos, spec.keysPerTableMax());
        Path parent = spec.jsonl().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(spec.jsonl(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        synchronized (this) {
            for (String table : engine.tableNames()) {
                try {
                    deltas(table).baseline(engine.partitionMetrics(table), engine.partitions(table).retiredMetrics());
                } catch (DynamoException gone) {
                    partitions.remove(table); // deleted meanwhile, or the engine stopped
                }
            }
        }
        if (spec.scheduled()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "keystorm-insights");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.clamp(partitionNanos / 4, 10_000_000L, 250_000_000L);
            timer.scheduleAtFixedRate(this::tickQuietly, period, period, TimeUnit.NANOSECONDS);
        } else {
            timer = null;
        }
    }

    public Spec spec() {
        return spec;
    }

    /** The engine's epoch milliseconds when the recorder started. */
    public long startedEpochMillis() {
        return startEpochMillis;
    }

    /** Why writing stopped (the first I/O error on the file), or null. Recording goes on without the file. */
    public synchronized String error() {
        return error;
    }

    /** Closes every interval due on the engine's clock: writes its lines and flushes them. */
    public synchronized void tick() {
        if (closed) {
            return;
        }
        long now = clock.nanoTime();
        long partitionEnd = partitionStartNanos + partitionNanos;
        if (now - partitionEnd >= 0) {
            long boundary = partitionEnd + (now - partitionEnd) / partitionNanos * partitionNanos;
            closePartitions(boundary);
        }
        long keyEnd = window.startNanos + keyNanos;
        if (now - keyEnd >= 0) {
            closeWindow(keyEnd + (now - keyEnd) / keyNanos * keyNanos);
        }
        flush();
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            synchronized (this) {
                error = error != null ? error : "insights tick failed: " + e;
            }
        }
    }

    /** The counts since the start (results.json of kind insights, without its cost). */
    public synchronized Totals totals() {
        return totals.snapshot(window, startEpochMillis, (clock.nanoTime() - startNanos) / 1e9, this::describe);
    }

    /** Writes the partial last intervals, detaches from the engine and closes the file. */
    @Override
    public void close() {
        engine.observe(null);
        if (timer != null) {
            timer.shutdown();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            tick();
            long now = clock.nanoTime();
            closePartitions(now);
            closeWindow(now);
            flush();
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                error = error != null ? error : "cannot close " + spec.jsonl() + ": " + e.getMessage();
            }
        }
    }

    // ---- closing intervals (under the monitor)

    private PartitionDeltas deltas(String table) {
        return partitions.computeIfAbsent(table, t -> new PartitionDeltas());
    }

    private void closePartitions(long endNanos) {
        long start = partitionStartNanos;
        partitionStartNanos = endNanos;
        List<String> tables = engine.tableNames();
        partitions.keySet().retainAll(tables);
        for (String table : tables) {
            List<Partition.Metrics> current;
            List<Partition.Metrics> retired;
            try {
                current = engine.partitionMetrics(table);
                retired = engine.partitions(table).retiredMetrics();
            } catch (DynamoException gone) {
                continue; // deleted since, or the engine stopped: nothing to read
            }
            List<InsightsLine.PartitionUnits> rows = deltas(table).sample(current, retired);
            if (!rows.isEmpty()) {
                write(new InsightsLine.Partitions(epochMillis(start), seconds(start), (endNanos - start) / 1e9, table,
                        rows));
            }
        }
    }

    private void closeWindow(long endNanos) {
        Window closing = window;
        window = new Window(endNanos, spec.keysPerTableMax());
        closing.closed = true;
        closing.awaitQuiet();
        totals.fold(closing);
        long minute = (closing.startNanos - startNanos) / keyNanos;
        double length = (endNanos - closing.startNanos) / 1e9;
        long epoch = epochMillis(closing.startNanos);
        for (Map.Entry<String, Window.TableWindow> entry : new TreeMap<>(closing.tables).entrySet()) {
            String table = entry.getKey();
            Window.TableWindow counts = entry.getValue();
            if (!counts.keys.isEmpty()) {
                write(new InsightsLine.Keys(epoch, minute, length, table, keyUnits(counts.keys.accessed(spec.topKeys()), false),
                        keyUnits(counts.keys.throttled(spec.topKeys()), true), counts.keys.floorMilli() / 1000.0));
            }
            for (Operation operation : Operation.values()) {
                Window.Counts c = counts.byOperation[operation.ordinal()];
                long requests = c.requests.sum();
                if (requests == 0) {
                    continue;
                }
                boolean page = operation.kind() == AccessKind.QUERY || operation.kind() == AccessKind.SCAN;
                write(new InsightsLine.Access(epoch, minute, length, table, operation, requests,
                        c.readMilli.sum() / 1000.0, c.writeMilli.sum() / 1000.0, c.items.sum(),
                        page ? OptionalLong.of(c.scanned.sum()) : OptionalLong.empty(), c.throttled.sum()));
            }
        }
    }

    private static List<InsightsLine.KeyUnits> keyUnits(List<KeySummary.Ranked> ranked, boolean throttled) {
        List<InsightsLine.KeyUnits> out = new ArrayList<>(ranked.size());
        for (KeySummary.Ranked r : ranked) {
            out.add(throttled ? new InsightsLine.KeyUnits(r.key(), r.throttledRequests(), r.throttledUnits())
                    : new InsightsLine.KeyUnits(r.key(), r.requests(), r.units()));
        }
        return out;
    }

    private long epochMillis(long nanos) {
        return startEpochMillis + Math.floorDiv(nanos - startNanos, 1_000_000L);
    }

    private double seconds(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    private void write(InsightsLine line) {
        if (error != null) {
            return;
        }
        try {
            out.write(InsightsLines.JSON.writeValueAsString(line.toJson()));
            out.write('\n');
        } catch (IOException e) {
            error = "cannot write " + spec.jsonl() + ": " + e.getMessage();
        }
    }

    private void flush() {
        if (error != null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            error = "cannot write " + spec.jsonl() + ": " + e.getMessage();
        }
    }

    private TableDescription describe(String table) {
        try {
            return engine.describeTable(table);
        } catch (DynamoException gone) {
            return null;
        }
    }

    // ---- the hot path

    /** A request that ended: its parts add to the current window and to the totals. */
    void ended(Observed request) {
        current.set(null);
        Window now = enter();
        try {
            request.forEachPart(part -> {
                boolean throttled = part.throttled || request.throttledError;
                now.table(part.table).byOperation[request.operation.ordinal()].add(part.readMilli, part.writeMilli,
                        part.items, part.scanned, throttled);
            });
        } finally {
            now.inFlight.decrement();
        }
    }

    /** The open window, entered: the caller adds to it, then decrements its {@code inFlight}. */
    private Window enter() {
        for (;;) {
            Window now = window;
            now.inFlight.increment();
            if (!now.closed) {
                return now;
            }
            now.inFlight.decrement(); // swapped out meanwhile: the next one is (or is about to be) there
            Thread.onSpinWait();
        }
    }

    /** The engine's side of the recorder: requests begin here, and metering is reported here. */
    private final class Hook implements RequestObserver {
        @Override
        public Observation begin(Operation operation) {
            Observed request = new Observed(operation, InsightsRecorder.this);
            current.set(request);
            return request;
        }

        @Override
        public void metered(String table, AttributeValue hashKey, boolean write, double units, boolean served) {
            long milli = Math.round(units * 1000);
            Observed request = current.get();
            if (request != null) {
                request.metered(table, write, milli, served);
            }
            if (hashKey != null) {
                Window now = enter();
                try {
                    now.table(table).keys.add(hashKey, write ? 3 * milli : milli, served, milli >= 0);
                } finally {
                    now.inFlight.decrement();
                }
            }
        }
    }

    /**
     * The counts since the start: the key windows' counts, folded in as each window closes (so the
     * hot path adds to one window only), plus the open window's when a snapshot is taken. Guarded
     * by the recorder's monitor.
     */
    private static final class Totalizer {
        /** Requests, read and write milli-units, throttled requests. */
        private static final class Sums {
            long requests;
            long readMilli;
            long writeMilli;
            long throttled;

            void add(Window.Counts c) {
                requests += c.requests.sum();
                readMilli += c.readMilli.sum();
                writeMilli += c.writeMilli.sum();
                throttled += c.throttled.sum();
            }

            void add(Sums other) {
                requests += other.requests;
                readMilli += other.readMilli;
                writeMilli += other.writeMilli;
                throttled += other.throttled;
            }

            Sums copy() {
                Sums copy = new Sums();
                copy.add(this);
                return copy;
            }
        }

        /** Per table, per operation. */
        private final Map<String, Sums[]> closed = new TreeMap<>();
        /** Each table's last description seen (a table deleted since keeps its billing mode). */
        private final Map<String, TableDescription> described = new TreeMap<>();

        void fold(Window window) {
            window.tables.forEach((table, counts) -> add(closed, table, counts));
        }

        private static void add(Map<String, Sums[]> into, String table, Window.TableWindow counts) {
            Sums[] byOperation = into.computeIfAbsent(table, t -> newSums());
            for (Operation operation : Operation.values()) {
                byOperation[operation.ordinal()].add(counts.byOperation[operation.ordinal()]);
            }
        }

        private static Sums[] newSums() {
            Sums[] sums = new Sums[Operation.values().length];
            for (int i = 0; i < sums.length; i++) {
                sums[i] = new Sums();
            }
            return sums;
        }

        Totals snapshot(Window open, long startedEpochMillis, double seconds,
                        java.util.function.Function<String, TableDescription> describe) {
            Map<String, Sums[]> all = new TreeMap<>();
            closed.forEach((table, sums) -> {
                Sums[] copy = new Sums[sums.length];
                for (int i = 0; i < sums.length; i++) {
                    copy[i] = sums[i].copy();
                }
                all.put(table, copy);
            });
            open.tables.forEach((table, counts) -> add(all, table, counts));
            Sums total = new Sums();
            Sums[] kinds = new Sums[AccessKind.values().length];
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = new Sums();
            }
            Map<String, Totals.Table> byTable = new TreeMap<>();
            all.forEach((name, byOperation) -> {
                Sums table = new Sums();
                for (Operation operation : Operation.values()) {
                    Sums sums = byOperation[operation.ordinal()];
                    table.add(sums);
                    kinds[operation.kind().ordinal()].add(sums);
                }
                if (table.requests == 0) {
                    return;
                }
                total.add(table);
                TableDescription now = describe.apply(name);
                if (now != null) {
                    described.put(name, now);
                }
                TableDescription d = described.get(name);
                boolean provisioned = d != null && d.billingMode() == BillingMode.PROVISIONED;
                byTable.put(name, new Totals.Table(d == null ? "PAY_PER_REQUEST" : d.billingMode().name(),
                        table.requests, table.readMilli / 1000.0, table.writeMilli / 1000.0, table.throttled,
                        provisioned ? d.provisionedThroughput().readCapacityUnits() : 0,
                        provisioned ? d.provisionedThroughput().writeCapacityUnits() : 0));
            });
            Map<AccessKind, Totals.Kind> byKind = new EnumMap<>(AccessKind.class);
            for (AccessKind kind : AccessKind.values()) {
                Sums sums = kinds[kind.ordinal()];
                if (sums.requests > 0) {
                    byKind.put(kind, new Totals.Kind(sums.requests, sums.readMilli / 1000.0, sums.writeMilli / 1000.0));
                }
            }
            return new Totals(startedEpochMillis, seconds, total.requests, total.readMilli / 1000.0,
                    total.writeMilli / 1000.0, total.throttled, byTable, byKind);
        }
    }
}
