package keystorm.workloads.bench;

import java.util.List;

/**
 * A partition-key design: where a logical record's items go, and what a reader must therefore
 * ask for. A logical record is a logical partition key (a user, a date, a device) and an item id
 * (the sort key). A strategy maps it to the physical partition key it is written under; a point
 * read of one item, or a read of every item of a logical key, names the physical keys it must
 * look under (one for a natural or calculated key, N for a random suffix: N requests and a merge).
 *
 * <p>Strategies are pure values: the same record, cycle and time give the same key.
 */
public interface KeyStrategy {
    /**
     * The physical partition key a write of item {@code itemId} of {@code logicalKey} goes to;
     * {@code cycle} is the operation's number (a random suffix draws from it, so a run is
     * repeatable), {@code timeMillis} when the item is written (a time bucket uses it).
     */
    String writeKey(String logicalKey, String itemId, long cycle, long timeMillis);

    /** The partition keys a point read of an item written at {@code writtenMillis} must look under. */
    List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis);

    /** The partition keys that hold the items of {@code logicalKey} written in [fromMillis, toMillis]. */
    List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis);

    /** The spec it was parsed from: {@code natural}, {@code suffix:10}. */
    String spec();

    /** The natural key: the logical key itself. */
    KeyStrategy NATURAL = new KeyStrategy() {
        @Override
        public String writeKey(String logicalKey, String itemId, long cycle, long timeMillis) {
            return logicalKey;
        }

        @Override
        public List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis) {
            return List.of(logicalKey);
        }

        @Override
        public List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis) {
            return List.of(logicalKey);
        }

        @Override
        public String spec() {
            return "natural";
        }

        @Override
        public String toString() {
            return spec();
        }
    };
}
