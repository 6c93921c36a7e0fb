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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.partition.Partition;

/**
 * Each partition's consumed and throttled units a second, sampled every second while the
 * measured phase runs: the data of a heat map. The store's counters are cumulative, so each
 * sample is the difference from the one before, matched by the partition's low hash (a partition
 * split off since the last sample starts from 0). Where the numbers come from is a {@link Source}:
 * the embedded engine's own counters, or a {@code keystorm serve --admin}'s
 * {@code GET /keystorm/metrics?table=T}; another store has no such endpoint, and then there is no
 * sampler (the caller says so).
 */
public final class PartitionSampler implements AutoCloseable {
    /** A partition's cumulative counters. */
    public record Counters(int index, String lowHash, double consumedReadUnits, double consumedWriteUnits,
                           double throttledReadUnits, double throttledWriteUnits, long throttledRequests) {
    }

    /** One partition's units in one second. */
    public record Rates(int index, String lowHash, double consumedReadUnits, double consumedWriteUnits,
                        double throttledReadUnits, double throttledWriteUnits, long throttledRequests) {
    }

    /**
     * One sample: when it was taken (seconds since the sampler started), the seconds since the
     * sample before (the rates' denominator), and every partition's rates.
     */
    public record Sample(double second, double lengthSeconds, List<Rates> partitions) {
    }

    /** Where the counters are read. */
    public interface Source {
        List<Counters> read(String table) throws IOException;
    }

    /** The embedded engine's counters. */
    public static Source embedded(Engine engine) {
        return table -> {
            List<Counters> all = new ArrayList<>();
            for (Partition.Metrics m : engine.partitionMetrics(table)) {
                all.add(new Counters(m.index(), Long.toUnsignedString(m.lowHash(), 16), m.consumedReadUnits(),
                        m.consumedWriteUnits(), m.throttledReadUnits(), m.throttledWriteUnits(), m.throttledRequests()));
            }
            return all;
        };
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
            List<Counters> all = new ArrayList<>();
            for (JsonNode p : json.readTree(response.body()).path("partitions")) {
                all.add(new Counters(p.path("index").asInt(), p.path("lowHash").asText(), p.path("consumedReadUnits").asDouble(),
                        p.path("consumedWriteUnits").asDouble(), p.path("throttledReadUnits").asDouble(),
                        p.path("throttledWriteUnits").asDouble(), p.path("throttledRequests").asLong()));
            }
            return all;
        };
    }

    private final Source source;
    private final String table;
    private final ScheduledExecutorService timer;
    private final List<Sample> samples = new ArrayList<>();
    private final long startNanos;
    private Map<String, Counters> last = new HashMap<>();
    private long lastNanos;
    private String error;

    /** Starts sampling {@code table} every second; the first read is the baseline. */
    public PartitionSampler(Source source, String table) {
        this.source = source;
        this.table = table;
        this.startNanos = System.nanoTime();
        this.lastNanos = startNanos;
        sample(false);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "keystorm-bench-partition-sampler");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> sample(true), 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample(boolean record) {
        if (error != null) {
            return;
        }
        List<Counters> now;
        try {
            now = source.read(table);
        } catch (IOException | RuntimeException e) {
            error = e.getMessage();
            return;
        }
        long nanos = System.nanoTime();
        double seconds = (nanos - lastNanos) / 1e9;
        Map<String, Counters> current = new HashMap<>();
        List<Rates> rates = new ArrayList<>();
        for (Counters c : now) {
            current.put(c.lowHash(), c);
            Counters before = last.get(c.lowHash());
            if (before == null) {
                before = new Counters(c.index(), c.lowHash(), 0, 0, 0, 0, 0);
            }
            rates.add(new Rates(c.index(), c.lowHash(), rate(c.consumedReadUnits() - before.consumedReadUnits(), seconds),
                    rate(c.consumedWriteUnits() - before.consumedWriteUnits(), seconds),
                    rate(c.throttledReadUnits() - before.throttledReadUnits(), seconds),
                    rate(c.throttledWriteUnits() - before.throttledWriteUnits(), seconds),
                    Math.max(0, c.throttledRequests() - before.throttledRequests())));
        }
        if (record && seconds > 0) {
            samples.add(new Sample((nanos - startNanos) / 1e9, seconds, List.copyOf(rates)));
        }
        last = current;
        lastNanos = nanos;
    }

    private static double rate(double units, double seconds) {
        return seconds > 0 ? Math.max(0, units) / seconds : 0;
    }

    /** The samples so far. */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Why sampling stopped early (the endpoint failed), or null. */
    public synchronized String error() {
        return error;
    }

    /** Takes a last sample and stops. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample(true);
    }
}
