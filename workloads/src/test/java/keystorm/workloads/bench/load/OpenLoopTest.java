package keystorm.workloads.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import keystorm.workloads.bench.BenchOutcome;
import keystorm.workloads.bench.BenchOutcome.Kind;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
    static final long MS = 1_000_000;
    static final CompletableFuture<BenchOutcome> OK = CompletableFuture.completedFuture(BenchOutcome.ok(1, 0, 1));

    static LoadConfig config(double rate, long warmupMs, long durationMs, int senders, int inFlightMax,
                             long cycleLimit) {
        return new LoadConfig(rate, warmupMs * MS, durationMs * MS, senders, inFlightMax, 0, 1, 50 * MS, cycleLimit);
    }

    /** A source of one operation whose cycles answer at once, as {@code answer} says. */
    static CycleSource source(LongFunction<CompletableFuture<BenchOutcome>> answer) {
        return new CycleSource() {
            @Override
            public List<String> operations() {
                return List.of("read");
            }

            @Override
            public Started start(long cycle, long intendedNanos) {
                return new Started(0, answer.apply(cycle));
            }
        };
    }

    /**
     * The tested behaviour: cycle 20 of a 1,000/s load stalls 60 ms (a bounded wait on a latch
     * nobody opens) on the only sender. The 30-odd cycles due during the stall start late, and their
     * latency from the intended time shows it; their service time (from actual start, a closed
     * loop's measurement) does not.
     */
    @Test
    void aStallIsInTheLatencyOfTheCyclesQueuedBehindIt() {
        CountDownLatch never = new CountDownLatch(1);
        Histogram serviceNanos = LoadResult.newHistogram();
        LoadResult result = OpenLoop.run(config(1_000, 0, 200, 1, 1, 0), source(cycle -> {
            long start = System.nanoTime();
            if (cycle == 20) {
                try {
                    assertTrue(!never.await(60, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            serviceNanos.recordValue(System.nanoTime() - start);
            return OK;
        }));
        Histogram latency = result.latency("read", Kind.OK);
        assertEquals(200, result.cyclesDue());
        assertEquals(result.cyclesStarted(), latency.getTotalCount());
        assertTrue(latency.getMaxValue() >= 60 * MS, "the stalled cycle itself: " + latency.getMaxValue());
        long queuedBehind = latency.getTotalCount() - latency.getCountBetweenValues(0, 30 * MS);
        assertTrue(queuedBehind >= 25, "cycles with 30 ms or more: " + queuedBehind);
        long serviceSlow = serviceNanos.getTotalCount() - serviceNanos.getCountBetweenValues(0, 30 * MS);
        assertTrue(serviceSlow <= 2, "from actual start only the stall is slow: " + serviceSlow);
        assertTrue(result.scheduleErrorNanos().getMaxValue() >= 50 * MS,
                "the cycle after the stall started late: " + result.scheduleErrorNanos().getMaxValue());
        assertEquals(result.cyclesStarted(), result.scheduleErrorNanos().getTotalCount());
    }

    /** A stall just before the end: the cycles due behind it start after the end, and their wait is recorded. */
    @Test
    void aStallAtTheEndIsNotCutOff() {
        CountDownLatch never = new CountDownLatch(1);
        LoadResult result = OpenLoop.run(config(1_000, 0, 100, 1, 1, 0), source(cycle -> {
            if (cycle == 90) {
                try {
                    assertTrue(!never.await(60, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return OK;
        }));
        assertEquals(100, result.cyclesDue());
        assertEquals(100, result.cyclesStarted(), "cycles 91 to 99 were due before the end");
        Histogram latency = result.latency("read", Kind.OK);
        long late = latency.getTotalCount() - latency.getCountBetweenValues(0, 40 * MS);
        assertTrue(late >= 9, "the stalled cycle and the ones behind it: " + late);
        assertTrue(result.windowNanos() >= 140 * MS, "the window lasts until the backlog completed");
    }

    @Test
    void warmupCyclesRunButAreNotRecorded() {
        ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
        LoadResult result = OpenLoop.run(config(10_000, 100, 200, 2, 2, 0), source(cycle -> {
            seen.add(cycle);
            return OK;
        }));
        long warmupSeen = seen.stream().filter(c -> c < 1_000).count();
        long measuredSeen = seen.stream().filter(c -> c >= 1_000).count();
        assertEquals(1_000, warmupSeen, "cycles intended in the first 100 ms");
        assertEquals(1_000, result.warmupCycles());
        assertEquals(2_000, result.cyclesDue(), "cycles intended in [100 ms, 300 ms)");
        assertEquals(2_000, measuredSeen, "every cycle due starts, late or not");
        assertEquals(2_000, result.cyclesStarted());
        assertEquals(2_000, result.count("read", Kind.OK));
        assertEquals(3_000, seen.size(), "no cycle intended after the end starts");
        long intervalOk = result.intervals().stream().mapToLong(i -> i.count(Kind.OK)).sum();
        assertEquals(result.count(Kind.OK), intervalOk);
        assertEquals(result.cyclesStarted(), result.scheduleErrorNanos().getTotalCount());
    }

    @Test
    void aClosedLoopRunsItsCycleLimitAndHasNoScheduleError() {
        AtomicInteger calls = new AtomicInteger();
        LoadResult result = OpenLoop.run(config(0, 0, 0, 2, 2, 5_000), source(cycle -> {
            calls.incrementAndGet();
            return OK;
        }));
        assertEquals(5_000, calls.get());
        assertEquals(5_000, result.cyclesDue());
        assertEquals(5_000, result.cyclesCompleted());
        assertEquals(0, result.scheduleErrorNanos().getTotalCount());
        assertTrue(result.achievedRate() > 0);
    }

    /**
     * A pipelined source whose futures a completer thread completes four at a time, once four are
     * in flight: with inFlightMax 4 the source sees four at once, never five, whatever the senders.
     */
    @Test
    void theInFlightBoundIsReachedAndNeverPassed() throws InterruptedException {
        for (int senders : new int[]{1, 3}) {
            BlockingQueue<CompletableFuture<BenchOutcome>> queue = new ArrayBlockingQueue<>(16);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger inFlightMax = new AtomicInteger();
            Thread completer = new Thread(() -> {
                try {
                    for (int batch = 0; batch < 75; batch++) {
                        CompletableFuture<?>[] four = new CompletableFuture<?>[4];
                        for (int i = 0; i < 4; i++) {
                            four[i] = queue.take();
                        }
                        for (CompletableFuture<?> future : four) {
                            inFlight.decrementAndGet();
                            @SuppressWarnings("unchecked")
                            CompletableFuture<BenchOutcome> typed = (CompletableFuture<BenchOutcome>) future;
                            typed.complete(BenchOutcome.ok(0, 1, 0));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            completer.start();
            LoadResult result = OpenLoop.run(config(0, 0, 0, senders, 4, 300), source(cycle -> {
                inFlightMax.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                CompletableFuture<BenchOutcome> future = new CompletableFuture<>();
                queue.add(future);
                return future;
            }));
            completer.join();
            assertEquals(4, inFlightMax.get(), senders + " senders");
            assertEquals(300, result.count("read", Kind.OK));
            assertEquals(0, result.cyclesNeverCompleted());
        }
    }

    @Test
    void aCycleThatNeverCompletesIsCountedAfterTheDrain() {
        CycleSource source = source(cycle -> cycle == 5 ? new CompletableFuture<>() : OK);
        LoadResult result = OpenLoop.run(config(0, 0, 0, 1, 4, 100), source, null, 50 * MS);
        assertEquals(100, result.cyclesStarted());
        assertEquals(99, result.cyclesCompleted());
        assertEquals(1, result.cyclesNeverCompleted());
    }

    /** A synchronous call stuck past the drain: the run ends anyway and counts it (the test lets it go after). */
    @Test
    void aSynchronousCallStuckPastTheDrainIsNeverCompleted() {
        CountDownLatch release = new CountDownLatch(1);
        CycleSource source = source(cycle -> {
            if (cycle == 3) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return OK;
        });
        try {
            LoadResult result = OpenLoop.run(config(1_000, 0, 100, 1, 1, 0), source, null, 50 * MS);
            assertEquals(4, result.cyclesStarted(), "cycles 0 to 3; the only sender is stuck in 3");
            assertEquals(3, result.cyclesCompleted());
            assertEquals(1, result.cyclesNeverCompleted());
            assertEquals(100, result.cyclesDue());
            assertEquals(96, result.cyclesNotStarted());
        } finally {
            release.countDown();
        }
    }

    @Test
    void outcomesAreRecordedByKindAndAFailedFutureIsIndeterminate() {
        LoadResult result = OpenLoop.run(config(0, 0, 0, 1, 1, 40), source(cycle -> switch ((int) (cycle % 4)) {
            case 0 -> OK;
            case 1 -> CompletableFuture.completedFuture(BenchOutcome.throttled("ThrottlingException"));
            case 2 -> CompletableFuture.completedFuture(BenchOutcome.failed("ValidationException"));
            default -> CompletableFuture.failedFuture(new IllegalStateException("lost"));
        }));
        for (Kind kind : Kind.values()) {
            assertEquals(10, result.count("read", kind), kind.name());
        }
    }

    @Test
    void aSourceThatThrowsStopsTheRun() {
        CycleSource broken = source(cycle -> {
            throw new IllegalStateException("broken source");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OpenLoop.run(config(0, 0, 0, 2, 2, 10), broken));
        assertTrue(e.getMessage().contains("broken source"), e.getMessage());
    }

    @Test
    void anOperationIndexOutsideTheSourcesIsABrokenSource() {
        CycleSource source = new CycleSource() {
            public List<String> operations() {
                return List.of("read");
            }

            public Started start(long cycle, long intendedNanos) {
                return new Started(1, OK);
            }
        };
        assertThrows(IllegalStateException.class, () -> OpenLoop.run(config(0, 0, 0, 1, 1, 3), source));
    }
}
