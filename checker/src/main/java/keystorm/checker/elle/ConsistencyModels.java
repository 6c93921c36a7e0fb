package keystorm.checker.elle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static keystorm.checker.elle.AnomalyType.*;
import static keystorm.checker.elle.ConsistencyModel.*;

/**
 * Which anomalies each consistency model forbids, after Elle's consistency-model namespace
 * (which cites Adya; Adya, Liskov, O'Neil; Bailis et al.; Cerone et al.; Daudjee and Salem):
 * a lattice of models (a stronger model implies the weaker ones), the anomalies each forbids
 * directly, and the anomalies that imply others (G0 implies G1c, G-single implies
 * G-nonadjacent, a process anomaly implies its realtime variant...). A model forbids every
 * anomaly that any model it implies forbids directly, and every anomaly that implies one of
 * those.
 */
public final class ConsistencyModels {
    /** Stronger model to the weaker models it implies. */
    private static final Map<ConsistencyModel, List<ConsistencyModel>> IMPLIES = new EnumMap<>(ConsistencyModel.class);
    /** Model to the anomalies it forbids directly. */
    private static final Map<ConsistencyModel, List<AnomalyType>> FORBIDS = new EnumMap<>(ConsistencyModel.class);
    /** Anomaly to the anomalies it implies. */
    private static final Map<AnomalyType, List<AnomalyType>> IMPLIED_ANOMALIES = new EnumMap<>(AnomalyType.class);

    static {
        IMPLIES.put(STRICT_SERIALIZABLE, List.of(SERIALIZABLE, STRONG_SNAPSHOT_ISOLATION, STRONG_SESSION_SERIALIZABLE));
        IMPLIES.put(STRONG_SESSION_SERIALIZABLE, List.of(SERIALIZABLE, STRONG_SESSION_SNAPSHOT_ISOLATION));
        IMPLIES.put(STRONG_SNAPSHOT_ISOLATION, List.of(STRONG_SESSION_SNAPSHOT_ISOLATION, STRONG_READ_COMMITTED));
        IMPLIES.put(STRONG_SESSION_SNAPSHOT_ISOLATION, List.of(SNAPSHOT_ISOLATION, STRONG_SESSION_READ_COMMITTED));
        IMPLIES.put(SERIALIZABLE, List.of(REPEATABLE_READ, SNAPSHOT_ISOLATION));
        IMPLIES.put(SNAPSHOT_ISOLATION, List.of(MONOTONIC_ATOMIC_VIEW));
        IMPLIES.put(REPEATABLE_READ, List.of(CURSOR_STABILITY, MONOTONIC_ATOMIC_VIEW));
        IMPLIES.put(CURSOR_STABILITY, List.of(READ_COMMITTED));
        IMPLIES.put(MONOTONIC_ATOMIC_VIEW, List.of(READ_COMMITTED));
        IMPLIES.put(STRONG_READ_COMMITTED, List.of(STRONG_SESSION_READ_COMMITTED));
        IMPLIES.put(STRONG_SESSION_READ_COMMITTED, List.of(READ_COMMITTED));
        IMPLIES.put(READ_COMMITTED, List.of(READ_UNCOMMITTED));
        IMPLIES.put(READ_UNCOMMITTED, List.of());

        FORBIDS.put(READ_UNCOMMITTED, List.of(G0, DUPLICATE_ELEMENTS));
        FORBIDS.put(READ_COMMITTED, List.of(G1));
        FORBIDS.put(CURSOR_STABILITY, List.of(G1, LOST_UPDATE));
        FORBIDS.put(MONOTONIC_ATOMIC_VIEW, List.of(G1));
        FORBIDS.put(REPEATABLE_READ, List.of(G1, G2_ITEM, LOST_UPDATE));
        FORBIDS.put(SNAPSHOT_ISOLATION, List.of(INTERNAL, G1, G_NONADJACENT));
        FORBIDS.put(SERIALIZABLE, List.of(INTERNAL, G1, G2));
        FORBIDS.put(STRONG_SESSION_READ_COMMITTED, List.of(G1C_PROCESS));
        FORBIDS.put(STRONG_READ_COMMITTED, List.of(G1C_REALTIME));
        FORBIDS.put(STRONG_SESSION_SNAPSHOT_ISOLATION, List.of(INTERNAL, G1_PROCESS, G_NONADJACENT_PROCESS));
        FORBIDS.put(STRONG_SNAPSHOT_ISOLATION, List.of(INTERNAL, G1_REALTIME, G_NONADJACENT_REALTIME));
        FORBIDS.put(STRONG_SESSION_SERIALIZABLE, List.of(G1_PROCESS, G2_PROCESS));
        FORBIDS.put(STRICT_SERIALIZABLE, List.of(G1, G1C_REALTIME, G2_REALTIME));

        IMPLIED_ANOMALIES.put(G0, List.of(G1C, G0_PROCESS));
        IMPLIED_ANOMALIES.put(G0_PROCESS, List.of(G1C_PROCESS, G0_REALTIME));
        IMPLIED_ANOMALIES.put(G0_REALTIME, List.of(G1C_REALTIME));
        IMPLIED_ANOMALIES.put(G1A, List.of(G1));
        IMPLIED_ANOMALIES.put(G1B, List.of(G1));
        IMPLIED_ANOMALIES.put(G1C, List.of(G1, G1C_PROCESS));
        IMPLIED_ANOMALIES.put(G1C_PROCESS, List.of(G1C_REALTIME, G1_PROCESS));
        IMPLIED_ANOMALIES.put(G1C_REALTIME, List.of(G1_REALTIME));
        IMPLIED_ANOMALIES.put(G1, List.of(G1_PROCESS));
        IMPLIED_ANOMALIES.put(G1_PROCESS, List.of(G1_REALTIME));
        // Every cycle keystorm finds is over items (there are no predicates), so its G-single and
        // G-nonadjacent are what Elle calls G-single-item and G-nonadjacent-item, which also
        // imply G2-item (and their process and realtime variants likewise).
        IMPLIED_ANOMALIES.put(G_SINGLE, List.of(G_NONADJACENT, G_SINGLE_PROCESS));
        IMPLIED_ANOMALIES.put(G_SINGLE_PROCESS, List.of(G_NONADJACENT_PROCESS, G_SINGLE_REALTIME));
        IMPLIED_ANOMALIES.put(G_SINGLE_REALTIME, List.of(G_NONADJACENT_REALTIME));
        IMPLIED_ANOMALIES.put(G_NONADJACENT, List.of(G2, G2_ITEM, G_NONADJACENT_PROCESS));
        IMPLIED_ANOMALIES.put(G_NONADJACENT_PROCESS, List.of(G2_PROCESS, G2_ITEM_PROCESS, G_NONADJACENT_REALTIME));
        IMPLIED_ANOMALIES.put(G_NONADJACENT_REALTIME, List.of(G2_REALTIME, G2_ITEM_REALTIME));
        IMPLIED_ANOMALIES.put(G2_ITEM, List.of(G2, G2_ITEM_PROCESS));
        IMPLIED_ANOMALIES.put(G2_ITEM_PROCESS, List.of(G2_PROCESS, G2_ITEM_REALTIME));
        IMPLIED_ANOMALIES.put(G2_ITEM_REALTIME, List.of(G2_REALTIME));
        IMPLIED_ANOMALIES.put(G2, List.of(G2_PROCESS));
        IMPLIED_ANOMALIES.put(G2_PROCESS, List.of(G2_REALTIME));
        IMPLIED_ANOMALIES.put(INCOMPATIBLE_ORDER, List.of(G1A));
        IMPLIED_ANOMALIES.put(DIRTY_UPDATE, List.of(G1A));
        IMPLIED_ANOMALIES.put(GARBAGE_READ, List.of(G1A));
        IMPLIED_ANOMALIES.put(LOST_UPDATE, List.of(G2_ITEM));
    }

