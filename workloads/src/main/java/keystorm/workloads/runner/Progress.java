package keystorm.workloads.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a run says how it is going, every {@link #interval()} of its clock: operations done, their
 * rate, the faults active now. The interpreter's loop calls it between two events (a comparison
 * of the clock per turn, the counters read on the loop's own thread), so it costs the run
 * nothing between ticks. Checkers run on the whole history at the end, so a tick says the
 * anomalies are checked then.
 */
public interface Progress {
    Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    /** No reports. */
    Progress NONE = new Progress() {
        @Override
        public void report(Snapshot snapshot) {
        }

        @Override
        public Duration interval() {
            return Duration.ofDays(365);
        }
    };

    void report(Snapshot snapshot);

    /** How often to report, in the run's time. */
    default Duration interval() {
        return DEFAULT_INTERVAL;
    }

    /** One line per report on {@code out}, every {@code interval}. */
    static Progress printing(PrintStream out, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive, not " + interval);
        }
        return new Progress() {
            @Override
            public void report(Snapshot snapshot) {
                out.println(snapshot.line());
            }

            @Override
            public Duration interval() {
                return interval;
            }
        };
    }

    /**
     * The nemesis operations that close fault windows (the file contract's rule): a window opens at
     * the invocation of any other nemesis operation, and every open window closes at the completion
     * of one of these.
     */
    Set<String> CLOSERS = Set.of("heal-all", "rejoin-replica", "restart", "resume", "net-heal", "restart-replica");

    /**
     * What a run had done at one tick.
     *
     * @param elapsedNanos since the run started
     * @param totalNanos the main phase's time limit
     * @param operations completed client operations (ok, fail and info)
     * @param faultsActive the faults whose windows are open now, in the order they opened
     * @param historyLines lines written to the history so far: the counts are those of its first this many lines
     */
    record Snapshot(long elapsedNanos, long totalNanos, long operations, long fail, long info, List<String> faultsActive,
                    long historyLines) {
        public Snapshot {
            faultsActive = List.copyOf(faultsActive);
        }

        /** "  30 s / 60 s: 60,123 operations (2,004/s), 1,234 fail, 5 info; faults active: failover; checked at the end" */
        public String line() {
            double seconds = elapsedNanos / 1e9;
            return String.format(Locale.ROOT, "  %.0f s / %.0f s: %,d operations (%,.0f/s), %,d fail, %,d info; faults active: %s; "
                            + "anomalies checked at the end", seconds, totalNanos / 1e9, operations,
                    seconds <= 0 ? 0.0 : operations / seconds, fail, info,
                    faultsActive.isEmpty() ? "none" : String.join(", ", faultsActive));
        }
    }
}
