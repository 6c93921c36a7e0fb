package keystorm.checker.simple;

import java.util.List;
import java.util.Locale;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;

/**
 * What {@link CapacityChecker} found: how many writes, how many windows it looked at, the busiest
 * one, and each window that accepted more than the limit (how many, and the first
 * {@value #SAMPLE_SIZE}, in time order).
 *
 * @param reason why the verdict is unknown, or null
 * @param reads reads in the history (ignored)
 * @param windows windows checked
 * @param maxOffered the most writes invoked inside one window
 * @param busiest the window that provably accepted the most writes, or null when none was checked
 * @param exceeded windows over the limit
 * @param findings the first of them
 */
public record CapacityResult(Validity validity, String reason, Settings settings, int writesOk, int writesFailed,
                             int writesInfo, int reads, int windows, long maxOffered, Window busiest, int exceeded,
                             List<Window> findings) implements Result {
    public static final int SAMPLE_SIZE = 10;

    public CapacityResult {
        findings = List.copyOf(findings);
        if (findings.size() > exceeded) {
            throw new IllegalArgumentException(findings.size() + " findings of " + exceeded + " windows over the limit");
        }
    }

    /** The capacity checked: a rate, a bucket, windows of {@code windowNanos} every {@code stepNanos}, and the limit they give. */
    public record Settings(long unitsPerSecond, long burstUnits, long windowNanos, long stepNanos, long limit) {
    }

    /**
     * One window, [{@code startNanos}, {@code endNanos}] from the history's first event.
     *
     * @param accepted ok writes invoked and completed inside it
     * @param offered writes (of any outcome) invoked inside it
     * @param faults nemesis events inside it, each allowing one bucket more
     * @param limit the most writes it may accept
     */
    public record Window(long startNanos, long endNanos, long accepted, long offered, int faults, long limit) {
    }

    static CapacityResult unknown(Settings settings, String reason) {
        return new CapacityResult(Validity.UNKNOWN, reason, settings, 0, 0, 0, 0, 0, 0, null, 0, List.of());
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(writesOk + writesFailed + writesInfo).append(" writes (").append(writesOk).append(" ok, ")
                .append(writesFailed).append(" failed, ").append(writesInfo).append(" info), ").append(reads)
                .append(" reads; ").append(windows).append(" windows of ").append(seconds(settings.windowNanos()))
                .append(" every ").append(seconds(settings.stepNanos())).append(", limit ")
                .append(settings.unitsPerSecond()).append("/s x window + ").append(settings.burstUnits())
                .append(" burst = ").append(settings.limit()).append(" writes\n");
        if (reason != null) {
            out.append("  ").append(reason).append('\n');
        }
        if (busiest != null) {
            out.append("  busiest window: ").append(span(busiest)).append(" accepted ").append(busiest.accepted())
                    .append(" of ").append(busiest.offered()).append(" offered; at most ").append(maxOffered)
                    .append(" offered in a window\n");
        }
        for (Window w : findings) {
            out.append("capacity-exceeded: window ").append(span(w)).append(" accepted ").append(w.accepted())
                    .append(" writes, over the limit of ").append(w.limit()).append(" (").append(w.offered())
                    .append(" offered").append(w.faults() > 0 ? ", " + w.faults() + " nemesis events" : "")
                    .append(")\n");
        }
        if (exceeded > findings.size()) {
            out.append("  ... ").append(exceeded - findings.size()).append(" more windows over the limit\n");
        }
        out.append("capacity: ").append(validity.word()).append('\n');
        return out.toString();
    }

    private static String span(Window w) {
        return "[" + seconds(w.startNanos()) + ", " + seconds(w.endNanos()) + "]";
    }

    /**
     * One piece of evidence per window over the limit that was kept (the first {@value #SAMPLE_SIZE});
     * a window is a span of time, not operations, so its indices are empty and the report marks
     * its span. When more windows were over the limit than kept, the last says how many more.
     */
    @Override
    public List<Evidence> evidence() {
        List<Evidence> out = new java.util.ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            Window w = findings.get(i);
            String more = i == findings.size() - 1 && exceeded > findings.size()
                    ? " " + (exceeded - findings.size()) + " more windows were over the limit." : "";
            out.add(new Evidence("capacity-exceeded", null, "The window " + span(w) + " accepted " + w.accepted()
                    + " writes, over the limit of " + w.limit() + " (" + settings.unitsPerSecond()
                    + " a second over the window plus a burst of " + settings.burstUnits()
                    + (w.faults() > 0 ? ", plus one bucket for each of its " + w.faults() + " nemesis events" : "")
                    + "); " + w.offered() + " were offered." + more, List.of(), null));
        }
        return out;
    }
}
