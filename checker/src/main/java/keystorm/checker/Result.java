package keystorm.checker;

import java.util.List;
import java.util.Map;

/**
 * What a checker found. Its data (per key, per anomaly) lives in the implementing record, so
 * tests assert on data; {@link #render()} turns it into text for a person, and
 * {@link #artifacts()} into files (timelines, graphs) named by the checker.
 */
public interface Result {
    Validity validity();

    /** A report for a person, several lines, ending with the overall verdict. */
    String render();

    /** Files to write beside the report: file name to content; none by default. */
    default Map<String, String> artifacts() {
        return Map.of();
    }

    /**
     * The anomalies found, as data a report draws: each with its explanation, the history lines
     * of the operations involved and, for a shape such as a cycle, its figure. Empty when the
     * checker found none (or draws none); never a reason to call a history valid.
     */
    default List<Evidence> evidence() {
        return List.of();
    }
}
