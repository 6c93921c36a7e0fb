package keystorm.workloads.bench.strategy;

import java.util.List;
import keystorm.workloads.bench.KeyStrategy;

/**
 * {@code composite:N}: the logical key joined with a second attribute of the record that takes N
 * values, as a user's {@code customerId#region} design. The bench's items carry that attribute,
 * {@link #ATTRIBUTE} = {@link #category}(itemId, N), and the key is {@code logicalKey#category}.
 *
 * <p>Cost-wise it is a calculated suffix: a point read knows the item's category and asks one key,
 * a read of the whole logical key asks all N. The difference is whose value the suffix is. A
 * calculated suffix is a hash the application invents for spreading, uniform by construction and
 * meaningless to a query. A composite key's second part is data: a query for one customer in one
 * region is a single request (here: a group read restricted to one category, which the bench does
 * not issue), and the spread is the data's, so a skewed attribute (most orders from one region)
 * leaves a hot key. In the bench the category is a stable hash of the item id, hence uniform: the
 * bench measures the design's best case and says so.
 */
public record CompositeKey(int values) implements KeyStrategy {
    /** The name of the attribute bench items carry for this strategy. */
    public static final String ATTRIBUTE = "category";

    private static final long SALT = 0x3c6ef372fe94f82bL;

    public CompositeKey {
        StrategySpec.checkShards("composite", values);
    }

    /** The bench's {@code category} of item {@code itemId}: a stable function of the id in [0, values). */
    public static int category(String itemId, int values) {
        return StableHash.below(StableHash.of(itemId, SALT), values);
    }

    @Override
    public String writeKey(String logicalKey, String itemId, long cycle, long timeMillis) {
        return logicalKey + "#" + category(itemId, values);
    }

    @Override
    public List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis) {
        return List.of(logicalKey + "#" + category(itemId, values));
    }

    @Override
    public List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis) {
        TimeBucket.checkWindow(fromMillis, toMillis);
        return RandomSuffix.allShards(logicalKey, values);
    }

    @Override
    public ReadCost readCost(long windowMillis) {
        return new ReadCost(1, values);
    }

    @Override
    public String spec() {
        return "composite:" + values;
    }

    @Override
    public String toString() {
        return spec();
    }
}
