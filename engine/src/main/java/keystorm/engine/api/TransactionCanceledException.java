package keystorm.engine.api;

import java.util.List;
import java.util.stream.Collectors;

/** A transaction was cancelled; one reason per action, in request order. */
public final class TransactionCanceledException extends DynamoException {
    private final transient List<CancellationReason> reasons;

    public TransactionCanceledException(List<CancellationReason> reasons) {
        super(ErrorType.TransactionCanceledException, "Transaction cancelled, please refer cancellation reasons for "
                + "specific reasons " + reasons.stream().map(CancellationReason::code)
                .collect(Collectors.joining(", ", "[", "]")));
        this.reasons = List.copyOf(reasons);
    }

    public List<CancellationReason> reasons() {
        return reasons;
    }
}
