package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;

/**
 * The size of an item collection after a write (ReturnItemCollectionMetrics SIZE, in a table with local
 * secondary indexes): its partition-key value ({@code ItemCollectionKey}) and an estimate of its size in
 * gigabytes, as a lower and an upper bound ({@code SizeEstimateRangeGB}); keystorm knows the exact bytes
 * and answers the whole gigabytes on either side of them.
 */
public record ItemCollectionMetrics(Map<String, AttributeValue> itemCollectionKey, double lowerGB, double upperGB) {
    public ItemCollectionMetrics {
        itemCollectionKey = Map.copyOf(itemCollectionKey);
    }

    /** The estimate for a collection of {@code bytes}. */
    public static ItemCollectionMetrics of(String hashKeyName, AttributeValue hashKey, long bytes) {
        double lower = Math.floor(bytes / (double) (1L << 30));
        return new ItemCollectionMetrics(Map.of(hashKeyName, hashKey), lower, lower + 1);
    }
}
