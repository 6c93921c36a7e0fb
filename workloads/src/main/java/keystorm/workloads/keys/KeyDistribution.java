package keystorm.workloads.keys;

import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Which key an operation touches, as YCSB's request distributions define them: {@code uniform},
 * {@code zipf:THETA[:ordered]}, {@code latest[:THETA]}, {@code sequential},
 * {@code exponential[:PERCENTILE:FRACTION]} and {@code hotspot:FRACTION:PROBABILITY} (see
 * {@link #parse(String, int, IntSupplier)}).
 *
 * <p>Assumptions and guarantees. Each caller thread passes its own random source, so a seeded
 * generator gives the same keys; {@link #next(SplittableRandom)} is thread-safe, lock-free and
 * allocates nothing, and its setup is O(1) in the number of keys (zipf over 10^9 keys is built in
 * microseconds). Uniform, zipf and hotspot draw from the {@link #keys()} keys given; latest,
 * exponential and sequential follow a record count that a workload's inserts raise (at least
 * {@code keys()}; {@code keys()} when none is given) and draw from [0, count). Sequential alone
 * ignores the random source: it is one counter shared by its callers. Two distributions are equal
 * when they have the same parameters and the same record-count source (a counter's position is not
 * compared).
 *
 * <p>Why one file of some 450 lines: the six implementations are small and nested so that callers
 * and exhaustive switches name them {@code KeyDistribution.Zipf} and so on; the two algorithms live
 * apart, in {@link RejectionInversionZipf} and {@link FeistelBijection}, and the text in
 * {@link KeyDistributionParser}.
 */
public sealed interface KeyDistribution {
    /** A key index in [0, keys()), or [0, record count) for latest, exponential and sequential. */
    int next(SplittableRandom random);

    /** The number of keys it was set up over (the first record count for those that follow one). */
    int keys();

    /** The text that {@link #parse(String, int)} turns back into this distribution. */
    String spec();

    /** A line for reports: {@code zipf:0.99 (scrambled) over 1,000,000 keys}. */
    default String describe() {
        return spec() + " over " + String.format(Locale.ROOT, "%,d", keys()) + " keys";
    }

    /** Every key equally likely. */
    record Uniform(int keys) implements KeyDistribution {
        public Uniform {
            requirePositive(keys);
        }

        @Override
        public int next(SplittableRandom random) {
            return random.nextInt(keys);
        }

        @Override
        public String spec() {
            return "uniform";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Rank r (from 0) with probability (r + 1)^-theta / H(keys, theta), exactly, for any theta in
     * (0, 10] (1 included), by {@linkplain RejectionInversionZipf rejection-inversion}: O(1) setup
     * where YCSB computes the harmonic number (zeta) in O(n), and a few logarithms per draw.
     *
     * <p>Scrambled (the default, YCSB's {@code zipfian}): rank r is the key
     * {@link #keyOfRank(int) keyOfRank(r)}, a seeded {@linkplain FeistelBijection bijection} of
     * [0, keys), so the hot keys are spread over the key space and the key popularities are
     * exactly zipf over a permuted key space. YCSB's ScrambledZipfianGenerator differs on purpose
     * here: it draws from a zipf over 10^10 ranks whatever n is (for theta 0.99 its zeta is a stored
     * constant; any other theta sums 10^10 terms at setup) and maps ranks to keys by an FNV hash
     * modulo n, which collides (some keys get several hot ranks, others none), so its key
     * popularities are not a zipf distribution over n keys. Ordered ({@code zipf:THETA:ordered}): key r is rank r, key 0 the hottest.
     */
    final class Zipf implements KeyDistribution {
        /** The scramble's seed when none is given, so that the same text scrambles alike in every process. */
        public static final long DEFAULT_SCRAMBLE_SEED = 0x6B657973746F726DL; // "keystorm"

        private final int keys;
        private final RejectionInversionZipf ranks;
        private final double upper;
        private final FeistelBijection scramble; // null: rank order
        private final long scrambleSeed;

        /** Scrambled with {@link #DEFAULT_SCRAMBLE_SEED}. */
        public Zipf(int keys, double theta) {
            this(keys, theta, true, DEFAULT_SCRAMBLE_SEED);
        }

        private Zipf(int keys, double theta, boolean scrambled, long scrambleSeed) {
            requirePositive(keys);
            this.keys = keys;
            this.ranks = new RejectionInversionZipf(theta);
            this.upper = ranks.upperIntegral(keys);
            this.scramble = scrambled ? new FeistelBijection(keys, scrambleSeed) : null;
            this.scrambleSeed = scrambleSeed;
        }

        public static Zipf scrambled(int keys, double theta, long scrambleSeed) {
            return new Zipf(keys, theta, true, scrambleSeed);
        }

        /** Key r is rank r: key 0 the most popular. */
        public static Zipf ordered(int keys, double theta) {
            return new Zipf(keys, theta, false, 0);
        }

        @Override
        public int next(SplittableRandom random) {
            int rank = ranks.rank(random, keys, upper);
            return scramble == null ? rank : scramble.apply(rank);
        }

        /** A rank in [0, keys), 0 the most popular, before the scramble. */
        public int nextRank(SplittableRandom random) {
            return ranks.rank(random, keys, upper);
        }

        /** The key of popularity rank {@code rank} (from 0). */
        public int keyOfRank(int rank) {
            return scramble == null ? checkIndex(rank, keys) : scramble.apply(rank);
        }

        /** The popularity rank (from 0) of {@code key}: the inverse of {@link #keyOfRank(int)}. */
        public int rankOfKey(int key) {
            return scramble == null ? checkIndex(key, keys) : scramble.inverse(key);
        }

        @Override
        public int keys() {
            return keys;
        }

        public double theta() {
            return ranks.theta;
        }

        public boolean scrambled() {
            return scramble != null;
        }

        /** The scramble's seed (0 when ordered). */
        public long scrambleSeed() {
            return scramble == null ? 0 : scrambleSeed;
        }

        @Override
        public String spec() {
            return "zipf:" + ranks.theta + (scramble == null ? ":ordered" : "");
        }

        @Override
        public String describe() {
            String order = scramble == null ? "rank order"
                    : scrambleSeed == DEFAULT_SCRAMBLE_SEED ? "scrambled" : "scrambled, seed " + scrambleSeed;
            return "zipf:" + ranks.theta + " (" + order + ") over " + String.format(Locale.ROOT, "%,d", keys) + " keys";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Zipf z && z.keys == keys && Double.compare(z.ranks.theta, ranks.theta) == 0
                    && z.scrambled() == scrambled() && z.scrambleSeed() == scrambleSeed();
        }

        @Override
        public int hashCode() {
            return Objects.hash(keys, ranks.theta, scrambled(), scrambleSeed());
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * The most recently inserted records the most popular (YCSB's SkewedLatestGenerator): an ordered
     * zipf of theta over the recency ranks of the current record count c, rank r being key c - 1 - r.
     * The count may change at every draw: only one integral depends on it (see
     * {@link RejectionInversionZipf}), computed again when it differs from {@code keys}. YCSB
     * returns max - r with max the last key, which never picks key 0; this covers [0, c).
     */
    final class Latest implements KeyDistribution {
        public static final double DEFAULT_THETA = 0.99;

        private final int keys;
        private final RejectionInversionZipf ranks;
        private final double upperOfKeys;
        private final IntSupplier recordCount; // null: always keys

        public Latest(int keys, double theta) {
            this(keys, theta, null);
        }

        /** Over {@code recordCount.getAsInt()} records at each draw, which must be at least {@code keys}. */
        public Latest(int keys, double theta, IntSupplier recordCount) {
            requirePositive(keys);
            this.keys = keys;
            this.ranks = new RejectionInversionZipf(theta);
            this.upperOfKeys = ranks.upperIntegral(keys);
            this.recordCount = recordCount;
        }

        @Override
        public int next(SplittableRandom random) {
            int count = count(keys, recordCount);
            double upper = count == keys ? upperOfKeys : ranks.upperIntegral(count);
            return count - 1 - ranks.rank(random, count, upper);
        }

        @Override
        public int keys() {
            return keys;
        }

        public double theta() {
            return ranks.theta;
        }

        @Override
        public String spec() {
            return "latest:" + ranks.theta;
        }

        @Override
        public String describe() {
            return KeyDistribution.super.describe() + (recordCount == null ? "" : " and the records inserted since");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Latest l && l.keys == keys && Double.compare(l.ranks.theta, ranks.theta) == 0
                    && Objects.equals(l.recordCount, recordCount);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keys, ranks.theta, recordCount);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Recent records favoured exponentially (YCSB's ExponentialGenerator as its CoreWorkload uses
     * it): an offset X from the newest record, exponential with the rate that puts
     * {@code percentile}% of the draws among the newest {@code fraction} of the {@code keys}
     * records, truncated to the current record count c (YCSB draws again while the key would be
     * negative; inverting the truncated distribution gives the same law in bounded time); key
     * c - 1 - floor(X). Because of the truncation slightly more than {@code percentile}% land in
     * that window when the window is most of the keys: with YCSB's defaults (95, 0.8571428571,
     * which YCSB's comment calls 1/7 though it is 6/7), 97.97%.
     */
    final class Exponential implements KeyDistribution {
        public static final double DEFAULT_PERCENTILE = 95;
        public static final double DEFAULT_FRACTION = 0.8571428571;

        private final int keys;
        private final double percentile;
        private final double fraction;
        private final double rate;
        private final double massOfKeys;
        private final IntSupplier recordCount; // null: always keys

        public Exponential(int keys, double percentile, double fraction) {
            this(keys, percentile, fraction, null);
        }

        public Exponential(int keys, double percentile, double fraction, IntSupplier recordCount) {
            requirePositive(keys);
            if (!(percentile > 0 && percentile < 100)) {
                throw new IllegalArgumentException("exponential's percentile must be in (0, 100), not " + percentile);
            }
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("exponential's fraction of keys must be in (0, 1], not " + fraction);
            }
            this.keys = keys;
            this.percentile = percentile;
            this.fraction = fraction;
            this.rate = -Math.log1p(-percentile / 100) / (fraction * keys);
            this.massOfKeys = -Math.expm1(-rate * keys);
            this.recordCount = recordCount;
        }

        @Override
        public int next(SplittableRandom random) {
            int count = count(keys, recordCount);
            double mass = count == keys ? massOfKeys : -Math.expm1(-rate * count);
            double offset = -Math.log1p(-random.nextDouble() * mass) / rate;
            return count - 1 - (int) Math.min(offset, count - 1);
        }

        @Override
        public int keys() {
            return keys;
        }

        public double percentile() {
            return percentile;
        }

        public double fraction() {
            return fraction;
        }

        /** The exponential's rate per key of offset. */
        public double rate() {
            return rate;
        }

        @Override
        public String spec() {
            return "exponential:" + percentile + ":" + fraction;
        }

        @Override
        public String describe() {
            return KeyDistribution.super.describe() + (recordCount == null ? "" : " and the records inserted since");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exponential e && e.keys == keys && Double.compare(e.percentile, percentile) == 0
                    && Double.compare(e.fraction, fraction) == 0 && Objects.equals(e.recordCount, recordCount);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keys, percentile, fraction, recordCount);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Key i for the i-th draw modulo the record count (YCSB's SequentialGenerator): 0, 1, ...,
     * c - 1, 0, ... One counter shared by every caller (a wait-free increment), so with several
     * threads each gets some of the keys in order; a count that grows shifts where the wrap falls.
     */
    final class Sequential implements KeyDistribution {
        private final int keys;
        private final IntSupplier recordCount; // null: always keys
        private final AtomicLong draws = new AtomicLong();

        public Sequential(int keys) {
            this(keys, null);
        }

        public Sequential(int keys, IntSupplier recordCount) {
            requirePositive(keys);
            this.keys = keys;
            this.recordCount = recordCount;
        }

        @Override
        public int next(SplittableRandom random) {
            int count = count(keys, recordCount);
            return (int) Long.remainderUnsigned(draws.getAndIncrement(), count);
        }

        @Override
        public int keys() {
            return keys;
        }

        @Override
        public String spec() {
            return "sequential";
        }

        @Override
        public String describe() {
            return KeyDistribution.super.describe() + (recordCount == null ? "" : " and the records inserted since");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sequential s && s.keys == keys && Objects.equals(s.recordCount, recordCount);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keys, recordCount);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** A hot set of the first {@code fraction} of the keys gets {@code probability} of the operations (YCSB's hotspot). */
    record Hotspot(int keys, double fraction, double probability) implements KeyDistribution {
        public Hotspot {
            requirePositive(keys);
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("hotspot's fraction of keys must be in (0, 1), not " + fraction);
            }
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("hotspot's probability must be in [0, 1], not " + probability);
            }
        }

        @Override
        public int next(SplittableRandom random) {
            int hot = Math.max(1, (int) Math.round(keys * fraction));
            if (hot >= keys || random.nextDouble() < probability) {
                return random.nextInt(hot);
            }
            return hot + random.nextInt(keys - hot);
        }

        @Override
        public String spec() {
            return "hotspot:" + fraction + ":" + probability;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** {@link #parse(String, int, IntSupplier)} over a record count that stays {@code keys}. */
    static KeyDistribution parse(String text, int keys) {
        return KeyDistributionParser.parse(text, keys, null);
    }

    /**
     * One of {@code uniform}, {@code zipf:THETA} (scrambled) or {@code zipf:THETA:ordered},
     * {@code latest} or {@code latest:THETA} (theta 0.99 by default), {@code sequential},
     * {@code exponential} or {@code exponential:PERCENTILE:FRACTION} (95 and 0.8571428571 by
     * default), {@code hotspot:FRACTION:PROBABILITY}, over {@code keys} keys; latest, exponential
     * and sequential over {@code recordCount.getAsInt()} records at each draw (the records inserted
     * so far, at least {@code keys}). Bad text is an IllegalArgumentException whose one-line message
     * names the bad part.
     */
    static KeyDistribution parse(String text, int keys, IntSupplier recordCount) {
        return KeyDistributionParser.parse(text, keys, Objects.requireNonNull(recordCount, "recordCount"));
    }

    private static void requirePositive(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("there must be at least one key, not " + keys);
        }
    }

    private static int checkIndex(int index, int keys) {
        if (index < 0 || index >= keys) {
            throw new IllegalArgumentException(index + " is outside [0, " + keys + ")");
        }
        return index;
    }

    private static int count(int keys, IntSupplier recordCount) {
        if (recordCount == null) {
            return keys;
        }
        int count = recordCount.getAsInt();
        if (count < keys) {
            throw new IllegalStateException("the record count " + count + " is below the " + keys + " keys loaded");
        }
        return count;
    }
}
