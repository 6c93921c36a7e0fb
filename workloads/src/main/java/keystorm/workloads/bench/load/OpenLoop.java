package keystorm.workloads.bench.load;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import keystorm.workloads.bench.BenchOutcome;

/**
 * The open-model load generator of {@code keystorm bench}: offers operations at a fixed rate,
 * whatever the store does, and measures each from when it <i>should</i> have started.
 *
 * <h2>Design</h2>
 * Cycle {@code c} (numbered over all shards; shard {@code i} of {@code N} runs cycles
 * {@code i, i+N, i+2N...}) is intended at {@code start + c / rate}, {@code rate} being the total over
 * the shards. {@code senders} threads claim this shard's cycles in order from one counter, wait for
 * the cycle's intended time (parked while far, spinning for the last {@value #SPIN_NANOS} ns, since a
 * park overshoots by tens of microseconds), wait for room under {@code inFlightMax}, and start it.
 * A cycle's latency runs from its intended time to its completion, so a store that stalls for a
 * second delays, and shows in, every cycle due in that second (Tene's coordinated omission: a
 * closed loop measuring from the actual start would record one slow operation and a gap); the
 * schedule error (actual start minus intended) is recorded beside it. With rate 0 the loop is
 * closed instead: each cycle starts as soon as a sender and the in-flight bound let it, and its
 * intended time is its actual start (a load phase, a saturation probe).
 *
 * <p>The hot path takes no lock and allocates nothing of its own for a synchronous client (one
 * whose future is complete when {@code start} returns): the sender records into its own
 * {@link org.HdrHistogram.SingleWriterRecorder} per operation and outcome kind. A future completed
 * later is recorded by whichever thread completes it, into a shared multi-writer recorder (and
 * allocates its callback). The calling thread swaps every recorder each interval, adds the
 * interval into the totals and the time series, and writes the interval log
 * ({@link IntervalLogWriter}). Memory: about 0.5 MB per (sender, operation, outcome kind) used.
 *
 * <p>Cycles intended before the warm-up's end run but are not recorded. No cycle intended after
 * the duration starts; one intended before it that is still waiting (the store or the generator
 * behind) starts late, so the backlog at the end is in the latencies too, not left out. The drain
 * bounds that: {@value #DRAIN_SECONDS} s after the end no cycle starts any more (those due are
 * {@link LoadResult#cyclesNotStarted}), and those in flight that have not completed are counted
 * as never completed. A closed loop ends at the duration, by the clock. A synchronous call that
 * never returns keeps its sender (a daemon thread) past the run. All latencies are in
 * nanoseconds ({@link LoadResult}).
 */
public final class OpenLoop {
    /** Waits shorter than this spin (onSpinWait) instead of parking. */
    static final long SPIN_NANOS = 100_000;
    static final long DRAIN_SECONDS = 30;
    /** The lead between the senders' start and the first cycle, so the first cycles are not late. */
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final LoadConfig config;
    private final CycleSource source;
    private final int operations;
    private final long endOffsetNanos;
    private final Tally tally;
    private final AtomicLong nextCycle = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch go = new CountDownLatch(1);
    private volatile boolean stop;
    private volatile Throwable failure;
    private long startNanos;
    /** The measured cycles kept for the run store's history, or null. */
    private final HistorySample sample;

    private OpenLoop(LoadConfig config, CycleSource source, HistorySample sample) {
        this.config = config;
        this.source = source;
        this.sample = sample;
        this.operations = source.operations().size();
        if (operations == 0) {
            throw new IllegalArgumentException("a cycle source with no operations");
        }
        this.endOffsetNanos = config.durationNanos() > 0 ? config.warmupNanos() + config.durationNanos() : Long.MAX_VALUE;
        this.tally = new Tally(source.operations(), config.senders());
    }

