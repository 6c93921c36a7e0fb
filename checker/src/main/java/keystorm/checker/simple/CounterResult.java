package keystorm.checker.simple;

import java.util.List;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;

/**
 * What {@link CounterChecker} found: each ok read outside its bounds, with them.
 *
 * @param reason why the verdict is unknown, or null
 * @param reads ok reads
 */
public record CounterResult(Validity validity, String reason, long initial, int addsOk, int addsFailed, int addsInfo,
                            int reads, List<Finding> findings) implements Result {
    public CounterResult {
        findings = List.copyOf(findings);
    }

    /** A read of {@code value} that had to lie in [{@code lower}, {@code upper}]. */
    public record Finding(long invokeIndex, long completeIndex, long value, long lower, long upper) {
        public Finding {
            if (lower > upper) {
                throw new IllegalArgumentException("bounds [" + lower + ", " + upper + "] are empty");
            }
        }
    }

    static CounterResult unknown(long initial, String reason) {
        return new CounterResult(Validity.UNKNOWN, reason, initial, 0, 0, 0, 0, List.of());
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(addsOk + addsFailed + addsInfo).append(" adds (").append(addsOk).append(" ok, ").append(addsFailed)
                .append(" failed, ").append(addsInfo).append(" info), ").append(reads).append(" reads; from ")
                .append(initial).append('\n');
        if (reason != null) {
            out.append("  ").append(reason).append('\n');
        }
        for (Finding f : findings) {
            out.append("out-of-bounds: the read invoked at event ").append(f.invokeIndex()).append(" saw ")
                    .append(f.value()).append(" at event ").append(f.completeIndex()).append(", outside [")
                    .append(f.lower()).append(", ").append(f.upper()).append("]\n");
        }
        out.append("counter: ").append(validity.word()).append('\n');
        return out.toString();
    }

    /** One piece of evidence per read out of bounds, with its invocation and completion. */
    @Override
    public List<Evidence> evidence() {
        return findings.stream().map(f -> new Evidence("out-of-bounds", null, "The read invoked at event "
                + f.invokeIndex() + " saw " + f.value() + " at event " + f.completeIndex()
                + ", but the adds acknowledged before it began and those that could have applied by its end bound it to ["
                + f.lower() + ", " + f.upper() + "].", List.of(f.invokeIndex(), f.completeIndex()), null)).toList();
    }
}
