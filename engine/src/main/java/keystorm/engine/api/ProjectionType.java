package keystorm.engine.api;

/** Which attributes a secondary index holds besides the keys (DynamoDB's Projection.ProjectionType). */
public enum ProjectionType {
    /** The table's and the index's key attributes only. */
    KEYS_ONLY,
    /** The keys and the attributes listed in NonKeyAttributes. */
    INCLUDE,
    /** Every attribute of the item. */
    ALL
}
