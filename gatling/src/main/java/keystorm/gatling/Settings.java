package keystorm.gatling;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import keystorm.workloads.bench.TableMode;

/**
 * What a simulation is asked to do, read from system properties ({@code -Drate=200}); the Gatling
 * Maven plugin hands the command line's {@code -D} properties to the JVM it forks. Every value is
 * checked here, so a typo stops the run before the load phase with one line that names it.
 *
 * @param target              the endpoint, or null to start keystorm serve in-process ({@code -Dtarget=URL})
 * @param ratePerSecond       arrivals a second, each one operation ({@code -Drate})
 * @param warmupSeconds       seconds at the rate before the measured phase, its requests silent (not in the
 *                            report): the JIT of Gatling and of an in-process serve warms up ({@code -Dwarmup})
 * @param rampSeconds         seconds of a linear ramp from 1 to the rate before the steady phase ({@code -Dramp})
 * @param durationSeconds     seconds at the steady rate ({@code -Dduration})
 * @param records             items the load phase writes ({@code -Drecords})
 * @param keyDistribution     {@code uniform}, {@code zipf:THETA}, {@code hotspot:F:P} ({@code -DkeyDist})
 * @param strategy            the partition-key strategy's spec ({@code -Dstrategy})
 * @param itemBytes           bytes of field values an item carries, over {@code fieldCount} fields ({@code -DitemBytes})
 * @param fieldCount          fields of an item, field0..field{n-1} ({@code -Dfields}; YCSB's fieldcount)
 * @param p99MillisMax        the p99 the run asserts it stays below ({@code -Dp99Ms})
 * @param throttledPercentMax the share of failed (throttled) requests it asserts it stays at or below
 * @param seed                the seed of every key and value drawn ({@code -Dseed})
 * @param table               the table's name ({@code -Dtable})
 * @param tableMode           {@code on-demand} or {@code provisioned:RCU:WCU} ({@code -DtableMode})
 */
public record Settings(URI target, double ratePerSecond, int warmupSeconds, int rampSeconds, int durationSeconds, int records,
                       String keyDistribution, String strategy, int itemBytes, int fieldCount, int p99MillisMax,
                       double throttledPercentMax, long seed, String table, TableMode tableMode) {
    /** Every setting a simulation reads, with the defaults both share; a simulation overrides some. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("target", ""), Map.entry("rate", "100"), Map.entry("warmup", "5"), Map.entry("ramp", "0"), Map.entry("duration", "20"),
            Map.entry("records", "1000"), Map.entry("keyDist", "uniform"), Map.entry("strategy", "natural"),
            Map.entry("itemBytes", "1000"), Map.entry("fields", "10"), Map.entry("p99Ms", "100"),
            Map.entry("throttledPercentMax", "1"), Map.entry("seed", "1"), Map.entry("table", "keystorm_bench"),
            Map.entry("tableMode", "on-demand"));

    public Settings {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of operations a second, not " + ratePerSecond);
        }
        if (itemBytes < fieldCount) {
            throw new IllegalArgumentException("itemBytes (" + itemBytes + ") must give each of the " + fieldCount
                    + " fields at least one byte");
        }
        if (!(throttledPercentMax >= 0 && throttledPercentMax <= 100)) {
            throw new IllegalArgumentException("throttledPercentMax must be in [0, 100], not " + throttledPercentMax);
        }
        if (!table.matches("[a-zA-Z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("'" + table + "' is not a DynamoDB table name");
        }
    }

    /** Reads the settings from {@code properties}, a missing one from {@code overrides}, then {@link #DEFAULTS}. */
    public static Settings from(Properties properties, Map<String, String> overrides) {
        Reader in = new Reader(properties, overrides);
        String target = in.text("target");
        return new Settings(target.isEmpty() ? null : uri(target), in.decimal("rate"), in.whole("warmup", 0), in.whole("ramp", 0),
                in.whole("duration", 1), in.whole("records", 1), in.text("keyDist"), in.text("strategy"),
                in.whole("itemBytes", 1), in.whole("fields", 1), in.whole("p99Ms", 1),
                in.decimal("throttledPercentMax"), in.longValue("seed"), in.text("table"),
                TableMode.parse(in.text("tableMode")));
    }

    /** Bytes of each field's value: {@code itemBytes} shared over the fields (YCSB's fieldlength). */
    public int fieldBytes() {
        return itemBytes / fieldCount;
    }

    private static URI uri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target '" + text + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("target '" + text + "' is not an http(s)://host[:port] URL");
        }
        return uri;
    }

    /** Typed reads of one property each, with the property's name in every complaint. */
    public static final class Reader {
        private final Properties properties;
        private final Map<String, String> overrides;

        public Reader(Properties properties, Map<String, String> overrides) {
            this.properties = properties;
            this.overrides = overrides;
        }

        public String text(String name) {
            String value = properties.getProperty(name);
            if (value == null) {
                value = overrides.get(name);
            }
            if (value == null) {
                value = DEFAULTS.get(name);
            }
            if (value == null) {
                throw new IllegalStateException("no default for the setting " + name);
            }
            return value.strip();
        }

        public int whole(String name, int min) {
            String text = text(name);
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'");
            }
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
            }
            return value;
        }

        public long longValue(String name) {
            String text = text(name);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'");
            }
        }

        public double decimal(String name) {
            String text = text(name);
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, not '" + text + "'");
            }
        }

        public boolean bool(String name) {
            String text = text(name);
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, not '" + text + "'");
            };
        }
    }
}
