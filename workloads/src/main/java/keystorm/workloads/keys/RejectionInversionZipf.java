package keystorm.workloads.keys;

import java.util.SplittableRandom;

/**
 * Zipf ranks by rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to generate
 * variates from monotone discrete distributions", ACM TOMACS 6(3), 1996): rank k of n (from 1)
 * with probability k^-theta / H(n, theta), for any theta &gt; 0, 1 included, in O(1) setup and
 * O(1) expected time per draw. No harmonic number H(n, theta) is ever computed, which is why
 * YCSB's zeta (O(n) at setup, minutes for 10^9 keys) is not needed.
 *
 * <p>The method: the bars of height h(k) = k^-theta and width 1 centred on the integers lie under
 * the continuous hat h(x) = x^-theta (h is convex, so its mean over [k - 1/2, k + 1/2] is at least
 * h(k)). A uniform point u of the hat's integral is inverted to x, rounded to the nearest integer k,
 * and kept if u falls in the part of k's slice whose width is h(k); otherwise drawn again. The
 * integral used is H(x) = (x^(1-theta) - 1) / (1 - theta), whose limit at theta = 1 is log x, so
 * one formula serves every theta; the slice of rank 1 is cut to width h(1) = 1 and never rejects.
 *
 * <p>Unlike Commons RNG's {@code RejectionInversionZipfSampler}, whose random source is a final
 * field (a per-call source would need a new sampler per draw), this takes the random source per
 * draw and the number of ranks per draw: only {@link #upperIntegral(int)} depends on n, so a
 * distribution over a growing record count pays one extra log and expm1 per draw, allocating
 * nothing. Immutable, so shared by any number of threads.
 */
final class RejectionInversionZipf {
    /** Below this |x| the helper quotients use their Taylor series (log1p(x)/x and expm1(x)/x lose digits). */
    private static final double TAYLOR_BELOW = 1e-8;
    /**
     * Draws before declaring the arithmetic broken. The hat hugs the bars: the acceptance
     * probability (the pmf's total over the hat's area) stays above 0.98 for theta from 0.01 to 10
     * and n from 2 to 10^6 (computed when this was written), so 64 rejections in a row have a
     * probability below 1e-100: a loop that gets there has met a NaN, not bad luck.
     */
    private static final int TRIES_MAX = 64;

    final double theta;
    /** H(1.5) - h(1): the lower end of the integral range, so that rank 1's slice has width h(1). */
    private final double lower;
    /** The squeeze of the paper's Theorem 2: k - x &lt;= squeeze accepts without evaluating H. */
    private final double squeeze;

    RejectionInversionZipf(double theta) {
        if (!(theta > 0 && theta <= 10)) {
            throw new IllegalArgumentException("zipf's theta must be in (0, 10], not " + theta);
        }
        this.theta = theta;
        this.lower = integral(1.5) - 1;
        this.squeeze = 2 - inverseIntegral(integral(2.5) - h(2));
    }

    /** H(n + 1/2), the upper end of the integral range for n ranks: the only setup that depends on n. */
    double upperIntegral(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("zipf needs at least one rank, not " + n);
        }
        return integral(n + 0.5);
    }

    /** A rank in [0, n), 0 the most likely; {@code upper} is {@link #upperIntegral(int) upperIntegral(n)}. */
    int rank(SplittableRandom random, int n, double upper) {
        for (int tries = 0; tries < TRIES_MAX; tries++) {
            // u in (lower, upper]: nextDouble is in [0, 1)
            double u = upper - random.nextDouble() * (upper - lower);
            double x = inverseIntegral(u);
            int k = (int) (x + 0.5);
            if (k < 1) {
                k = 1; // rounding at the ends of the range
            } else if (k > n) {
                k = n;
            }
            if (k - x <= squeeze || u >= integral(k + 0.5) - h(k)) {
                return k - 1;
            }
        }
        throw new IllegalStateException("rejection-inversion rejected " + TRIES_MAX + " draws in a row for theta "
                + theta + " over " + n + " ranks: its arithmetic broke (NaN?)");
    }

    /** H(x) = (x^(1-theta) - 1) / (1 - theta) = log(x) * expm1(t) / t with t = (1 - theta) log(x). */
    private double integral(double x) {
        double logX = Math.log(x);
        return logX * expm1OverX((1 - theta) * logX);
    }

    /** The inverse of H: (1 + (1 - theta) y)^(1 / (1 - theta)) = exp(y * log1p(t) / t) with t = (1 - theta) y. */
    private double inverseIntegral(double y) {
        double t = Math.max(-1, y * (1 - theta)); // below -1 only by rounding, at u near the lower end
        return Math.exp(y * log1pOverX(t));
    }

    private double h(double x) {
        return Math.exp(-theta * Math.log(x));
    }

    private static double log1pOverX(double x) {
        return Math.abs(x) > TAYLOR_BELOW ? Math.log1p(x) / x : 1 - x / 2 + x * x / 3;
    }

    private static double expm1OverX(double x) {
        return Math.abs(x) > TAYLOR_BELOW ? Math.expm1(x) / x : 1 + x / 2 + x * x / 6;
    }
}