    /** Runs the load without an interval log; see {@link #run(LoadConfig, CycleSource, Path, String)}. */
    public static LoadResult run(LoadConfig config, CycleSource source) {
        return run(config, source, null, "load");
    }

    /** Runs the load, its interval log's comment naming it {@code load}; see {@link #run(LoadConfig, CycleSource, Path, String)}. */
    public static LoadResult run(LoadConfig config, CycleSource source, Path intervalLog) {
        return run(config, source, intervalLog, "load");
    }

    /**
     * Runs the load on this shard's cycles and answers what it measured. Blocks for the warm-up,
     * the duration and the drain (or until {@code cycleLimit} cycles completed).
     *
     * @param intervalLog where to write HdrHistogram's interval log of the run (one tagged
     *                    histogram per interval per {@code op.kind}, and {@code schedule-error}),
     *                    for {@link IntervalLogs#read}; null for none
     * @param runName     what the log's opening comment calls the run ({@code ycsb-a on embedded})
     * @throws IllegalArgumentException if the log cannot take the configuration (intervals under
     *                                  10 ms, operation names other than letters, digits, '_', '-')
     * @throws IllegalStateException    if the source threw (a broken source, not an outcome)
     */
    public static LoadResult run(LoadConfig config, CycleSource source, Path intervalLog, String runName) {
        return run(config, source, intervalLog, runName, null);
    }

    /** The same, keeping a sample of the measured cycles in {@code sample} (null: none). */
    public static LoadResult run(LoadConfig config, CycleSource source, Path intervalLog, String runName,
                                 HistorySample sample) {
        return new OpenLoop(config, source, sample).run(intervalLog, runName, TimeUnit.SECONDS.toNanos(DRAIN_SECONDS));
    }

    /** With a drain of {@code drainNanos} instead of {@value #DRAIN_SECONDS} s (tests). */
    static LoadResult run(LoadConfig config, CycleSource source, Path intervalLog, long drainNanos) {
        return new OpenLoop(config, source, null).run(intervalLog, "load", drainNanos);
    }

    private LoadResult run(Path intervalLog, String runName, long drainNanos) {
        long anchorNanos = System.nanoTime();
        Instant anchor = Instant.now();
        long epochOffset = anchor.getEpochSecond() * 1_000_000_000L + anchor.getNano() - anchorNanos;
        startNanos = anchorNanos + LEAD_NANOS;
        long windowStart = startNanos + config.warmupNanos();
        try (IntervalLogWriter log = intervalLog == null ? null
                : new IntervalLogWriter(intervalLog, runName, config, source.operations(),
                        windowStart + epochOffset)) {
            CountDownLatch finished = startSenders();
            go.countDown();
            long windowEnd = coordinate(finished, windowStart, drainNanos, log);
            stop = true;
            if (failure != null) {
                throw new IllegalStateException("the cycle source failed: " + failure, failure);
            }
            long due = config.rate() > 0 ? due() : tally.started();
            LoadResult result = tally.result(windowStart + epochOffset, windowEnd + epochOffset, due,
                    config.intervalNanos());
            if (log != null) {
                log.summary(result);
            }
            return result;
        } catch (InterruptedException e) {
            stop = true;
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the load", e);
        } finally {
            stop = true;
            go.countDown();
        }
    }

