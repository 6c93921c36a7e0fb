package keystorm.engine.api;

import java.util.List;

/** {@code nextShardIterator} is null once a closed shard has been read to its end. */
public record GetRecordsResponse(List<StreamRecord> records, String nextShardIterator) {
    public GetRecordsResponse {
        records = List.copyOf(records);
    }
}
