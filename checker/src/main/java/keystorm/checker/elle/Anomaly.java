package keystorm.checker.elle;

import java.util.List;

/**
 * One anomaly found, as data: its type (named exactly as Elle writes it), the transactions involved,
 * and, for a cycle, its steps; {@link #explanation()} is the same in words for a person.
 *
 * @param cycle for a cycle anomaly, its edges in order (the last leads back to the first
 *     transaction); empty otherwise
 */
public record Anomaly(AnomalyType type, List<Txn> txns, List<Step> cycle, String explanation) {
    /** One edge of a cycle: from this transaction, by this dependency, to the next, because... */
    public record Step(Txn from, Txn to, Dependency type, String because) {
    }

    public Anomaly {
        java.util.Objects.requireNonNull(type, "type");
        txns = List.copyOf(txns);
        cycle = List.copyOf(cycle);
    }
}
