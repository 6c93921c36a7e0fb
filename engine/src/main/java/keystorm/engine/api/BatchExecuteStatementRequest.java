package keystorm.engine.api;

import java.util.List;

/** BatchExecuteStatement: up to 25 statements, all reads or all writes. */
public record BatchExecuteStatementRequest(List<BatchStatementRequest> statements,
                                           ReturnConsumedCapacity returnConsumedCapacity) {
    public BatchExecuteStatementRequest {
        statements = statements == null ? List.of() : List.copyOf(statements);
    }
}
