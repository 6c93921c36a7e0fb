package keystorm.workloads.bench;

/**
 * A physical key of the bench's table: the partition key {@code pk} and the sort key {@code sk},
 * both strings. A strategy ({@link KeyStrategy}) decides the partition key of a logical record;
 * the sort key is the record's item id.
 */
public record BenchKey(String pk, String sk) {
    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";

    public BenchKey {
        if (pk == null || pk.isEmpty() || sk == null || sk.isEmpty()) {
            throw new IllegalArgumentException("a bench key has a non-empty pk and sk: " + pk + ", " + sk);
        }
    }
}
