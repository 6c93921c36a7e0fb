package keystorm.workloads.keys;

import java.util.SplittableRandom;

/**
 * Which of {@code n} keys an operation touches. Each draws from the random source it is given, so a
 * seeded generator gives the same keys. Parsed from {@code uniform}, {@code zipf:THETA},
 * {@code hotspot:FRACTION:PROBABILITY}.
 */
public sealed interface KeyDistribution {
    /** A key index in [0, n). */
    int next(SplittableRandom random);

    int keys();

    /** Every key equally likely. */
    record Uniform(int keys) implements KeyDistribution {
        public Uniform {
            requirePositive(keys);
        }

        @Override
        public int next(SplittableRandom random) {
            return random.nextInt(keys);
        }
    }

    /**
     * Key i (from 0) with probability proportional to 1 / (i + 1)^theta, by inverting a table of
     * the cumulative weights (exact for any theta > 0, O(keys) memory, O(log keys) per draw).
     */
    record Zipf(int keys, double theta, double[] cumulative) implements KeyDistribution {
        public Zipf(int keys, double theta) {
            this(keys, theta, table(keys, theta));
        }

        private static double[] table(int keys, double theta) {
            requirePositive(keys);
            if (!(theta > 0) || theta > 10 || Double.isNaN(theta)) {
                throw new IllegalArgumentException("zipf's theta must be in (0, 10], not " + theta);
            }
            double[] cumulative = new double[keys];
            double sum = 0;
            for (int i = 0; i < keys; i++) {
                sum += 1 / Math.pow(i + 1, theta);
                cumulative[i] = sum;
            }
            for (int i = 0; i < keys; i++) {
                cumulative[i] /= sum;
            }
            return cumulative;
        }

        @Override
        public int next(SplittableRandom random) {
            double u = random.nextDouble();
            int index = java.util.Arrays.binarySearch(cumulative, u);
            return Math.min(keys - 1, index >= 0 ? index : -index - 1);
        }

        @Override
        public String toString() {
            return "zipf:" + theta + " over " + keys + " keys";
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
    }

    /** {@code uniform}, {@code zipf:THETA} or {@code hotspot:FRACTION:PROBABILITY} over {@code keys} keys. */
    static KeyDistribution parse(String text, int keys) {
        String[] parts = text.split(":");
        try {
            return switch (parts[0]) {
                case "uniform" -> {
                    if (parts.length != 1) {
                        throw new IllegalArgumentException("uniform takes no parameters");
                    }
                    yield new Uniform(keys);
                }
                case "zipf" -> {
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("zipf takes one parameter, zipf:THETA");
                    }
                    yield new Zipf(keys, Double.parseDouble(parts[1]));
                }
                case "hotspot" -> {
                    if (parts.length != 3) {
                        throw new IllegalArgumentException("hotspot takes two parameters, hotspot:FRACTION:PROBABILITY");
                    }
                    yield new Hotspot(keys, Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
                }
                default -> throw new IllegalArgumentException("the key distributions are uniform, zipf:THETA and "
                        + "hotspot:FRACTION:PROBABILITY");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in '" + text + "'");
        }
    }

    private static void requirePositive(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("there must be at least one key, not " + keys);
        }
    }
}
