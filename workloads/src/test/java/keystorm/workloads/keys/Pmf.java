package keystorm.workloads.keys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact zipf pmf the tests compare against, and the sampling bound they compare within: a
 * count of n draws of a value of probability p is binomial, so it stays within 6 standard
 * deviations of n p but for a chance of about 2e-9 per comparison (a few thousand comparisons a
 * run), while a pmf off by a few percent on a likely rank falls outside.
 */
final class Pmf {
    static final double DEVIATIONS = 6;

    private Pmf() {
    }

    /** The generalized harmonic number H(n, theta) = sum of k^-theta for k = 1..n: summed below 4,000, else Euler-Maclaurin. */
    static double harmonic(long n, double theta) {
        if (n < 4_000) {
            return directSum(1, n, theta);
        }
        long m = 1_000;
        double head = directSum(1, m - 1, theta);
        double logRatio = Math.log((double) n / m);
        double t = (1 - theta) * logRatio;
        double integral = Math.pow(m, 1 - theta) * logRatio * (Math.abs(t) > 1e-12 ? Math.expm1(t) / t : 1 + t / 2);
        double ends = (f(m, theta) + f(n, theta)) / 2;
        double first = (derivative1(n, theta) - derivative1(m, theta)) / 12;
        double third = (derivative3(n, theta) - derivative3(m, theta)) / 720;
        return head + integral + ends + first - third;
    }

    static double directSum(long from, long to, double theta) {
        double sum = 0;
        for (long k = to; k >= from; k--) { // smallest terms first
            sum += f(k, theta);
        }
        return sum;
    }

    /** P(rank = r) for r from 0 over n ranks. */
    static double probability(int rank, long n, double harmonic, double theta) {
        return f(rank + 1, theta) / harmonic;
    }

    static void assertCount(long count, long draws, double p, String what) {
        double mean = draws * p;
        double bound = DEVIATIONS * Math.sqrt(draws * p * (1 - p)) + 2;
        assertThat(Math.abs(count - mean))
                .as("%s: %d of %d draws, expected %.1f (p = %.6g) within %.1f", what, count, draws, mean, p, bound)
                .isLessThanOrEqualTo(bound);
    }

    private static double f(double x, double theta) {
        return Math.exp(-theta * Math.log(x));
    }

    private static double derivative1(double x, double theta) {
        return -theta * Math.exp(-(theta + 1) * Math.log(x));
    }

    private static double derivative3(double x, double theta) {
        return -theta * (theta + 1) * (theta + 2) * Math.exp(-(theta + 3) * Math.log(x));
    }
}
