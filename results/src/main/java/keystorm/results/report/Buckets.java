package keystorm.results.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Completions per time bucket, by outcome, with a histogram of the ok latencies: the width doubles
 * (neighbours merged) when the run outgrows twice the buckets aimed at, so the memory is bounded
 * whatever the run's length. Histograms are in microseconds with 2 significant digits and are
 * created only for buckets with an ok operation.
 */
final class Buckets {
    private static final long HIGHEST_MICROS = 3_600_000_000L;
    private final int target;
    private long widthNanos;
    private final List<Acc> accs = new ArrayList<>();

    private static final class Acc {
        long ok, fail, info;
        Histogram okMicros;

        void merge(Acc other) {
            ok += other.ok;
            fail += other.fail;
            info += other.info;
            if (other.okMicros != null) {
                if (okMicros == null) {
                    okMicros = other.okMicros;
                } else {
                    okMicros.add(other.okMicros);
                }
            }
        }
    }

    Buckets(double expectedSeconds, HistoryScan.Limits limits) {
        this.target = limits.buckets();
        double width = Math.max(limits.minBucketSeconds(), expectedSeconds > 0 ? expectedSeconds / target : 0);
        this.widthNanos = Math.round(width * 1e9);
    }

    void add(long timeNanos, HistorySeries.Outcome outcome, long latencyNanos) {
        long at = Math.max(0, timeNanos);
        while (at / widthNanos >= 2L * target) {
            halve();
        }
        int i = (int) (at / widthNanos);
        while (accs.size() <= i) {
            accs.add(new Acc());
        }
        Acc acc = accs.get(i);
        switch (outcome) {
            case OK -> {
                acc.ok++;
                if (acc.okMicros == null) {
                    acc.okMicros = new Histogram(HIGHEST_MICROS, 2);
                }
                acc.okMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, latencyNanos / 1000)));
            }
            case FAIL -> acc.fail++;
            case INFO -> acc.info++;
            case PENDING -> throw new IllegalArgumentException("a pending operation has not completed");
        }
    }

    /** Doubles the width: bucket i and i+1 become bucket i/2. */
    private void halve() {
        List<Acc> merged = new ArrayList<>((accs.size() + 1) / 2);
        for (int i = 0; i < accs.size(); i += 2) {
            Acc a = accs.get(i);
            if (i + 1 < accs.size()) {
                a.merge(accs.get(i + 1));
            }
            merged.add(a);
        }
        accs.clear();
        accs.addAll(merged);
        widthNanos *= 2;
    }

    double widthSeconds() {
        return widthNanos / 1e9;
    }

    /** The buckets, merged once more when there are over 1.5 times the target: between 0.75 and 1.5 times it. */
    List<HistorySeries.Bucket> finish() {
        while (accs.size() > target * 3 / 2) {
            halve();
        }
        List<HistorySeries.Bucket> out = new ArrayList<>(accs.size());
        for (int i = 0; i < accs.size(); i++) {
            Acc a = accs.get(i);
            Histogram h = a.okMicros;
            out.add(new HistorySeries.Bucket(i * widthSeconds(), a.ok, a.fail, a.info, q(h, 50), q(h, 90), q(h, 99),
                    q(h, 99.9), h == null ? Double.NaN : h.getMaxValue() / 1000.0));
        }
        return out;
    }

    private static double q(Histogram h, double percentile) {
        return h == null ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
