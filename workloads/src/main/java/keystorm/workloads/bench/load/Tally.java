package keystorm.workloads.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import keystorm.workloads.bench.BenchOutcome;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntervalHistogramProvider;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.HdrHistogram.ValueRecorder;

/**
 * The load generator's recorders and what they add up to. Each sender records into its own
 * single-writer recorders (one per operation and outcome kind, made on first use); completions on
 * other threads go to shared multi-writer recorders. One thread, the loop's coordinator, calls
 * {@link #harvest} each interval: it swaps every recorder, adds the interval into the totals and
 * the time series, and hands it to the interval log. A slot is {@code op * 4 + kind}.
 */
final class Tally {
    private static final int KINDS = LoadResult.KINDS.length;

    private final List<String> operations;
    private final int slots;
    private final Sender[] senders;
    private final AtomicReferenceArray<Slot> shared;
    private final Histogram[] totals;
    private final Histogram[] intervalSums;
    private final Histogram scheduleErrorTotal = LoadResult.newHistogram();
    private final Histogram scheduleErrorInterval = LoadResult.newHistogram();
    private final List<LoadResult.Interval> intervals = new ArrayList<>();

    Tally(List<String> operations, int senders) {
        this.operations = List.copyOf(operations);
        this.slots = operations.size() * KINDS;
        this.senders = new Sender[senders];
        for (int i = 0; i < senders; i++) {
            this.senders[i] = new Sender(slots);
        }
        this.shared = new AtomicReferenceArray<>(slots);
        this.totals = new Histogram[slots];
        this.intervalSums = new Histogram[slots];
        for (int i = 0; i < slots; i++) {
            totals[i] = LoadResult.newHistogram();
            intervalSums[i] = LoadResult.newHistogram();
        }
    }

    Sender sender(int index) {
        return senders[index];
    }

    /** Records a completion seen on a thread that is not a sender (an asynchronous client's). */
    void recordShared(int op, BenchOutcome.Kind kind, long latencyNanos) {
        int index = op * KINDS + kind.ordinal();
        Slot slot = shared.get(index);
        if (slot == null) {
            shared.compareAndSet(index, null, new Slot(new Recorder(LoadResult.HIGHEST_TRACKABLE_NANOS,
                    LoadResult.SIGNIFICANT_DIGITS)));
            slot = shared.get(index);
        }
        slot.record(latencyNanos);
    }

    long started() {
        long started = 0;
        for (Sender sender : senders) {
            started += sender.started.get();
        }
        return started;
    }

    /**
     * Swaps every recorder and adds what they held into the totals, the time series (an interval
     * of {@code lengthNanos} at {@code offsetNanos} from the window's start) and the log. Only the
     * coordinator calls it. The {@code last} interval (the rest of the drain, often a few
     * microseconds) is left out of the series and the log if nothing happened in it.
     */
    void harvest(long offsetNanos, long lengthNanos, IntervalLogWriter log, boolean last) {
        boolean any = false;
        Histogram[][] byOp = new Histogram[operations.size()][KINDS];
        for (int i = 0; i < slots; i++) {
            Histogram sum = intervalSums[i];
            sum.reset();
            for (Sender sender : senders) {
                Slot slot = sender.slots.get(i);
                if (slot != null) {
                    slot.drainInto(sum);
                }
            }
            Slot slot = shared.get(i);
            if (slot != null) {
                slot.drainInto(sum);
            }
            if (sum.getTotalCount() > 0) {
                any = true;
                totals[i].add(sum);
                byOp[i / KINDS][i % KINDS] = sum;
            }
        }
        scheduleErrorInterval.reset();
        for (Sender sender : senders) {
            sender.scheduleError.drainInto(scheduleErrorInterval);
        }
        scheduleErrorTotal.add(scheduleErrorInterval);
        if (last && !any && scheduleErrorInterval.getTotalCount() == 0) {
            return;
        }
        List<LoadResult.OpInterval> ops = new ArrayList<>(operations.size());
        for (Histogram[] kinds : byOp) {
            ops.add(LoadResult.OpInterval.of(kinds));
        }
        intervals.add(new LoadResult.Interval(offsetNanos, lengthNanos, ops));
        if (log != null) {
            log.interval(offsetNanos, lengthNanos, byOp, scheduleErrorInterval);
        }
    }

    /** The result, after the last harvest. */
    LoadResult result(long windowStartEpochNanos, long windowEndEpochNanos, long due, long intervalNanos) {
        long completed = 0;
        List<Histogram> latencies = new ArrayList<>(slots);
        for (Histogram total : totals) {
            completed += total.getTotalCount();
            latencies.add(total);
        }
        long started = started();
        long warmup = 0;
        for (Sender sender : senders) {
            warmup += sender.warmup.get();
        }
        return new LoadResult(operations, LoadResult.opLatencies(operations, latencies), scheduleErrorTotal,
                windowStartEpochNanos, windowEndEpochNanos, due, started, completed, started - completed, warmup,
                intervalNanos, intervals);
    }

    /** A sender's own recorders and counters: written by that sender only. */
    static final class Sender {
        private final AtomicReferenceArray<Slot> slots;
        private final Slot scheduleError = new Slot(new SingleWriterRecorder(LoadResult.HIGHEST_TRACKABLE_NANOS,
                LoadResult.SIGNIFICANT_DIGITS));
        private final AtomicLong started = new AtomicLong();
        private final AtomicLong warmup = new AtomicLong();

        private Sender(int slots) {
            this.slots = new AtomicReferenceArray<>(slots);
        }

        /** A measured cycle started {@code scheduleErrorNanos} after its intended time (negative: not recorded). */
        void started(long scheduleErrorNanos) {
            started.lazySet(started.get() + 1);
            if (scheduleErrorNanos >= 0) {
                scheduleError.record(scheduleErrorNanos);
            }
        }

        void warmup() {
            warmup.lazySet(warmup.get() + 1);
        }

        void record(int op, BenchOutcome.Kind kind, long latencyNanos) {
            int index = op * KINDS + kind.ordinal();
            Slot slot = slots.get(index);
            if (slot == null) {
                slot = new Slot(new SingleWriterRecorder(LoadResult.HIGHEST_TRACKABLE_NANOS,
                        LoadResult.SIGNIFICANT_DIGITS));
                slots.lazySet(index, slot);
            }
            slot.record(latencyNanos);
        }
    }

    /**
     * A recorder and the histogram it last handed out, given back for reuse (the recorders'
     * recycling, so a swap allocates nothing). Values are clamped into [0, one hour].
     */
    private static final class Slot {
        private final ValueRecorder recorder;
        private final IntervalHistogramProvider<Histogram> provider;
        private Histogram recycled;

        <R extends ValueRecorder & IntervalHistogramProvider<Histogram>> Slot(R recorder) {
            this.recorder = recorder;
            this.provider = recorder;
        }

        void record(long valueNanos) {
            recorder.recordValue(Math.max(0, Math.min(valueNanos, LoadResult.HIGHEST_TRACKABLE_NANOS)));
        }

        void drainInto(Histogram target) {
            recycled = provider.getIntervalHistogram(recycled);
            if (recycled.getTotalCount() > 0) {
                target.add(recycled);
            }
        }
    }
}
