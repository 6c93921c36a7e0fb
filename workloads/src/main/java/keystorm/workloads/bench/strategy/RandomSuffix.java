package keystorm.workloads.bench.strategy;

import java.util.ArrayList;
import java.util.List;
import keystorm.workloads.bench.KeyStrategy;

/**
 * {@code suffix:N}, DynamoDB's "sharding using random suffixes": each write goes to
 * {@code logicalKey#s} with {@code s} in [0, N) drawn afresh, so one hot logical key's writes
 * spread over N partition keys, and over as many partitions as those N keys hash to. The price
 * is paid by readers: a writer does not remember {@code s}, so a point read asks all N keys and
 * merges, and so does a group read.
 *
 * <p>"Random" here is a hash of the operation's cycle number, not a random generator's state, so
 * a run repeats and a cycle's key can be recomputed (the suffix depends on the cycle alone).
 * Draws are independent: N shards are not used evenly over N cycles, only in the long run.
 */
public record RandomSuffix(int shards) implements KeyStrategy {
    private static final long SALT = 0x5f1a7e3d2c4b6a19L;

    public RandomSuffix {
        StrategySpec.checkShards("suffix", shards);
    }

    /** The shard cycle {@code cycle} writes to. */
    public int shardOf(long cycle) {
        return StableHash.below(StableHash.ofCounter(cycle, SALT), shards);
    }

    @Override
    public String writeKey(String logicalKey, String itemId, long cycle, long timeMillis) {
        return logicalKey + "#" + shardOf(cycle);
    }

    @Override
    public List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis) {
        return allShards(logicalKey, shards);
    }

    @Override
    public List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis) {
        TimeBucket.checkWindow(fromMillis, toMillis);
        return allShards(logicalKey, shards);
    }

    @Override
    public ReadCost readCost(long windowMillis) {
        return new ReadCost(shards, shards);
    }

    @Override
    public String spec() {
        return "suffix:" + shards;
    }

    @Override
    public String toString() {
        return spec();
    }

    /** {@code key#0} to {@code key#(n-1)}. */
    static List<String> allShards(String key, int n) {
        List<String> keys = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            keys.add(key + "#" + s);
        }
        return List.copyOf(keys);
    }
}
