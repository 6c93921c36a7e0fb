package keystorm.workloads.bench;

import java.util.List;
import keystorm.workloads.bench.strategy.Natural;
import keystorm.workloads.bench.strategy.StrategySpec;

/**
 * A partition-key design: where a logical record's items go, and what a reader must therefore
 * ask for. A logical record is a logical partition key (a user, a date, a device) and an item id
 * (the sort key). A strategy maps it to the physical partition key it is written under; a point
 * read of one item, or a read of every item of a logical key, names the physical keys it must
 * look under (one for a natural or calculated key, N for a random suffix: N requests and a merge).
 *
 * <p>Strategies are pure values (records, equal when their specs are): the same record, cycle and
 * time give the same key. They are written as specs and composed with {@code +}; see
 * {@link #parse} and the package {@code keystorm.workloads.bench.strategy}, after DynamoDB's
 * "Using write sharding to distribute workloads evenly" (random and calculated suffixes).
 */
public interface KeyStrategy {
    /** Shards of one suffix, and the product of a composition's shard counts, at most. */
    int SHARDS_MAX = 1_000;

    /** Keys one read may name (a group read over many time buckets is refused beyond it). */
    int READ_KEYS_MAX = 10_000;

    /**
     * The physical partition key a write of item {@code itemId} of {@code logicalKey} goes to;
     * {@code cycle} is the operation's number (a random suffix draws from it, so a run is
     * repeatable), {@code timeMillis} when the item is written (a time bucket uses it).
     */
    String writeKey(String logicalKey, String itemId, long cycle, long timeMillis);

    /** The partition keys a point read of an item written at {@code writtenMillis} must look under. */
    List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis);

    /**
     * The partition keys that hold the items of {@code logicalKey} written in [fromMillis, toMillis].
     *
     * @throws IllegalArgumentException if {@code fromMillis > toMillis} or the read would name more
     *                                  than {@link #READ_KEYS_MAX} keys
     */
    List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis);

    /** What reads pay under this strategy, for a group read over a window {@code windowMillis} long. */
    ReadCost readCost(long windowMillis);

    /** The spec it was parsed from, in canonical form: {@code natural}, {@code time:3600+suffix:10}. */
    String spec();

    /**
     * Requests a read makes under a strategy ("reads pay what the strategy costs them"): a point
     * read of one item, and at most a group read of one logical key over a window (the window's
     * alignment to time buckets decides between the most and one fewer bucket).
     */
    record ReadCost(int pointReadRequests, long groupReadRequestsMax) {
        public ReadCost {
            if (pointReadRequests < 1 || groupReadRequestsMax < pointReadRequests) {
                throw new IllegalArgumentException("a read costs at least one request, a group read at least as many "
                        + "as a point read: " + pointReadRequests + ", " + groupReadRequestsMax);
            }
        }

        /** The cost of reading through this strategy and then through {@code next} (a composition). */
        public ReadCost then(ReadCost next) {
            return new ReadCost(Math.multiplyExact(pointReadRequests, next.pointReadRequests),
                    Math.multiplyExact(groupReadRequestsMax, next.groupReadRequestsMax));
        }
    }

    /** The natural key: the logical key itself. */
    KeyStrategy NATURAL = new Natural();

    /**
     * A strategy from its spec: {@code natural}, {@code suffix:N}, {@code calculated:N},
     * {@code time:SECONDS}, {@code composite:N}, or stages joined by {@code +} and applied in order
     * ({@code time:3600+calculated:10}: an hour bucket, then a calculated suffix).
     *
     * @throws IllegalArgumentException with one line naming the bad part of {@code spec}
     */
    static KeyStrategy parse(String spec) {
        return StrategySpec.parse(spec);
    }
}
