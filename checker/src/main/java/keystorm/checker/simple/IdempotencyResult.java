package keystorm.checker.simple;

import java.util.List;
import java.util.Map;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;

/**
 * What {@link IdempotencyChecker} found: each finding once per element, at the first read (or
 * mismatch completion) that shows it.
 *
 * @param reason why the verdict is unknown, or null
 * @param submits submit attempts; {@code tokens} distinct tokens, {@code acknowledgedTokens} those with an ok attempt
 * @param reads ok reads
 */
public record IdempotencyResult(Validity validity, String reason, int submits, int tokens, int acknowledgedTokens,
                                int mismatches, int reads, List<Finding> findings) implements Result {
    public IdempotencyResult {
        findings = List.copyOf(findings);
    }

    public enum Kind {
        DUPLICATE("duplicate"), LOST("lost"), MISMATCH_APPLIED("mismatch-applied"), UNEXPECTED("unexpected");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param token the element's token (the mismatch's for mismatch-applied), or null if none
     * @param index the read's ok completion that shows it, or the mismatch's ok completion
     * @param acknowledgedIndex for lost: the token's first acknowledged submit; else -1
     * @param occurrences how often the read holds the element
     */
    public record Finding(Kind kind, long element, String token, long index, long acknowledgedIndex, int occurrences) {
    }

    static IdempotencyResult unknown(String reason) {
        return new IdempotencyResult(Validity.UNKNOWN, reason, 0, 0, 0, 0, 0, List.of());
    }

    /** Finding label to how many. */
    public Map<String, Integer> counts() {
        return Labels.count(findings, f -> f.kind().label());
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(submits).append(" submits of ").append(tokens).append(" tokens (").append(acknowledgedTokens)
                .append(" acknowledged), ").append(mismatches).append(" mismatches, ").append(reads).append(" reads\n");
        if (reason != null) {
            out.append("  ").append(reason).append('\n');
        }
        for (Finding f : findings) {
            out.append(f.kind().label()).append(": element ").append(f.element());
            if (f.token() != null) {
                out.append(" (token ").append(f.token()).append(')');
            }
            out.append(switch (f.kind()) {
                case DUPLICATE -> " appears " + f.occurrences() + " times in the read at event " + f.index();
                case LOST -> " acknowledged at event " + f.acknowledgedIndex() + ", missing from the read at event " + f.index();
                case MISMATCH_APPLIED -> f.occurrences() == 0 ? ": the mismatch was acknowledged as applied at event " + f.index()
                        : " of a mismatched retry is in the read at event " + f.index();
                case UNEXPECTED -> " never submitted (or every submit failed), in the read at event " + f.index();
            }).append('\n');
        }
        out.append("idempotency: ").append(validity.word()).append('\n');
        return out.toString();
    }

    /**
     * One piece of evidence per finding, at the read (or mismatch completion) that shows it, with
     * the acknowledged submit a lost element had.
     */
    @Override
    public List<Evidence> evidence() {
        List<Evidence> out = new java.util.ArrayList<>();
        for (Finding f : findings) {
            String element = "Element " + f.element() + (f.token() == null ? "" : " (token " + f.token() + ")");
            String text = element + switch (f.kind()) {
                case DUPLICATE -> " appears " + f.occurrences() + " times in the read at event " + f.index()
                        + ": a retry with the same token was applied again.";
                case LOST -> " was acknowledged at event " + f.acknowledgedIndex() + " but is missing from the read at event "
                        + f.index() + ".";
                case MISMATCH_APPLIED -> f.occurrences() == 0
                        ? ": a retry whose parameters differed from its token's first submit was acknowledged as applied at event "
                        + f.index() + " (it must be refused)."
                        : " of a retry whose parameters differed from its token's first submit is in the read at event "
                        + f.index() + " (it must be refused).";
                case UNEXPECTED -> " was never submitted (or every submit failed), yet is in the read at event "
                        + f.index() + ".";
            };
            List<Long> indices = f.acknowledgedIndex() >= 0 ? List.of(f.acknowledgedIndex(), f.index()) : List.of(f.index());
            out.add(new Evidence(f.kind().label(), null, text, indices, null));
        }
        return out;
    }
}
