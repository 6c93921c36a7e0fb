package keystorm.checker.simple;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** How many findings of each kind, by the kind's label, for the results' {@code counts()}. */
final class Labels {
    private Labels() {
    }

    static <F> Map<String, Integer> count(List<F> findings, Function<F, String> label) {
        Map<String, Integer> counts = new TreeMap<>();
        findings.forEach(f -> counts.merge(label.apply(f), 1, Integer::sum));
        return counts;
    }
}
