package keystorm.workloads.keys;

import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The text of a key distribution ({@code zipf:0.99}, {@code latest}, ...) to the distribution.
 * Every failure is one line that quotes the text and names the bad part: the CLI prefixes the flag
 * and exits 64.
 */
final class KeyDistributionParser {
    static final String NAMES = "uniform, zipf:THETA[:ordered], latest[:THETA], sequential, "
            + "exponential[:PERCENTILE:FRACTION], hotspot:FRACTION:PROBABILITY";

    private KeyDistributionParser() {
    }

    /** {@code recordCount} null: a record count that stays {@code keys}. */
    static KeyDistribution parse(String text, int keys, IntSupplier recordCount) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no key distribution given; the names are " + NAMES);
        }
        String[] parts = text.split(":", -1);
        return switch (parts[0]) {
            case "uniform" -> {
                arity(text, parts, 1, 1, "uniform");
                yield construct(text, () -> new KeyDistribution.Uniform(keys));
            }
            case "zipf" -> {
                arity(text, parts, 2, 3, "zipf:THETA[:ordered]");
                double theta = number(text, parts[1], "theta");
                if (parts.length == 2 || parts[2].equals("scrambled")) {
                    yield construct(text, () -> new KeyDistribution.Zipf(keys, theta));
                }
                if (!parts[2].equals("ordered")) {
                    throw new IllegalArgumentException("'" + text + "': zipf's order is 'ordered' or 'scrambled', not '"
                            + parts[2] + "'");
                }
                yield construct(text, () -> KeyDistribution.Zipf.ordered(keys, theta));
            }
            case "latest" -> {
                arity(text, parts, 1, 2, "latest[:THETA]");
                double theta = parts.length == 1 ? KeyDistribution.Latest.DEFAULT_THETA : number(text, parts[1], "theta");
                yield construct(text, () -> new KeyDistribution.Latest(keys, theta, recordCount));
            }
            case "sequential" -> {
                arity(text, parts, 1, 1, "sequential");
                yield construct(text, () -> new KeyDistribution.Sequential(keys, recordCount));
            }
            case "exponential" -> {
                if (parts.length == 2) {
                    throw new IllegalArgumentException("'" + text + "': exponential takes both or neither of "
                            + "PERCENTILE and FRACTION, exponential[:PERCENTILE:FRACTION]");
                }
                arity(text, parts, 1, 3, "exponential[:PERCENTILE:FRACTION]");
                double percentile = parts.length == 1 ? KeyDistribution.Exponential.DEFAULT_PERCENTILE
                        : number(text, parts[1], "percentile");
                double fraction = parts.length == 1 ? KeyDistribution.Exponential.DEFAULT_FRACTION
                        : number(text, parts[2], "fraction");
                yield construct(text, () -> new KeyDistribution.Exponential(keys, percentile, fraction, recordCount));
            }
            case "hotspot" -> {
                arity(text, parts, 3, 3, "hotspot:FRACTION:PROBABILITY");
                double fraction = number(text, parts[1], "fraction");
                double probability = number(text, parts[2], "probability");
                yield construct(text, () -> new KeyDistribution.Hotspot(keys, fraction, probability));
            }
            default -> throw new IllegalArgumentException("unknown key distribution '" + parts[0]
                    + "'; the names are " + NAMES);
        };
    }

    /** A parameter out of range is the constructor's message, prefixed with the text. */
    private static KeyDistribution construct(String text, Supplier<KeyDistribution> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    private static void arity(String text, String[] parts, int min, int max, String form) {
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException("'" + text + "': " + parts[0]
                    + (max == 1 ? " takes no parameters" : " is written " + form));
        }
    }

    private static double number(String text, String part, String name) {
        try {
            return Double.parseDouble(part);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': " + name + " '" + part + "' is not a number");
        }
    }
}
