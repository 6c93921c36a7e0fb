package keystorm.workloads.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import keystorm.workloads.bench.BenchOutcome;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Shards split a load's cycles without overlap or gap, open or closed, whatever the senders. */
class ShardProperties {
    private static final CompletableFuture<BenchOutcome> OK = CompletableFuture.completedFuture(BenchOutcome.ok(0, 1, 0));

    @Property(tries = 25)
    void shardsPartitionTheCyclesExactly(@ForAll @IntRange(min = 1, max = 4) int shardCount,
                                         @ForAll @IntRange(min = 1, max = 3) int senders,
                                         @ForAll @LongRange(min = 1, max = 400) long cycleLimit,
                                         @ForAll boolean open) {
        BitSet seen = new BitSet();
        long measured = 0;
        for (int shard = 0; shard < shardCount; shard++) {
            ConcurrentLinkedQueue<Long> cycles = new ConcurrentLinkedQueue<>();
            CycleSource source = new CycleSource() {
                public List<String> operations() {
                    return List.of("insert");
                }

                public Started start(long cycle, long intendedNanos) {
                    cycles.add(cycle);
                    return new Started(0, OK);
                }
            };
            LoadConfig config = new LoadConfig(open ? 1_000_000 : 0, 0, 0, senders, senders, shard, shardCount,
                    50_000_000, cycleLimit);
            LoadResult result = OpenLoop.run(config, source);
            for (long cycle : cycles) {
                assertEquals(shard, cycle % shardCount, "cycle " + cycle + " ran in shard " + shard);
                assertTrue(cycle < cycleLimit, "cycle " + cycle + " is past the limit");
                assertTrue(!seen.get((int) cycle), "cycle " + cycle + " ran twice");
                seen.set((int) cycle);
            }
            assertEquals(cycles.size(), result.cyclesStarted());
            assertEquals(cycles.size(), result.cyclesDue());
            assertEquals(cycles.size(), result.count(BenchOutcome.Kind.OK));
            measured += result.cyclesCompleted();
        }
        assertEquals(cycleLimit, seen.cardinality(), "every cycle below the limit ran");
        assertEquals(cycleLimit, measured);
    }
}
