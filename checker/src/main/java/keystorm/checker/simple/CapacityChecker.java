package keystorm.checker.simple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import keystorm.checker.Checker;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.op.CounterOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;

/**
 * A hot item's write capacity: writes ({@link CounterOp.Add}, one write unit each: the item stays
 * under 1 KB) to ONE item can never be accepted faster than its partition allows. DynamoDB serves
 * at most 1,000 write units a second per partition, and keeps unused capacity as burst, but never
 * above the partition's ceiling ("Capacity and throttling"); one item lives on one partition, so
 * however the table scales, its writes are bounded by one partition's. The engine models the
 * ceiling as a token bucket that refills at {@code unitsPerSecond} and holds at most
 * {@code burstUnits} (one second's worth of the ceiling): over any interval of W seconds it can
 * accept at most what it held at the start plus what it refilled,
 * <pre>
 *   limit = unitsPerSecond * W + burstUnits
 * </pre>
 * (the engine's own test: 11,000 writes in a hot key's first 10 s).
 *
 * <p>Which writes provably took effect inside a window [s, s + W]: the ok ones invoked at or after
 * s and completed at or before s + W; each was accepted at some instant between its invocation
 * and its completion, so inside the window. A write straddling an edge may have been accepted
 * outside it and is not counted (sound, not complete); an info write may never have happened and
 * a fail definitely did not, so neither counts. Windows start at the history's first event and
 * slide by {@code step} while they fit in the history; a window holding more than the limit is a
 * {@code capacity-exceeded} finding, and any finding makes the history INVALID.
 *
 * <p>UNKNOWN: a history without times (they are the history's nanoseconds since the start), one
 * shorter than a window, and one where no window was offered (had invoked in it) more writes than
 * the limit: then no store, throttled or not, could have exceeded it, and the check proved nothing.
 * Reads may be present and are ignored.
 *
 * <p>Faults. The bound is on the engine's clock, which is the history's (both monotonic, both real
 * time). A fault can hand a correct engine a fresh bucket: a clock jump forward refills it at
 * once, a crash or a kill -9 restarts the engine with full buckets; each does so at most once, so
 * each nemesis event (of the history's nemesis process) inside a window allows one bucket more:
 * that window's limit is {@code unitsPerSecond * W + burstUnits * (1 + nemesis events in it)}.
 * Loose for faults that leave capacity alone, but never wrong.
 *
 * <p>Cost: the ok writes sorted by invocation, and each window counts those invoked inside it: about
 * {@code W / step} passes over them.
 */
public final class CapacityChecker implements Checker {
    /** A partition's write ceiling, units a second. */
    public static final long PARTITION_WRITE_UNITS = 1_000;
    /** The bucket the engine keeps: one ceiling's worth, never more (burst never goes above the ceiling). */
    public static final long PARTITION_BURST_UNITS = 1_000;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(1);

    private final long unitsPerSecond;
    private final long burstUnits;
    private final long windowNanos;
    private final long stepNanos;

    /** One partition's writes: 1,000 a second plus a 1,000-unit bucket, in 10-s windows sliding by 1 s. */
    public CapacityChecker() {
        this(PARTITION_WRITE_UNITS, PARTITION_BURST_UNITS);
    }

    public CapacityChecker(long unitsPerSecond, long burstUnits) {
        this(unitsPerSecond, burstUnits, DEFAULT_WINDOW, DEFAULT_STEP);
    }

    /**
     * @param unitsPerSecond the rate at which capacity refills
     * @param burstUnits how much unused capacity the store may hold at most (the bucket's size)
     * @param window how long each window is (the limit grows with it)
     * @param step how far each window starts after the one before
     */
    public CapacityChecker(long unitsPerSecond, long burstUnits, Duration window, Duration step) {
        if (unitsPerSecond <= 0 || burstUnits < 0) {
            throw new IllegalArgumentException("capacity is a positive rate and a bucket of >= 0 units, not "
                    + unitsPerSecond + "/s and " + burstUnits);
        }
        if (window.isNegative() || window.isZero() || step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("windows and their step are positive, not " + window + " and " + step);
        }
        this.unitsPerSecond = unitsPerSecond;
        this.burstUnits = burstUnits;
        this.windowNanos = window.toNanos();
        this.stepNanos = step.toNanos();
    }

    /** The most writes a window may hold: a window's refill plus a full bucket. */
    public long limit() {
        return Math.addExact(Math.multiplyExact(unitsPerSecond, windowNanos) / 1_000_000_000L, burstUnits);
    }

