package keystorm.engine.api;

import java.util.List;

/**
 * ExecuteTransaction: up to 100 statements, all reads (as TransactGetItems) or all writes (as
 * TransactWriteItems, with its ClientRequestToken and TransactionCanceledException).
 */
public record ExecuteTransactionRequest(List<ParameterizedStatement> transactStatements, String clientRequestToken,
                                        ReturnConsumedCapacity returnConsumedCapacity) {
    public ExecuteTransactionRequest {
        transactStatements = transactStatements == null ? List.of() : List.copyOf(transactStatements);
    }
}
