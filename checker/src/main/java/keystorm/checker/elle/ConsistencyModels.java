package keystorm.checker.elle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
    private static final Map<String, List<String>> IMPLIES = new LinkedHashMap<>();
    /** Model to the anomalies it forbids directly. */
    private static final Map<String, List<String>> FORBIDS = new LinkedHashMap<>();
    /** Anomaly to the anomalies it implies. */
    private static final Map<String, List<String>> IMPLIED_ANOMALIES = new LinkedHashMap<>();

    static {
        IMPLIES.put("strict-serializable", List.of("serializable", "strong-snapshot-isolation", "strong-session-serializable"));
        IMPLIES.put("strong-session-serializable", List.of("serializable", "strong-session-snapshot-isolation"));
        IMPLIES.put("strong-snapshot-isolation", List.of("strong-session-snapshot-isolation", "strong-read-committed"));
        IMPLIES.put("strong-session-snapshot-isolation", List.of("snapshot-isolation", "strong-session-read-committed"));
        IMPLIES.put("serializable", List.of("repeatable-read", "snapshot-isolation"));
        IMPLIES.put("snapshot-isolation", List.of("monotonic-atomic-view"));
        IMPLIES.put("repeatable-read", List.of("cursor-stability", "monotonic-atomic-view"));
        IMPLIES.put("cursor-stability", List.of("read-committed"));
        IMPLIES.put("monotonic-atomic-view", List.of("read-committed"));
        IMPLIES.put("strong-read-committed", List.of("strong-session-read-committed"));
        IMPLIES.put("strong-session-read-committed", List.of("read-committed"));
        IMPLIES.put("read-committed", List.of("read-uncommitted"));
        IMPLIES.put("read-uncommitted", List.of());

        FORBIDS.put("read-uncommitted", List.of("G0", "duplicate-elements"));
        FORBIDS.put("read-committed", List.of("G1"));
        FORBIDS.put("cursor-stability", List.of("G1", "lost-update"));
        FORBIDS.put("monotonic-atomic-view", List.of("G1"));
        FORBIDS.put("repeatable-read", List.of("G1", "G2-item", "lost-update"));
        FORBIDS.put("snapshot-isolation", List.of("internal", "G1", "G-nonadjacent"));
        FORBIDS.put("serializable", List.of("internal", "G1", "G2"));
        FORBIDS.put("strong-session-read-committed", List.of("G1c-process"));
        FORBIDS.put("strong-read-committed", List.of("G1c-realtime"));
        FORBIDS.put("strong-session-snapshot-isolation", List.of("internal", "G1-process", "G-nonadjacent-process"));
        FORBIDS.put("strong-snapshot-isolation", List.of("internal", "G1-realtime", "G-nonadjacent-realtime"));
        FORBIDS.put("strong-session-serializable", List.of("G1-process", "G2-process"));
        FORBIDS.put("strict-serializable", List.of("G1", "G1c-realtime", "G2-realtime"));

        IMPLIED_ANOMALIES.put("G0", List.of("G1c", "G0-process"));
        IMPLIED_ANOMALIES.put("G0-process", List.of("G1c-process", "G0-realtime"));
        IMPLIED_ANOMALIES.put("G0-realtime", List.of("G1c-realtime"));
        IMPLIED_ANOMALIES.put("G1a", List.of("G1"));
        IMPLIED_ANOMALIES.put("G1b", List.of("G1"));
        IMPLIED_ANOMALIES.put("G1c", List.of("G1", "G1c-process"));
        IMPLIED_ANOMALIES.put("G1c-process", List.of("G1c-realtime", "G1-process"));
        IMPLIED_ANOMALIES.put("G1c-realtime", List.of("G1-realtime"));
        IMPLIED_ANOMALIES.put("G1", List.of("G1-process"));
        IMPLIED_ANOMALIES.put("G1-process", List.of("G1-realtime"));
        // Every cycle keystorm finds is over items (there are no predicates), so its G-single and
        // G-nonadjacent are what Elle calls G-single-item and G-nonadjacent-item, which also
        // imply G2-item (and their process and realtime variants likewise).
        IMPLIED_ANOMALIES.put("G-single", List.of("G-nonadjacent", "G-single-process"));
        IMPLIED_ANOMALIES.put("G-single-process", List.of("G-nonadjacent-process", "G-single-realtime"));
        IMPLIED_ANOMALIES.put("G-single-realtime", List.of("G-nonadjacent-realtime"));
        IMPLIED_ANOMALIES.put("G-nonadjacent", List.of("G2", "G2-item", "G-nonadjacent-process"));
        IMPLIED_ANOMALIES.put("G-nonadjacent-process", List.of("G2-process", "G2-item-process", "G-nonadjacent-realtime"));
        IMPLIED_ANOMALIES.put("G-nonadjacent-realtime", List.of("G2-realtime", "G2-item-realtime"));
        IMPLIED_ANOMALIES.put("G2-item", List.of("G2", "G2-item-process"));
        IMPLIED_ANOMALIES.put("G2-item-process", List.of("G2-process", "G2-item-realtime"));
        IMPLIED_ANOMALIES.put("G2-item-realtime", List.of("G2-realtime"));
        IMPLIED_ANOMALIES.put("G2", List.of("G2-process"));
        IMPLIED_ANOMALIES.put("G2-process", List.of("G2-realtime"));
        IMPLIED_ANOMALIES.put("incompatible-order", List.of("G1a"));
        IMPLIED_ANOMALIES.put("dirty-update", List.of("G1a"));
        IMPLIED_ANOMALIES.put("garbage-read", List.of("G1a"));
        IMPLIED_ANOMALIES.put("lost-update", List.of("G2-item"));
    }

    private ConsistencyModels() {
    }

    public static Set<String> names() {
        return new TreeSet<>(IMPLIES.keySet());
    }

    public static void check(String model) {
        if (!IMPLIES.containsKey(model)) {
            throw new IllegalArgumentException("--consistency-model takes one of " + String.join(", ", names())
                    + "; not '" + model + "'");
        }
    }

    /** The model and every weaker model it implies. */
    static Set<String> impliedModels(String model) {
        return closure(model, IMPLIES);
    }

    /** Every anomaly the model forbids, including those that imply a forbidden one. */
    public static Set<String> forbidden(String model) {
        Set<String> direct = new TreeSet<>();
        for (String implied : impliedModels(model)) {
            direct.addAll(FORBIDS.getOrDefault(implied, List.of()));
        }
        Set<String> all = new TreeSet<>(direct);
        for (String anomaly : IMPLIED_ANOMALIES.keySet()) {
            if (!java.util.Collections.disjoint(closure(anomaly, IMPLIED_ANOMALIES), direct)) {
                all.add(anomaly);
            }
        }
        return all;
    }

    /** Whether a history with these anomalies can still satisfy the model. */
    static boolean allows(String model, Set<String> anomalies) {
        Set<String> forbidden = forbidden(model);
        for (String anomaly : anomalies) {
            if (forbidden.contains(anomaly)) {
                return false;
            }
        }
        return true;
    }

    /** The weakest models the anomalies rule out (those not implied by another ruled-out model... the lowest ones). */
    static Set<String> weakestViolated(Set<String> anomalies) {
        Set<String> violated = new TreeSet<>();
        for (String model : IMPLIES.keySet()) {
            if (!allows(model, anomalies)) {
                violated.add(model);
            }
        }
        Set<String> weakest = new TreeSet<>(violated);
        for (String model : violated) {
            for (String weaker : impliedModels(model)) {
                if (!weaker.equals(model) && violated.contains(weaker)) {
                    weakest.remove(model);
                }
            }
        }
        return weakest;
    }

    /** The strongest models the anomalies leave possible. */
    static Set<String> strongestPossible(Set<String> anomalies) {
        Set<String> possible = new TreeSet<>();
        for (String model : IMPLIES.keySet()) {
            if (allows(model, anomalies)) {
                possible.add(model);
            }
        }
        Set<String> strongest = new TreeSet<>(possible);
        for (String model : possible) {
            for (String weaker : impliedModels(model)) {
                if (!weaker.equals(model)) {
                    strongest.remove(weaker);
                }
            }
        }
        return strongest;
    }

    private static Set<String> closure(String start, Map<String, List<String>> edges) {
        Set<String> seen = new TreeSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String next = queue.poll();
            if (seen.add(next)) {
                queue.addAll(edges.getOrDefault(next, List.of()));
            }
        }
        return seen;
    }
}