    @Override
    public CapacityResult check(History history) {
        long limit = limit();
        CapacityResult.Settings settings = new CapacityResult.Settings(unitsPerSecond, burstUnits, windowNanos,
                stepNanos, limit);
        List<Call<Payload>> calls;
        try {
            calls = Calls.of(history, OpJson.Family.COUNTER, false);
        } catch (Calls.Undecodable e) {
            return CapacityResult.unknown(settings, e.getMessage());
        }
        int[] writes = new int[Outcome.values().length];
        int reads = 0;
        List<Call<Payload>> offered = new ArrayList<>();
        for (Call<Payload> call : calls) {
            if (call.invocation() instanceof CounterOp.Add) {
                if (call.invokeTime() < 0 || (call.completeIndex() != Long.MAX_VALUE && call.completeTime() < 0)) {
                    return CapacityResult.unknown(settings, "event " + call.invokeIndex()
                            + ": the history has no times, and capacity is writes per second");
                }
                writes[call.outcome().ordinal()]++;
                offered.add(call);
            } else {
                reads++;
            }
        }
        int ok = writes[Outcome.OK.ordinal()];
        int failed = writes[Outcome.FAIL.ordinal()];
        int info = writes[Outcome.INFO.ordinal()];
        if (offered.isEmpty()) {
            return new CapacityResult(Validity.UNKNOWN, "no write was offered", settings, ok, failed, info, reads, 0,
                    0, null, 0, List.of());
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<Long> nemesis = new ArrayList<>();
        for (Op op : history.ops()) {
            if (op.time() >= 0) {
                first = Math.min(first, op.time());
                last = Math.max(last, op.time());
                if (op.isNemesis()) {
                    nemesis.add(op.time());
                }
            }
        }
        if (last - first < windowNanos) {
            return new CapacityResult(Validity.UNKNOWN, "the history lasts " + CapacityResult.seconds(last - first)
                    + ", shorter than one window", settings, ok, failed, info, reads, 0, 0, null, 0, List.of());
        }
        long[] faults = nemesis.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] invoked = offered.stream().mapToLong(Call::invokeTime).sorted().toArray();
        List<Call<Payload>> accepted = new ArrayList<>(offered.stream().filter(Call::ok).toList());
        accepted.sort(Comparator.comparingLong(Call::invokeTime));
        long[] acceptedInvoked = accepted.stream().mapToLong(Call::invokeTime).toArray();
        int windows = 0;
        long maxOffered = 0;
        boolean decisive = false;
        CapacityResult.Window busiest = null;
        int exceeded = 0;
        List<CapacityResult.Window> findings = new ArrayList<>();
        for (long start = first; start + windowNanos <= last; start += stepNanos) {
            long end = start + windowNanos;
            windows++;
            long offeredIn = lowerBound(invoked, end + 1) - lowerBound(invoked, start);
            long count = 0;
            for (int i = lowerBound(acceptedInvoked, start); i < acceptedInvoked.length && acceptedInvoked[i] <= end; i++) {
                if (accepted.get(i).completeTime() <= end) {
                    count++;
                }
            }
            int faultsIn = lowerBound(faults, end + 1) - lowerBound(faults, start);
            long windowLimit = Math.addExact(limit, Math.multiplyExact(burstUnits, (long) faultsIn));
            maxOffered = Math.max(maxOffered, offeredIn);
            decisive |= offeredIn > windowLimit;
            CapacityResult.Window window = new CapacityResult.Window(start - first, end - first, count, offeredIn,
                    faultsIn, windowLimit);
            if (busiest == null || count > busiest.accepted()) {
                busiest = window;
            }
            if (count > windowLimit) {
                exceeded++;
                if (findings.size() < CapacityResult.SAMPLE_SIZE) {
                    findings.add(window);
                }
            }
        }
        if (exceeded > 0) {
            return new CapacityResult(Validity.INVALID, null, settings, ok, failed, info, reads, windows, maxOffered,
                    busiest, exceeded, findings);
        }
        if (!decisive) {
            return new CapacityResult(Validity.UNKNOWN, "no window was offered more writes than its limit (at most "
                    + maxOffered + " offered, limit " + limit + "): no store could have exceeded it", settings, ok, failed,
                    info, reads, windows, maxOffered, busiest, 0, List.of());
        }
        return new CapacityResult(Validity.VALID, null, settings, ok, failed, info, reads, windows, maxOffered,
                busiest, 0, List.of());
    }

    /** The first index whose value is >= {@code key}. */
    private static int lowerBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
