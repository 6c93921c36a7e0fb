package keystorm.checker.elle;

import java.util.List;
import keystorm.checker.graph.Digraph;

/**
 * What a datatype's analysis infers from a history: the transactions, the dependency graph
 * over them, the anomalies visible without a cycle (aborted reads, internal inconsistencies...),
 * how to explain any edge, and, if a precondition of the analysis did not hold, why (the
 * verdict is then unknown).
 */
public record Inference(List<Txn> txns, Digraph graph, List<Anomaly> anomalies, EdgeExplainer explainer,
                        String unknownReason) {
    /** Says why there is an edge of a type between two transactions, in words. */
    public interface EdgeExplainer {
        String explain(Txn from, Txn to, Dependency type);
    }

    public Inference {
        anomalies = List.copyOf(anomalies);
    }
}
