package keystorm.workloads.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the requests a benchmark sent (a logical operation may send several: a read under
 * {@code suffix:10} sends ten) and of what they consumed, and the read cost: requests and read
 * units per logical read. Units are summed in thousandths, so that adding is a {@link LongAdder}
 * and the total does not depend on the order of the adds. Thread-safe.
 */
public final class RequestTally {
    private final LongAdder requests = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder indeterminate = new LongAdder();
    private final LongAdder readMilli = new LongAdder();
    private final LongAdder writeMilli = new LongAdder();
    private final LongAdder logicalReads = new LongAdder();
    private final LongAdder readRequests = new LongAdder();
    private final LongAdder readUnitsOfReadsMilli = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> notFound = new ConcurrentHashMap<>();

    /**
     * The totals.
     *
     * @param readUnitsOfReads read units the logical reads consumed (their requests' sum)
     * @param notFound         per read operation (its spelling), the logical reads answered OK
     *                         that found no item (in name order; an operation with none is absent)
     */
    public record Snapshot(long requests, long throttled, long failed, long indeterminate, double readUnits,
                           double writeUnits, long logicalReads, long readRequests, double readUnitsOfReads,
                           Map<String, Long> notFound) {
        public Snapshot {
            notFound = java.util.Collections.unmodifiableMap(new TreeMap<>(notFound));
        }

        /** Totals without a read that found nothing. */
        public Snapshot(long requests, long throttled, long failed, long indeterminate, double readUnits,
                        double writeUnits, long logicalReads, long readRequests, double readUnitsOfReads) {
            this(requests, throttled, failed, indeterminate, readUnits, writeUnits, logicalReads, readRequests,
                    readUnitsOfReads, Map.of());
        }

        /** Throttled requests over all requests, in [0, 1] (0 when none was sent). */
        public double throttledShare() {
            return requests == 0 ? 0 : (double) throttled / requests;
        }

        /** Requests per logical read (NaN when there was none). */
        public double requestsPerRead() {
            return logicalReads == 0 ? Double.NaN : (double) readRequests / logicalReads;
        }

        /** Read units per logical read (NaN when there was none). */
        public double readUnitsPerRead() {
            return logicalReads == 0 ? Double.NaN : readUnitsOfReads / logicalReads;
        }
    }

    /** One request's outcome. */
    public void request(BenchOutcome outcome) {
        requests.increment();
        switch (outcome.kind()) {
            case OK -> { }
            case THROTTLED -> throttled.increment();
            case FAILED -> failed.increment();
            case INDETERMINATE -> indeterminate.increment();
        }
        readMilli.add(milli(outcome.readUnits()));
        writeMilli.add(milli(outcome.writeUnits()));
    }

    /** One logical read: how many requests it took and the read units they consumed together. */
    public void logicalRead(int requestCount, double readUnits) {
        logicalReads.increment();
        readRequests.add(requestCount);
        readUnitsOfReadsMilli.add(milli(readUnits));
    }

    /** One logical read of operation {@code op} answered OK that found no item. */
    public void notFound(String op) {
        notFound.computeIfAbsent(op, ignored -> new LongAdder()).increment();
    }

    public Snapshot snapshot() {
        Map<String, Long> missing = new TreeMap<>();
        notFound.forEach((op, count) -> missing.put(op, count.sum()));
        return new Snapshot(requests.sum(), throttled.sum(), failed.sum(), indeterminate.sum(), readMilli.sum() / 1000.0,
                writeMilli.sum() / 1000.0, logicalReads.sum(), readRequests.sum(), readUnitsOfReadsMilli.sum() / 1000.0,
                missing);
    }

    private static long milli(double units) {
        return Math.round(units * 1000);
    }
}
