package keystorm.engine.api;

/** GetRecords; {@code limit} null means DynamoDB's default and maximum, 1,000 records. */
public record GetRecordsRequest(String shardIterator, Integer limit) {
}