    /** Starts the senders (daemon threads), which wait for {@link #go}; the latch counts those finished. */
    private CountDownLatch startSenders() {
        CountDownLatch finished = new CountDownLatch(config.senders());
        for (int i = 0; i < config.senders(); i++) {
            Tally.Sender sender = tally.sender(i);
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    send(sender, index);
                } catch (Throwable e) {
                    failure = e;
                    stop = true;
                } finally {
                    finished.countDown();
                }
            }, "load-sender-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        return finished;
    }

    /** Swaps the recorders each interval until the senders finished and the in-flight drained. */
    private long coordinate(CountDownLatch finished, long windowStart, long drainNanos, IntervalLogWriter log)
            throws InterruptedException {
        boolean timed = endOffsetNanos != Long.MAX_VALUE;
        // Without a duration (a cycle limit alone) the drain starts when the senders finish.
        long deadline = timed ? startNanos + endOffsetNanos + drainNanos : 0;
        boolean hasDeadline = timed;
        long intervalStart = windowStart;
        boolean sendersDone = false;
        while (true) {
            long now = System.nanoTime();
            if (!sendersDone && finished.getCount() == 0) {
                sendersDone = true;
                deadline = hasDeadline && deadline - (now + drainNanos) < 0 ? deadline : now + drainNanos;
                hasDeadline = true;
            }
            if (sendersDone && inFlight.get() == 0 || hasDeadline && now - deadline >= 0) {
                break;
            }
            long intervalEnd = intervalStart + config.intervalNanos();
            if (now - intervalEnd >= 0 && now - windowStart >= 0) {
                tally.harvest(intervalStart - windowStart, intervalEnd - intervalStart, log, false);
                intervalStart = intervalEnd;
                continue;
            }
            long wait = hasDeadline ? Math.min(intervalEnd - now, deadline - now) : intervalEnd - now;
            if (!sendersDone) {
                finished.await(wait, TimeUnit.NANOSECONDS);
            } else {
                LockSupport.parkNanos(Math.min(wait, 1_000_000)); // the drain: poll the in-flight count
            }
        }
        long end = Math.max(System.nanoTime(), windowStart);
        tally.harvest(intervalStart - windowStart, end - intervalStart, log, true);
        return end;
    }

    /** One sender: claims this shard's next cycle, waits for its time and for room, starts it. */
    private void send(Tally.Sender sender, int senderIndex) {
        boolean open = config.rate() > 0;
        long limit = config.cycleLimit();
        awaitTime(startNanos);
        while (!stop) {
            long cycle = config.shardIndex() + nextCycle.getAndIncrement() * config.shardCount();
            if (limit > 0 && cycle >= limit) {
                return;
            }
            long offset = open ? offsetNanos(cycle) : 0;
            if (offset >= endOffsetNanos) {
                return;
            }
            long intended = startNanos + offset;
            if (open) {
                awaitTime(intended);
            }
            if (!acquire()) {
                return;
            }
            long now = System.nanoTime();
            // Open, a cycle due before the end starts however late (its latency shows the backlog);
            // closed, the end is the actual time. The drain's deadline stops both.
            if (stop || !open && now - startNanos >= endOffsetNanos) {
                inFlight.decrementAndGet();
                return;
            }
            if (!open) {
                intended = now;
                offset = now - startNanos;
            }
            boolean measured = offset >= config.warmupNanos();
            startCycle(sender, senderIndex, cycle, intended, now, measured);
        }
    }

    private void startCycle(Tally.Sender sender, int senderIndex, long cycle, long intended, long now, boolean measured) {
        // Counted before the call: a synchronous call that never returns is a cycle that never completed.
        if (measured) {
            sender.started(config.rate() > 0 ? now - intended : -1);
        } else {
            sender.warmup();
        }
        CycleSource.Started started;
        try {
            started = source.start(cycle, intended);
        } catch (RuntimeException | Error e) {
            inFlight.decrementAndGet();
            throw e;
        }
        int op = started.op();
        if (op < 0 || op >= operations) {
            inFlight.decrementAndGet();
            throw new IllegalStateException("cycle " + cycle + " is operation " + op + " of " + operations);
        }
        var done = started.done();
        if (done.isDone()) {
            if (measured) {
                long end = System.nanoTime();
                sender.record(op, kindOf(done), end - intended);
                if (sample != null) {
                    sample.offer(cycle / config.shardCount(), senderIndex, op, started.record(), now, end,
                            done.state() == java.util.concurrent.Future.State.SUCCESS ? done.resultNow() : null);
                }
            }
            inFlight.decrementAndGet();
        } else {
            long record = started.record();
            done.whenComplete((outcome, error) -> {
                if (measured) {
                    long end = System.nanoTime();
                    BenchOutcome.Kind kind = error != null || outcome == null ? BenchOutcome.Kind.INDETERMINATE
                            : outcome.kind();
                    tally.recordShared(op, kind, end - intended);
                    if (sample != null) {
                        sample.offer(cycle / config.shardCount(), senderIndex, op, record, now, end,
                                error != null ? null : outcome);
                    }
                }
                inFlight.decrementAndGet();
            });
        }
    }

    private static BenchOutcome.Kind kindOf(java.util.concurrent.CompletableFuture<BenchOutcome> done) {
        if (done.state() != java.util.concurrent.Future.State.SUCCESS) {
            return BenchOutcome.Kind.INDETERMINATE;
        }
        BenchOutcome outcome = done.resultNow();
        return outcome == null ? BenchOutcome.Kind.INDETERMINATE : outcome.kind();
    }

    /** Takes a place under the in-flight bound, waiting as long as it takes; false if stopped meanwhile. */
    private boolean acquire() {
        int max = config.inFlightMax();
        for (int spins = 0; ; spins++) {
            int current = inFlight.get();
            if (current < max && inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
            if (stop) {
                return false;
            }
            if (spins < 1_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    /** Parks until close to {@code intended}, then spins to it. */
    private void awaitTime(long intended) {
        long remaining;
        while ((remaining = intended - System.nanoTime()) > SPIN_NANOS && !stop) {
            LockSupport.parkNanos(remaining - SPIN_NANOS);
        }
        while (System.nanoTime() - intended < 0) {
            Thread.onSpinWait();
        }
    }

    /** When cycle {@code cycle} is intended, from the start: {@code cycle / rate} seconds. */
    private long offsetNanos(long cycle) {
        return intendedOffsetNanos(config.rate(), cycle);
    }

    /**
     * When cycle {@code cycle} is intended at {@code rate} (positive), in nanoseconds from the
     * start: the one definition of the schedule, so a warm-up boundary computed elsewhere agrees.
     */
    public static long intendedOffsetNanos(double rate, long cycle) {
        return (long) (cycle * 1e9 / rate);
    }

    /**
     * The first cycle intended at or after {@code offsetNanos} at {@code rate} (positive): with a
     * warm-up of {@code offsetNanos}, the first measured cycle (a cycle is measured when
     * {@code intendedOffsetNanos(rate, cycle) >= warmupNanos}).
     */
    public static long firstCycleAtOrAfter(double rate, long offsetNanos) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("a schedule has a positive rate: " + rate);
        }
        if (offsetNanos <= 0) {
            return 0;
        }
        long cycle = (long) Math.ceil(offsetNanos / 1e9 * rate);
        while (cycle > 0 && intendedOffsetNanos(rate, cycle - 1) >= offsetNanos) {
            cycle--;
        }
        while (intendedOffsetNanos(rate, cycle) < offsetNanos) {
            cycle++;
        }
        return cycle;
    }

    /** This shard's cycles intended in the measured window. */
    private long due() {
        return cyclesBefore(endOffsetNanos) - cyclesBefore(config.warmupNanos());
    }

    /** This shard's cycles (under the cycle limit) intended before {@code offsetBound}; binary search. */
    private long cyclesBefore(long offsetBound) {
        long index = config.shardIndex();
        long count = config.shardCount();
        long high = config.cycleLimit() > 0 ? Math.max(0, (config.cycleLimit() - index + count - 1) / count)
                : (long) (offsetBound / 1e9 * config.rate() / count) + 2;
        if (offsetBound == Long.MAX_VALUE) {
            return high;
        }
        long low = 0; // invariant: cycles below low are before the bound, cycles at or above high are not
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (offsetNanos(index + middle * count) < offsetBound) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
