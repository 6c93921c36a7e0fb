package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** ycsb-d's {@code latest}: reads fall below the contiguous prefix of answered inserts; gaps are counted as not found. */
class LatestReadsTest {
    @Property(tries = 200)
    void thePrefixIsTheFirstNumberNotYetAnswered(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 1000) Integer> keys) {
        // the answer order: the numbers 0..n-1 sorted by the generated keys
        int n = keys.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(keys.get(a), keys.get(b)));
        BenchCycles.AcknowledgedWindow window = new BenchCycles.AcknowledgedWindow();
        Set<Integer> answered = new java.util.HashSet<>();
        for (int number : order) {
            window.acknowledge(number);
            answered.add(number);
            int expected = 0;
            while (answered.contains(expected)) {
                expected++;
            }
            assertEquals(expected, window.prefix());
        }
    }

    @Test
    void threadsAnsweringAtOnceLeaveThePrefixAtTheEnd() throws Exception {
        BenchCycles.AcknowledgedWindow window = new BenchCycles.AcknowledgedWindow();
        int threads = 4;
        int each = 50_000;
        // as the load generator's senders: each takes the next number and answers it (a thread
        // descheduled between the two leaves a number unanswered while the others run far ahead)
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    window.acknowledge(next.getAndIncrement());
                }
            });
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join();
        }
        assertEquals((long) threads * each, window.prefix());
    }

    /**
     * One insert stalled (a request held for seconds by a fault) while 200,000 later ones are
     * answered: the prefix waits at it, then passes them all once it is answered. (The lock-free
     * ring this replaced held 65,536 numbers and threw past them, failing the insert.)
     */
    @Test
    void aStalledInsertHoldsThePrefixHoweverFarTheOthersRun() {
        BenchCycles.AcknowledgedWindow window = new BenchCycles.AcknowledgedWindow();
        window.acknowledge(0);
        for (long n = 2; n <= 200_001; n++) {
            window.acknowledge(n);
        }
        assertEquals(1, window.prefix());
        window.acknowledge(1);
        assertEquals(200_002, window.prefix());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> window.acknowledge(5));
    }

    /** Answers gets from what it stored; holds puts until told, and throttles every fourth. */
    static final class HoldingClient implements BenchClient {
        final Set<String> stored = ConcurrentHashMap.newKeySet();
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        final Set<String> throttled = ConcurrentHashMap.newKeySet();
        final List<Runnable> held = new ArrayList<>();
        int puts;
        long getsOfInFlight;
        long getsOfGaps;

        @Override
        public CompletableFuture<BenchOutcome> execute(BenchRequest request) {
            switch (request) {
                case BenchRequest.Get get -> {
                    String pk = get.key().pk();
                    int record = Integer.parseInt(pk.substring("user".length()));
                    if (record >= RECORDS && !answered.contains(pk)) {
                        getsOfInFlight++;
                    }
                    if (throttled.contains(pk)) {
                        getsOfGaps++;
                    }
                    return CompletableFuture.completedFuture(BenchOutcome.ok(0.5, 0, stored.contains(pk) ? 1 : 0));
                }
                case BenchRequest.Put put -> {
                    String pk = put.key().pk();
                    boolean throttle = puts++ % 4 == 3;
                    CompletableFuture<BenchOutcome> future = new CompletableFuture<>();
                    held.add(() -> {
                        if (throttle) {
                            throttled.add(pk);
                        } else {
                            stored.add(pk);
                        }
                        answered.add(pk);
                        future.complete(throttle ? BenchOutcome.throttled("ThrottlingException") : BenchOutcome.ok(0, 1, 0));
                    });
                    return future;
                }
                default -> throw new AssertionError(request);
            }
        }

        @Override
        public void createTable(String table, TableMode mode) {
        }

        @Override
        public void deleteTable(String table) {
        }

        @Override
        public boolean pipelined() {
            return false;
        }

        @Override
        public String describe() {
            return "holding";
        }

        @Override
        public void close() {
        }

        /** Answers the put sent last. */
        void answerNewest() {
            held.removeLast().run();
        }

        /** Answers the puts held, the last sent first. */
        void answerHeld() {
            List<Runnable> now = new ArrayList<>(held);
            held.clear();
            Collections.reverse(now);
            now.forEach(Runnable::run);
        }
    }

    static final int RECORDS = 20;

    @Test
    void aReadNeverAsksForAnInsertInFlightAndAReadOfAThrottledInsertIsNotFound() {
        HoldingClient client = new HoldingClient();
        for (int record = 0; record < RECORDS; record++) {
            client.stored.add("user" + record);
        }
        RequestTally tally = new RequestTally();
        BenchWorkload workload = BenchWorkload.builtIn("ycsb-d");
        BenchCycles cycles = new BenchCycles(new BenchCycles.Setup("t", workload, ItemShape.ofBytes(10, 100),
                KeyStrategy.NATURAL, count -> BenchRun.distribution("latest", RECORDS, count), RECORDS, 5, 0, 1, client,
                tally, new KeyContributors(0, 10), 0, () -> 0L, () -> 0L));
        List<CompletableFuture<BenchOutcome>> reads = new ArrayList<>();
        for (long cycle = 0; cycle < 20_000; cycle++) {
            var started = cycles.start(cycle, 0);
            if (cycles.operation(cycle) == BenchWorkload.Op.READ) {
                reads.add(started.done());
            }
            if (client.held.size() == 3) {
                client.answerNewest(); // out of order: the older two stay in flight
            }
            if (cycle % 1_000 == 999) {
                client.answerHeld();
            }
        }
        client.answerHeld();
        assertTrue(client.puts > 500, "inserts: " + client.puts);
        assertEquals(0, client.getsOfInFlight, "reads of records whose insert was not answered");
        assertTrue(client.getsOfGaps > 0, "latest reads the newest records, throttled ones among them");
        long notFound = reads.stream().filter(r -> r.join().kind() == BenchOutcome.Kind.OK && r.join().items() == 0).count();
        assertEquals(client.getsOfGaps, notFound);
        assertEquals(notFound, tally.snapshot().notFound().get("read"));
    }
}
