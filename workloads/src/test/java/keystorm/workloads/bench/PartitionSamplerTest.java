package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import org.junit.jupiter.api.Test;

class PartitionSamplerTest {
    @Test
    void aSampleIsTheUnitsConsumedSinceTheOneBefore() {
        try (Engine engine = new Engine(EngineConfig.inMemory())) {
            EmbeddedBenchClient client = new EmbeddedBenchClient(engine);
            client.createTable("bench-p", new TableMode.OnDemand());
            // before the sampler: in its baseline, not in its samples
            client.execute(new BenchRequest.Put("bench-p", new BenchKey("before", "item"), Map.of("field0", "x"))).join();
            PartitionSampler sampler = new PartitionSampler(PartitionSampler.embedded(engine), "bench-p");
            for (int i = 0; i < 100; i++) {
                client.execute(new BenchRequest.Put("bench-p", new BenchKey("user" + i, "item"), Map.of("field0", "x"))).join();
            }
            sampler.close(); // takes the last sample
            assertNull(sampler.error());
            List<PartitionSampler.Sample> samples = sampler.samples();
            assertTrue(!samples.isEmpty());
            double units = 0;
            for (PartitionSampler.Sample sample : samples) {
                double seconds = sample.lengthSeconds();
                for (PartitionSampler.Rates rates : sample.partitions()) {
                    units += rates.consumedWriteUnits() * seconds;
                    assertEquals(0, rates.throttledWriteUnits());
                }
            }
            // 100 one-unit writes
            assertEquals(100, units, 1e-6);
            assertEquals(engine.partitionMetrics("bench-p").size(), samples.getLast().partitions().size());
        }
    }

    private static PartitionSampler.Counters writes(int id, int parentId, String lowHash, double units) {
        return new PartitionSampler.Counters(0, id, parentId, lowHash, 0, units, 0, 0, 0);
    }

    /** Answers the readings in turn, then the last one again. */
    private static PartitionSampler.Source scripted(PartitionSampler.Reading... readings) {
        Deque<PartitionSampler.Reading> queue = new ArrayDeque<>(List.of(readings));
        return table -> queue.size() > 1 ? queue.poll() : queue.peek();
    }

    private static double writeUnits(List<PartitionSampler.Sample> samples) {
        double units = 0;
        for (PartitionSampler.Sample sample : samples) {
            for (PartitionSampler.Rates rates : sample.partitions()) {
                units += rates.consumedWriteUnits() * sample.lengthSeconds();
            }
        }
        return units;
    }

    @Test
    void aSampleSpanningASplitHasTheParentsUnitsUpToTheSplitAndTheChildrensFromZero() {
        PartitionSampler.Counters longRetired = writes(9, -1, "0", 100); // split before the baseline: not counted
        var baseline = new PartitionSampler.Reading(List.of(writes(0, 9, "0", 10)), List.of(longRetired));
        // parent 0 split into 1 (the parent's low hash) and 2, after 15 more units
        var split = new PartitionSampler.Reading(List.of(writes(1, 0, "0", 3), writes(2, 0, "8000000000000000", 4)),
                List.of(longRetired, writes(0, 9, "0", 25)));
        // 1 split again into 3 and 4 within one sample, after 5 more units
        var again = new PartitionSampler.Reading(List.of(writes(3, 1, "0", 1), writes(4, 1, "4000000000000000", 2),
                writes(2, 0, "8000000000000000", 6)),
                List.of(longRetired, writes(0, 9, "0", 25), writes(1, 0, "0", 8)));
        AtomicLong clock = new AtomicLong(0);
        PartitionSampler sampler = new PartitionSampler(scripted(baseline, split, again), "t", clock::get, 0, false);
        clock.set(1_000_000_000L);
        sampler.tick();
        assertEquals(15 + 3 + 4, writeUnits(sampler.samples()), 1e-9);
        PartitionSampler.Rates parent = sampler.samples().getFirst().partitions().stream()
                .filter(PartitionSampler.Rates::retired).findFirst().orElseThrow();
        assertEquals(0, parent.id());
        assertEquals(15, parent.consumedWriteUnits(), 1e-9);
        clock.set(2_000_000_000L);
        sampler.close();
        assertNull(sampler.error());
        // then: 1 from 3 to 8, 3 and 4 from zero, 2 from 4 to 6
        assertEquals(22 + 5 + 1 + 2 + 2, writeUnits(sampler.samples()), 1e-9);
    }

    @Test
    void onlyTheSamplesThatBeganInTheMeasuredWindowAreKeptCountedFromItsStart() {
        var reading = new PartitionSampler.Reading(List.of(writes(0, -1, "0", 0)), List.of());
        AtomicLong clock = new AtomicLong(0);
        long epoch = 1_000_000_000_000L;
        PartitionSampler sampler = new PartitionSampler(scripted(reading), "t", clock::get, epoch, false);
        for (int second = 1; second <= 10; second++) {
            clock.set(second * 1_000_000_000L);
            sampler.tick();
        }
        // warm-up 2.5 s, measured until 8.5 s: the samples of [3, 4] ... [8, 9] (the one of [2, 3] spans the start)
        List<PartitionSampler.Sample> kept = sampler.samples(epoch + 2_500_000_000L, epoch + 8_500_000_000L);
        assertEquals(6, kept.size());
        assertEquals(1.5, kept.getFirst().second(), 1e-9);
        assertEquals(6.5, kept.getLast().second(), 1e-9);
        assertEquals(10, sampler.samples().size());
        sampler.close();
    }

    @Test
    void closingLetsAReadInFlightFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        var reading = new PartitionSampler.Reading(List.of(writes(0, -1, "0", 0)), List.of());
        PartitionSampler.Source slow = table -> {
            if (reads.incrementAndGet() == 2) { // the timer's first read
                entered.countDown();
                try {
                    if (!release.await(20, TimeUnit.SECONDS)) {
                        throw new IOException("never released");
                    }
                } catch (InterruptedException e) {
                    throw new IOException("interrupted", e);
                }
            }
            return reading;
        };
        PartitionSampler sampler = new PartitionSampler(slow, "t");
        assertTrue(entered.await(20, TimeUnit.SECONDS));
        Thread closer = new Thread(sampler::close);
        closer.start();
        // release the read once close waits for it (shutdownNow would have interrupted it by then)
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) {
            Thread.onSpinWait();
        }
        release.countDown();
        closer.join(20_000);
        assertNull(sampler.error());
        assertTrue(sampler.samples().size() >= 2, "the timer's sample and the last");
    }
}
