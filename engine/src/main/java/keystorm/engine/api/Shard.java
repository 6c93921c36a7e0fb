package keystorm.engine.api;

/** One shard of a stream: {@code parentShardId} is null for a shard of the stream's first partitions. */
public record Shard(String shardId, SequenceNumberRange sequenceNumberRange, String parentShardId) {
}
