package keystorm.workloads.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import keystorm.engine.Engine;
import keystorm.engine.partition.Partition;

/**
 * Each partition's consumed and throttled units a second, sampled every second while the
 * measured phase runs: the data of a heat map. The store's counters are cumulative, so each
 * sample is the difference from the one before, matched by the partition's {@code id} (its number
 * for life; a split's low child keeps its parent's low hash but counts from zero). A partition
 * split since the sample before is in the store's retired list with its final counters: its units
 * up to the split are in the sample as a row of its own ({@link Rates#retired}), and its children
 * count from zero. Where the numbers come from is a {@link Source}: the embedded engine's own
 * counters, or a {@code keystorm serve --admin}'s {@code GET /keystorm/metrics?table=T}; another
 * store has no such endpoint, and then there is no sampler (the caller says so).
 */
public final class PartitionSampler implements AutoCloseable {
    /** A partition's cumulative counters; {@code id} is its number for life, {@code parentId} the one it split from. */
    public record Counters(int index, int id, int parentId, String lowHash, double consumedReadUnits,
                           double consumedWriteUnits, double throttledReadUnits, double throttledWriteUnits,
                           long throttledRequests) {
    }

    /** The current partitions and those retired by splits, with what they counted until then. */
    public record Reading(List<Counters> current, List<Counters> retired) {
        public Reading {
            current = List.copyOf(current);
            retired = List.copyOf(retired);
        }
    }

    /**
     * One partition's units a second in one sample.
     *
     * @param retired whether it split during the sample (its units are those up to the split)
     */
    public record Rates(int index, int id, int parentId, String lowHash, double consumedReadUnits,
                        double consumedWriteUnits, double throttledReadUnits, double throttledWriteUnits,
                        long throttledRequests, boolean retired) {
    }

    /**
     * One sample: when it was taken (seconds since the measured window's start, once
     * {@link #samples(long, long)} has placed it; since the sampler started before), the seconds
     * since the sample before (the rates' denominator), and every partition's rates.
     */
    public record Sample(double second, double lengthSeconds, List<Rates> partitions) {
    }

    /** Where the counters are read. */
    public interface Source {
        Reading read(String table) throws IOException;
    }

    /** The embedded engine's counters. */
    public static Source embedded(Engine engine) {
        return table -> new Reading(counters(engine.partitionMetrics(table)),
                counters(engine.partitions(table).retiredMetrics()));
    }

    private static List<Counters> counters(List<Partition.Metrics> metrics) {
        List<Counters> all = new ArrayList<>();
        for (Partition.Metrics m : metrics) {
            all.add(new Counters(m.index(), m.id(), m.parentId(), Long.toUnsignedString(m.lowHash(), 16),
                    m.consumedReadUnits(), m.consumedWriteUnits(), m.throttledReadUnits(), m.throttledWriteUnits(),
                    m.throttledRequests()));
        }
        return all;
    }

