package keystorm.engine.api;

import java.util.List;

/** {@code lastEvaluatedStreamArn} is null on the last page. */
public record ListStreamsResponse(List<StreamSummary> streams, String lastEvaluatedStreamArn) {
    public ListStreamsResponse {
        streams = List.copyOf(streams);
    }
}