    private ConsistencyModels() {
    }

    /** The model and every weaker model it implies. */
    static Set<ConsistencyModel> impliedModels(ConsistencyModel model) {
        return closure(model, IMPLIES, ConsistencyModel.class);
    }

    /** Every anomaly the model forbids, including those that imply a forbidden one. */
    public static Set<AnomalyType> forbidden(ConsistencyModel model) {
        Set<AnomalyType> direct = EnumSet.noneOf(AnomalyType.class);
        for (ConsistencyModel implied : impliedModels(model)) {
            direct.addAll(FORBIDS.getOrDefault(implied, List.of()));
        }
        Set<AnomalyType> all = EnumSet.copyOf(direct);
        for (AnomalyType anomaly : IMPLIED_ANOMALIES.keySet()) {
            if (!java.util.Collections.disjoint(closure(anomaly, IMPLIED_ANOMALIES, AnomalyType.class), direct)) {
                all.add(anomaly);
            }
        }
        return all;
    }

    /** Whether a history with these anomalies can still satisfy the model. */
    static boolean allows(ConsistencyModel model, Set<AnomalyType> anomalies) {
        Set<AnomalyType> forbidden = forbidden(model);
        for (AnomalyType anomaly : anomalies) {
            if (forbidden.contains(anomaly)) {
                return false;
            }
        }
        return true;
    }

    /** The weakest models the anomalies rule out (those not implied by another ruled-out model... the lowest ones). */
    static Set<ConsistencyModel> weakestViolated(Set<AnomalyType> anomalies) {
        Set<ConsistencyModel> violated = EnumSet.noneOf(ConsistencyModel.class);
        for (ConsistencyModel model : IMPLIES.keySet()) {
            if (!allows(model, anomalies)) {
                violated.add(model);
            }
        }
        Set<ConsistencyModel> weakest = EnumSet.copyOf(violated);
        for (ConsistencyModel model : violated) {
            for (ConsistencyModel weaker : impliedModels(model)) {
                if (weaker != model && violated.contains(weaker)) {
                    weakest.remove(model);
                }
            }
        }
        return weakest;
    }

    /** The strongest models the anomalies leave possible. */
    static Set<ConsistencyModel> strongestPossible(Set<AnomalyType> anomalies) {
        Set<ConsistencyModel> possible = EnumSet.noneOf(ConsistencyModel.class);
        for (ConsistencyModel model : IMPLIES.keySet()) {
            if (allows(model, anomalies)) {
                possible.add(model);
            }
        }
        Set<ConsistencyModel> strongest = EnumSet.copyOf(possible);
        for (ConsistencyModel model : possible) {
            for (ConsistencyModel weaker : impliedModels(model)) {
                if (weaker != model) {
                    strongest.remove(weaker);
                }
            }
        }
        return strongest;
    }

    private static <T extends Enum<T>> Set<T> closure(T start, Map<T, List<T>> edges, Class<T> type) {
        Set<T> seen = EnumSet.noneOf(type);
        Deque<T> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            T next = queue.poll();
            if (seen.add(next)) {
                queue.addAll(edges.getOrDefault(next, List.of()));
            }
        }
        return seen;
    }
}
