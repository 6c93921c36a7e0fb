package keystorm.checker.elle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import keystorm.checker.Checker;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.op.TxnOp;

/**
 * Elle's transactional consistency checker (Kingsbury and Alvaro, "Elle: Inferring Isolation
 * Anomalies from Experimental Observations", VLDB 2020), for list-append and rw-register
 * histories: infer a dependency graph from what transactions wrote and read, find its cycles,
 * name them, and judge them against a consistency model (strict-serializable by default).
 *
 * <p>The pipeline, as in Elle: transactions from the history; the datatype's inference (version
 * orders, ww/wr/rw edges, the anomalies that need no cycle); process and realtime edges when the
 * model speaks of them; cycles by strongly connected component; then the model's verdict. A
 * precondition the inference needs (unique writes) that does not hold gives UNKNOWN with the
 * reason, as does a cycle search cut short by its bounds when nothing invalid was found.
 */
public final class ElleChecker implements Checker {
    public static final ConsistencyModel DEFAULT_MODEL = ConsistencyModel.STRICT_SERIALIZABLE;

    private final TxnOp.Kind kind;
    private final ConsistencyModel model;

    public ElleChecker(CheckerOptions options, TxnOp.Kind kind) {
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.model = options.consistencyModel() == null ? DEFAULT_MODEL : options.consistencyModel();
    }

    public String checkerName() {
        return switch (kind) {
            case LIST_APPEND -> "elle-list-append";
            case RW_REGISTER -> "elle-rw-register";
        };
    }

    @Override
    public ElleResult check(History history) {
        List<Txn> txns;
        try {
            txns = Transactions.of(history, kind);
        } catch (IllegalArgumentException e) {
            return ElleResult.unknown(checkerName(), model, 0, e.getMessage());
        }
        Set<AnomalyType> forbidden = ConsistencyModels.forbidden(model);
        boolean process = forbidden.stream().anyMatch(a -> a.level() == AnomalyType.Level.PROCESS);
        boolean realtime = forbidden.stream().anyMatch(a -> a.level() == AnomalyType.Level.REALTIME);
        Inference inference = switch (kind) {
            case LIST_APPEND -> ListAppendInference.infer(txns, process, realtime);
            case RW_REGISTER -> RwRegisterInference.infer(txns, process, realtime);
        };
        if (inference.unknownReason() != null) {
            return ElleResult.unknown(checkerName(), model, txns.size(), inference.unknownReason());
        }
        CycleAnomalies.Found cycles = CycleAnomalies.find(inference, forbidden, process, realtime);
        List<Anomaly> anomalies = new ArrayList<>(inference.anomalies());
        anomalies.addAll(cycles.anomalies());
        Set<AnomalyType> names = EnumSet.noneOf(AnomalyType.class);
        anomalies.forEach(a -> names.add(a.type()));
        boolean violates = !ConsistencyModels.allows(model, names);
        Validity validity = violates ? Validity.INVALID : cycles.incomplete() ? Validity.UNKNOWN : Validity.VALID;
        String reason = validity == Validity.UNKNOWN
                ? "the cycle search reached its bounds before it could rule every cycle out" : null;
        return new ElleResult(checkerName(), model, validity, txns.size(), anomalies,
                ConsistencyModels.weakestViolated(names), ConsistencyModels.strongestPossible(names), reason);
    }
}
