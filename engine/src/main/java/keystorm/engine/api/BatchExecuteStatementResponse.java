package keystorm.engine.api;

import java.util.List;

public record BatchExecuteStatementResponse(List<BatchStatementResponse> responses,
                                            List<ConsumedCapacity> consumedCapacity) {
    public BatchExecuteStatementResponse {
        responses = List.copyOf(responses);
        consumedCapacity = consumedCapacity == null ? List.of() : List.copyOf(consumedCapacity);
    }
}
