package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** The cycles of each workload follow its proportions, and each operation sends the requests it should. */
class BenchWorkloadProperties {
    private static final int CYCLES = 4_000;
    private static final int RECORDS = 1_000;

    @Provide
    Arbitrary<String> workloads() {
        return Arbitraries.of(BenchWorkload.names());
    }

    @Property(tries = 30)
    void cyclesFollowTheProportions(@ForAll("workloads") String name, @ForAll long seed,
                                    @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long firstCycle) {
        BenchWorkload workload = BenchWorkload.builtIn(name);
        RecordingClient client = new RecordingClient();
        BenchCycles cycles = cycles(workload, seed, client, new RequestTally());
        Map<BenchWorkload.Op, Integer> counts = new EnumMap<>(BenchWorkload.Op.class);
        for (long cycle = firstCycle; cycle < firstCycle + CYCLES; cycle++) {
            int before = client.requests.size();
            var started = cycles.start(cycle, 0);
            BenchWorkload.Op op = workload.operations().get(started.op());
            assertEquals(op, cycles.operation(cycle), "the same cycle is the same operation");
            counts.merge(op, 1, Integer::sum);
            assertTrue(started.done().isDone());
            var sent = client.requests.subList(before, client.requests.size());
            switch (op) {
                case READ -> assertTrue(sent.size() == 1 && sent.getFirst() instanceof BenchRequest.Get, sent.toString());
                case UPDATE -> assertTrue(sent.size() == 1 && sent.getFirst() instanceof BenchRequest.Update, sent.toString());
                case INSERT -> assertTrue(sent.size() == 1 && sent.getFirst() instanceof BenchRequest.Put, sent.toString());
                case SCAN -> assertTrue(sent.size() == 1 && sent.getFirst() instanceof BenchRequest.Scan s
                        && s.limit() >= 1 && s.limit() <= workload.maxScanLength(), sent.toString());
                case READ_MODIFY_WRITE -> assertTrue(sent.size() == 2 && sent.get(0) instanceof BenchRequest.Get
                        && sent.get(1) instanceof BenchRequest.Update, sent.toString());
            }
        }
        for (BenchWorkload.Op op : BenchWorkload.Op.values()) {
            double p = workload.share(op);
            int count = counts.getOrDefault(op, 0);
            double sigma = Math.sqrt(CYCLES * p * (1 - p));
            // five standard deviations of the binomial: a correct mix fails about once in 3.5 million
            assertTrue(Math.abs(count - CYCLES * p) <= 5 * sigma + 1e-9,
                    name + ": " + op + " " + count + " of " + CYCLES + ", expected " + CYCLES * p);
        }
    }

    static BenchCycles cycles(BenchWorkload workload, long seed, BenchClient client, RequestTally tally) {
        return cycles(workload, KeyStrategy.NATURAL, seed, client, tally);
    }

    static BenchCycles cycles(BenchWorkload workload, KeyStrategy strategy, long seed, BenchClient client, RequestTally tally) {
        return new BenchCycles(new BenchCycles.Setup("bench-t", workload, ItemShape.ofBytes(10, 1000), strategy,
                count -> BenchRun.distribution(workload.requestDistribution(), RECORDS, count), RECORDS, seed, 0, 1, client, tally,
                new KeyContributors(0, 10), 0, () -> 1_000L, () -> 0L));
    }
}
