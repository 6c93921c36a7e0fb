package keystorm.engine.api;

/** A shard's first sequence number, and its last once the shard is closed (null while open). */
public record SequenceNumberRange(String startingSequenceNumber, String endingSequenceNumber) {
}
