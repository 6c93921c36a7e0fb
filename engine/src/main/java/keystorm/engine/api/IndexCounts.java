package keystorm.engine.api;

/**
 * What DescribeTable reports of one secondary index's data: its ItemCount and IndexSizeBytes.
 * {@link #NONE} (zero of both) stands for an index whose data is not counted.
 */
public record IndexCounts(long itemCount, long sizeBytes) {
    public static final IndexCounts NONE = new IndexCounts(0, 0);

    public IndexCounts {
        if (itemCount < 0 || sizeBytes < 0) {
            throw new IllegalArgumentException("negative index counts: items " + itemCount + ", bytes " + sizeBytes);
        }
    }
}
