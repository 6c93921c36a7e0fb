package keystorm.workloads.bench.load;

/**
 * How the load generator offers load.
 *
 * @param rate         operations a second offered, in all shards together (0: as fast as they
 *                     complete, closed-loop, for a load phase or a saturation probe)
 * @param warmupNanos  offered load before the measured phase, not recorded
 * @param durationNanos the measured phase
 * @param senders      threads that start cycles (a synchronous client runs that many at once)
 * @param inFlightMax  cycles started and not completed, at most (a pipelined client's bound);
 *                     a cycle due while at the bound waits, and its wait counts in its latency
 * @param shardIndex   this shard, in [0, shardCount)
 * @param shardCount   load machines sharing the offered load: shard i runs cycles i, i+N, ...
 * @param intervalNanos the length of one interval of the interval histograms (1 s by default)
 * @param cycleLimit   cycles in all, at most (0: none; a load phase writes exactly its records)
 */
public record LoadConfig(double rate, long warmupNanos, long durationNanos, int senders, int inFlightMax,
                         int shardIndex, int shardCount, long intervalNanos, long cycleLimit) {
    public LoadConfig {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("the rate is operations a second, at least 0: " + rate);
        }
        if (warmupNanos < 0 || durationNanos <= 0 && cycleLimit <= 0) {
            throw new IllegalArgumentException("a load runs for a positive duration or a number of cycles");
        }
        if (senders < 1 || inFlightMax < 1) {
            throw new IllegalArgumentException("at least one sender and one cycle in flight");
        }
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
            throw new IllegalArgumentException("shard " + shardIndex + " of " + shardCount);
        }
        if (intervalNanos <= 0 || cycleLimit < 0) {
            throw new IllegalArgumentException("interval and cycle limit");
        }
    }
}
