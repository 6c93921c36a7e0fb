package keystorm.gatling;

import java.util.ArrayList;
import java.util.List;
import keystorm.workloads.bench.BenchKey;
import keystorm.workloads.bench.KeyStrategy;

/**
 * Where the load phase puts the table's {@code count} items and so where the simulations find them.
 * Item {@code r} (0 &le; r &lt; count) has the sort key {@code item<r>} and belongs to the logical key
 * {@code <prefix><r mod logicalKeys>}; the strategy places it, with the cycle {@code r} and time 0,
 * so its home is a pure function of {@code r}. YCSB has one item per logical key
 * ({@code logicalKeys == count}); the hot-key simulation many.
 */
public record Records(int count, int logicalKeys, String prefix, KeyStrategy strategy) {
    public Records {
        if (count < 1 || logicalKeys < 1 || logicalKeys > count) {
            throw new IllegalArgumentException("records (" + count + ") must be at least 1 and at least the logical keys ("
                    + logicalKeys + ")");
        }
    }

    public String logicalKey(int logical) {
        if (logical < 0 || logical >= logicalKeys) {
            throw new IllegalArgumentException("no logical key " + logical + " of " + logicalKeys);
        }
        return prefix + logical;
    }

    public String itemId(int record) {
        check(record);
        return "item" + record;
    }

    /** The key the load phase wrote item {@code record} under, and that updates go to. */
    public BenchKey home(int record) {
        String itemId = itemId(record);
        return new BenchKey(strategy.writeKey(logicalKey(record % logicalKeys), itemId, record, 0), itemId);
    }

    /** The keys a point read of item {@code record} must ask for: its home, or every shard it may be in. */
    public List<BenchKey> readKeys(int record) {
        String itemId = itemId(record);
        List<String> partitionKeys = strategy.pointReadKeys(logicalKey(record % logicalKeys), itemId, 0);
        List<BenchKey> keys = new ArrayList<>(partitionKeys.size());
        for (String pk : partitionKeys) {
            keys.add(new BenchKey(pk, itemId));
        }
        return keys;
    }

    /** Items of logical key {@code logical}. */
    public int itemsOf(int logical) {
        logicalKey(logical);
        return count / logicalKeys + (logical < count % logicalKeys ? 1 : 0);
    }

    /** The {@code nth} item of logical key {@code logical}. */
    public int record(int logical, int nth) {
        if (nth < 0 || nth >= itemsOf(logical)) {
            throw new IllegalArgumentException("logical key " + logical + " has no item " + nth);
        }
        return logical + logicalKeys * nth;
    }

    private void check(int record) {
        if (record < 0 || record >= count) {
            throw new IllegalArgumentException("no record " + record + " of " + count);
        }
    }
}
