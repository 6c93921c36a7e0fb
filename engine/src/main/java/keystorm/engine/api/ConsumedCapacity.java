package keystorm.engine.api;

import java.util.Map;

/**
 * Capacity a request consumed on one table (ReturnConsumedCapacity TOTAL). With INDEXES, a read of
 * an index also gives its parts: {@code tableUnits} spent on the table itself, and the units of each
 * index read, by name ({@code globalSecondaryIndexes}, {@code localSecondaryIndexes}); all three are
 * null when the parts were not asked for (then the table's part is the whole).
 */
public record ConsumedCapacity(String tableName, double capacityUnits, double readCapacityUnits,
                               double writeCapacityUnits, Double tableUnits, Map<String, Double> globalSecondaryIndexes,
                               Map<String, Double> localSecondaryIndexes) {
    public ConsumedCapacity {
        globalSecondaryIndexes = globalSecondaryIndexes == null ? null : Map.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = localSecondaryIndexes == null ? null : Map.copyOf(localSecondaryIndexes);
    }

    /** Capacity without a breakdown by index. */
    public ConsumedCapacity(String tableName, double capacityUnits, double readCapacityUnits,
                            double writeCapacityUnits) {
        this(tableName, capacityUnits, readCapacityUnits, writeCapacityUnits, null, null, null);
    }

    public static ConsumedCapacity read(String tableName, double units) {
        return new ConsumedCapacity(tableName, units, units, 0);
    }

    public static ConsumedCapacity write(String tableName, double units) {
        return new ConsumedCapacity(tableName, units, 0, units);
    }

    /** This capacity with its parts: the table's and each index's. */
    public ConsumedCapacity withParts(double tableUnits, Map<String, Double> globalSecondaryIndexes,
                                      Map<String, Double> localSecondaryIndexes) {
        return new ConsumedCapacity(tableName, capacityUnits, readCapacityUnits, writeCapacityUnits, tableUnits,
                globalSecondaryIndexes, localSecondaryIndexes);
    }

    /** The sum of two (the parts are dropped: a sum over several requests gives the total only). */
    public ConsumedCapacity plus(ConsumedCapacity other) {
        return new ConsumedCapacity(tableName, capacityUnits + other.capacityUnits,
                readCapacityUnits + other.readCapacityUnits, writeCapacityUnits + other.writeCapacityUnits);
    }
}
