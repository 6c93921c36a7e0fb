package keystorm.engine.api;

/** ReturnItemCollectionMetrics of a write: SIZE asks for the item collection's size estimate (tables with local indexes). */
public enum ReturnItemCollectionMetrics {
    NONE, SIZE
}
