package keystorm.engine.api;

import java.time.Instant;

/**
 * What DescribeTable tells of a table's past UpdateTables: the provisioned throughput decreases of the
 * current UTC day, the last increase and decrease (null if none), and the last switch to PAY_PER_REQUEST
 * (null if none: for a table created on demand, its creation).
 */
public record ThroughputHistory(int numberOfDecreasesToday, Instant lastIncreaseDateTime,
                                Instant lastDecreaseDateTime, Instant lastUpdateToPayPerRequestDateTime) {
    public static final ThroughputHistory NONE = new ThroughputHistory(0, null, null, null);
}
