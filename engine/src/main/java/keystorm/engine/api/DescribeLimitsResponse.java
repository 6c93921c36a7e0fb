package keystorm.engine.api;

/**
 * DescribeLimits: the most read and write capacity units one account may provision over all its
 * tables and indexes in a Region, and the most one table (with its indexes) may have.
 */
public record DescribeLimitsResponse(long accountMaxReadCapacityUnits, long accountMaxWriteCapacityUnits,
                                     long tableMaxReadCapacityUnits, long tableMaxWriteCapacityUnits) {
}
