package keystorm.engine.api;

/**
 * A global secondary index's IndexStatus in DescribeTable. An index created with its table is
 * ACTIVE with it; CREATING (with Backfilling while existing items are copied in), UPDATING and
 * DELETING come from UpdateTable. Local indexes have no status of their own: they live and die
 * with the table.
 */
public enum IndexStatus { CREATING, UPDATING, DELETING, ACTIVE }