    /** A {@code keystorm serve --admin}'s metrics endpoint at {@code endpoint}. */
    public static Source admin(URI endpoint) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        return table -> {
            URI uri = endpoint.resolve("/keystorm/metrics?top=1&table=" + URLEncoder.encode(table, StandardCharsets.UTF_8));
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted reading " + uri, e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode root = json.readTree(response.body());
            return new Reading(counters(root.path("partitions")), counters(root.path("retiredPartitions")));
        };
    }

    private static List<Counters> counters(JsonNode partitions) {
        List<Counters> all = new ArrayList<>();
        for (JsonNode p : partitions) {
            all.add(new Counters(p.path("index").asInt(), p.path("id").asInt(), p.path("parentId").asInt(-1),
                    p.path("lowHash").asText(), p.path("consumedReadUnits").asDouble(),
                    p.path("consumedWriteUnits").asDouble(), p.path("throttledReadUnits").asDouble(),
                    p.path("throttledWriteUnits").asDouble(), p.path("throttledRequests").asLong()));
        }
        return all;
    }

    private final Source source;
    private final String table;
    private final ScheduledExecutorService timer;
    /** Each sample and the nanoTime it was taken at. */
    private final List<Sample> samples = new ArrayList<>();
    private final List<Long> takenNanos = new ArrayList<>();
    private final LongSupplier clock;
    private final long startNanos;
    private final long epochOffsetNanos;
    private Map<Integer, Counters> last = new HashMap<>();
    /** Retired partitions already accounted (retired before the baseline, or in a sample's rows). */
    private final Set<Integer> retiredSeen = new HashSet<>();
    private long lastNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private String error;

    /** Starts sampling {@code table} every second; the first read is the baseline. */
    public PartitionSampler(Source source, String table) {
        this(source, table, System::nanoTime, epochOffset(), true);
    }

    /** A sampler on {@code clock} (nanoseconds; {@code epochOffsetNanos} makes them epoch), ticking every second if {@code timed}. */
    PartitionSampler(Source source, String table, LongSupplier clock, long epochOffsetNanos, boolean timed) {
        this.source = source;
        this.table = table;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.epochOffsetNanos = epochOffsetNanos;
        this.lastNanos = startNanos;
        sample(false);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "keystorm-bench-partition-sampler");
            thread.setDaemon(true);
            return thread;
        });
        if (timed) {
            timer.scheduleAtFixedRate(() -> sample(true), 1, 1, TimeUnit.SECONDS);
        }
    }

    private static long epochOffset() {
        Instant anchor = Instant.now();
        return anchor.getEpochSecond() * 1_000_000_000L + anchor.getNano() - System.nanoTime();
    }

    /** Takes a sample now (what the timer does every second). */
    void tick() {
        sample(true);
    }

    private synchronized void sample(boolean record) {
        if (error != null) {
            return;
        }
        Reading now;
        try {
            now = source.read(table);
        } catch (IOException | RuntimeException e) {
            error = e.getMessage();
            return;
        }
        long nanos = clock.getAsLong();
        double seconds = (nanos - lastNanos) / 1e9;
        Map<Integer, Counters> current = new HashMap<>();
        List<Rates> rates = new ArrayList<>();
        for (Counters c : now.current()) {
            current.put(c.id(), c);
            rates.add(rates(c, last.get(c.id()), seconds, false));
        }
        for (Counters r : now.retired()) {
            if (current.containsKey(r.id()) || !retiredSeen.add(r.id()) || !record) {
                continue; // split between the two reads (the next sample has it), or accounted already
            }
            // split since the sample before: from where it was then (or from 0, split off and split again since)
            rates.add(rates(r, last.get(r.id()), seconds, true));
        }
        if (record && seconds > 0) {
            samples.add(new Sample((nanos - startNanos) / 1e9, seconds, List.copyOf(rates)));
            takenNanos.add(nanos);
        }
        last = current;
        lastNanos = nanos;
    }

    private static Rates rates(Counters c, Counters before, double seconds, boolean retired) {
        if (before == null) {
            before = new Counters(c.index(), c.id(), c.parentId(), c.lowHash(), 0, 0, 0, 0, 0);
        }
        return new Rates(c.index(), c.id(), c.parentId(), c.lowHash(),
                rate(c.consumedReadUnits() - before.consumedReadUnits(), seconds),
                rate(c.consumedWriteUnits() - before.consumedWriteUnits(), seconds),
                rate(c.throttledReadUnits() - before.throttledReadUnits(), seconds),
                rate(c.throttledWriteUnits() - before.throttledWriteUnits(), seconds),
                Math.max(0, c.throttledRequests() - before.throttledRequests()), retired);
    }

    private static double rate(double units, double seconds) {
        return seconds > 0 ? Math.max(0, units) / seconds : 0;
    }

    /** The samples so far, seconds since the sampler started. */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * The samples that began inside the measured window {@code [startEpochNanos, endEpochNanos)}
     * (a load result's window), their seconds counted from its start: the warm-up's samples are
     * not in it. The sample that spans the window's start is left out (it mixes warm-up with
     * measured units), so the first kept one begins at most a second after it.
     */
    public synchronized List<Sample> samples(long startEpochNanos, long endEpochNanos) {
        List<Sample> kept = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            long endEpoch = takenNanos.get(i) + epochOffsetNanos;
            long beganEpoch = endEpoch - Math.round(sample.lengthSeconds() * 1e9);
            if (beganEpoch >= startEpochNanos && beganEpoch < endEpochNanos) {
                kept.add(new Sample((endEpoch - startEpochNanos) / 1e9, sample.lengthSeconds(), sample.partitions()));
            }
        }
        return kept;
    }

    /** Why sampling stopped early (the endpoint failed), or null. */
    public synchronized String error() {
        return error;
    }

    /**
     * Stops the timer gracefully (a read in flight finishes: interrupting it would be an error of
     * the sampler's own making), then takes a last sample.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdown();
        boolean interrupted = false;
        try {
            if (!timer.awaitTermination(15, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        sample(true);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
