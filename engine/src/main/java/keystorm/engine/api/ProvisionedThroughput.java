package keystorm.engine.api;

public record ProvisionedThroughput(long readCapacityUnits, long writeCapacityUnits) {
}
