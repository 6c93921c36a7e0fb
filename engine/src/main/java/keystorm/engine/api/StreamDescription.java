package keystorm.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * What DescribeStream answers: the stream, its key schema and one page of its shards
 * ({@code lastEvaluatedShardId} null on the last page).
 */
public record StreamDescription(String streamArn, String streamLabel, StreamStatus streamStatus,
                                StreamViewType streamViewType, Instant creationRequestDateTime, String tableName,
                                List<KeySchemaElement> keySchema, List<Shard> shards, String lastEvaluatedShardId) {
    public StreamDescription {
        keySchema = List.copyOf(keySchema);
        shards = List.copyOf(shards);
    }
}
