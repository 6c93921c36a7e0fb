package keystorm.engine.api;

/** GetShardIterator; {@code sequenceNumber} only with AT_ or AFTER_SEQUENCE_NUMBER (null otherwise). */
public record GetShardIteratorRequest(String streamArn, String shardId, ShardIteratorType shardIteratorType,
                                      String sequenceNumber) {
}
