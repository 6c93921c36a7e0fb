package keystorm.checker.simple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;

/**
 * What {@link EventualRegisterChecker} found: what eventual consistency forbids (findings), and
 * how stale the reads were (statistics, and the first {@value #SAMPLE_SIZE} stale reads).
 *
 * @param reason why the verdict is unknown, or null
 * @param reads ok reads, over all keys
 * @param stalenessVersions over the stale reads, in acknowledged writes
 * @param stalenessMillis over the stale reads whose times are known
 */
public record EventualRegisterResult(Validity validity, String reason, int keys, int writes, int reads,
                                     Distribution stalenessVersions, Distribution stalenessMillis,
                                     List<StaleRead> firstStale, List<Finding> findings) implements Result {
    public static final int SAMPLE_SIZE = 10;

    public EventualRegisterResult {
        firstStale = List.copyOf(firstStale);
        findings = List.copyOf(findings);
    }

    public enum Kind {
        GARBAGE_READ("garbage-read"), FUTURE_READ("future-read");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param index the read's ok completion
     * @param writeIndex the invocation of the value's write, or -1 when none carried it
     */
    public record Finding(Kind kind, String key, long index, JsonNode value, long writeIndex) {
    }

    /**
     * @param index the read's ok completion
     * @param versions acknowledged writes after the value's, completed before the read began (at least 1)
     * @param millis read invocation to the first superseding write's completion, or null without times
     * @param supersededIndex the completion of the first acknowledged write after the value's
     */
    public record StaleRead(String key, long index, JsonNode value, long versions, Double millis, long supersededIndex) {
        public StaleRead {
            if (versions < 1) {
                throw new IllegalArgumentException("a stale read is at least 1 version behind, not " + versions);
            }
        }
    }

    /** Count, maximum, and nearest-rank median and 99th percentile; all 0 when the count is. */
    public record Distribution(int count, double max, double p50, double p99) {
        static final Distribution NONE = new Distribution(0, 0, 0, 0);

        static Distribution of(List<Double> values) {
            if (values.isEmpty()) {
                return NONE;
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return new Distribution(sorted.size(), sorted.getLast(), rank(sorted, 0.50), rank(sorted, 0.99));
        }

        private static double rank(List<Double> sorted, double quantile) {
            int rank = (int) Math.ceil(quantile * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
    }

    static EventualRegisterResult unknown(String reason) {
        return new EventualRegisterResult(Validity.UNKNOWN, reason, 0, 0, 0, Distribution.NONE, Distribution.NONE,
                List.of(), List.of());
    }

    /** Finding label to how many. */
    public Map<String, Integer> counts() {
        return Labels.count(findings, f -> f.kind().label());
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(keys).append(" keys, ").append(writes).append(" writes, ").append(reads).append(" reads; ")
                .append(stalenessVersions.count()).append(" stale\n");
        if (reason != null) {
            out.append("  ").append(reason).append('\n');
        }
        if (stalenessVersions.count() > 0) {
            out.append(String.format(java.util.Locale.ROOT, "staleness in versions: max %.0f, p50 %.0f, p99 %.0f%n",
                    stalenessVersions.max(), stalenessVersions.p50(), stalenessVersions.p99()));
            if (stalenessMillis.count() > 0) {
                out.append(String.format(java.util.Locale.ROOT, "staleness in ms: max %.3f, p50 %.3f, p99 %.3f%n",
                        stalenessMillis.max(), stalenessMillis.p50(), stalenessMillis.p99()));
            }
            for (StaleRead s : firstStale) {
                out.append("    stale: key ").append(s.key()).append(" read ").append(s.value()).append(" at event ")
                        .append(s.index()).append(", ").append(s.versions()).append(" versions behind");
                if (s.millis() != null) {
                    out.append(String.format(java.util.Locale.ROOT, ", %.3f ms", s.millis()));
                }
                out.append('\n');
            }
        }
        for (Finding f : findings) {
            out.append(f.kind().label()).append(": key ").append(f.key()).append(" read ").append(f.value())
                    .append(" at event ").append(f.index()).append(switch (f.kind()) {
                        case GARBAGE_READ -> f.writeIndex() < 0 ? ", a value never written"
                                : ", a value whose write (event " + f.writeIndex() + ") failed";
                        case FUTURE_READ -> ", a value whose write was invoked later, at event " + f.writeIndex();
                    }).append('\n');
        }
        out.append("eventual-register: ").append(validity.word()).append('\n');
        return out.toString();
    }

    /**
     * One piece of evidence per read eventual consistency forbids, with the value's write when
     * one carried it. Stale reads are statistics (eventual consistency allows them), not evidence.
     */
    @Override
    public List<Evidence> evidence() {
        return findings.stream().map(f -> new Evidence(f.kind().label(), f.key(), "The read of key " + f.key()
                + " completed at event " + f.index() + " returned " + f.value() + switch (f.kind()) {
                    case GARBAGE_READ -> f.writeIndex() < 0 ? ", a value no write carried."
                            : ", a value whose write (invoked at event " + f.writeIndex() + ") failed.";
                    case FUTURE_READ -> ", a value whose write was invoked only later, at event " + f.writeIndex() + ".";
                }, f.writeIndex() >= 0 ? List.of(f.writeIndex(), f.index()) : List.of(f.index()), null)).toList();
    }
}
