package keystorm.engine.api;

/** Capacity a request consumed on one table (ReturnConsumedCapacity TOTAL). */
public record ConsumedCapacity(String tableName, double capacityUnits, double readCapacityUnits,
                               double writeCapacityUnits) {
    public static ConsumedCapacity read(String tableName, double units) {
        return new ConsumedCapacity(tableName, units, units, 0);
    }

    public static ConsumedCapacity write(String tableName, double units) {
        return new ConsumedCapacity(tableName, units, 0, units);
    }

    public ConsumedCapacity plus(ConsumedCapacity other) {
        return new ConsumedCapacity(tableName, capacityUnits + other.capacityUnits,
                readCapacityUnits + other.readCapacityUnits, writeCapacityUnits + other.writeCapacityUnits);
    }
}
