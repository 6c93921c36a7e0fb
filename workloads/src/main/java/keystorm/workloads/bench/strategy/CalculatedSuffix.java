package keystorm.workloads.bench.strategy;

import java.util.List;
import keystorm.workloads.bench.KeyStrategy;

/**
 * {@code calculated:N}, DynamoDB's "sharding using calculated suffixes": the suffix is computed
 * from the item id (a stable hash of it, mod N), so writes of many items spread over N keys as a
 * random suffix does, while a point read recomputes the suffix and asks one key. A group read of
 * the logical key still asks all N. Items of one id always share a key, so a single hot item is
 * not spread at all: the strategy spreads many items, not one.
 */
public record CalculatedSuffix(int shards) implements KeyStrategy {
    private static final long SALT = 0x2b7e151628aed2a6L;

    public CalculatedSuffix {
        StrategySpec.checkShards("calculated", shards);
    }

    /** The shard item {@code itemId} is written to. */
    public int shardOf(String itemId) {
        return StableHash.below(StableHash.of(itemId, SALT), shards);
    }

    @Override
    public String writeKey(String logicalKey, String itemId, long cycle, long timeMillis) {
        return logicalKey + "#" + shardOf(itemId);
    }

    @Override
    public List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis) {
        return List.of(logicalKey + "#" + shardOf(itemId));
    }

    @Override
    public List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis) {
        TimeBucket.checkWindow(fromMillis, toMillis);
        return RandomSuffix.allShards(logicalKey, shards);
    }

    @Override
    public ReadCost readCost(long windowMillis) {
        return new ReadCost(1, shards);
    }

    @Override
    public String spec() {
        return "calculated:" + shards;
    }

    @Override
    public String toString() {
        return spec();
    }
}
