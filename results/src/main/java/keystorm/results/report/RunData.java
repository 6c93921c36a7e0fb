package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run directory holds, as read by {@link RunReader}: the JSON files as trees (they are
 * small), the history as its bounded summary, and what is missing.
 *
 * @param kind     test, bench, suite, hunt or insights (test when no file says)
 * @param test     test.json, or null
 * @param results  results.json, or null; for kind insights, with the insights.jsonl lines gathered
 *                 into its {@code partitions}, {@code topKeysPerMinute} and {@code access}
 * @param history  the history.jsonl's summary, or null
 * @param summary  summary.txt, or null
 * @param missing  one sentence per file that is absent
 */
public record RunData(Path dir, String kind, JsonNode test, JsonNode results, HistorySeries history, String summary,
                      List<String> missing) {
    public RunData {
        missing = List.copyOf(missing);
    }

    /** The run's name: test.json's, else the directory's. */
    public String name() {
        if (test != null && test.hasNonNull("name")) {
            return test.get("name").asText();
        }
        Path file = dir.toAbsolutePath().getFileName();
        return file == null ? "run" : file.toString();
    }
}
