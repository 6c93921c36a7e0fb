package keystorm.workloads.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A benchmark's mix of logical operations, as YCSB's CoreWorkload defines one
 * (github.com/brianfrankcooper/YCSB, {@code workloads/workloada} to {@code workloadf} and
 * {@code CoreWorkload.java}): the proportions of reads, updates, inserts, scans and
 * read-modify-writes, the request distribution, the records, the fields and the scan length. The
 * proportions are weights: an operation is drawn with its weight over their sum, as YCSB's
 * {@code DiscreteGenerator} does.
 *
 * <p>Besides YCSB's six, {@code write-heavy}: 90% inserts of new items under a logical key drawn
 * from the distribution, 10% point reads of the item last written under a drawn logical key, the
 * access pattern that partition-key strategies are for (a random suffix spreads the writes and
 * makes each read ask every suffix).
 *
 * @param name              {@code ycsb-a} ... {@code ycsb-f}, {@code write-heavy}, or the file it was read from
 * @param proportions       weights indexed by {@link Op#ordinal()}, at least one positive
 * @param writeHeavy        whether inserts add items under existing logical keys (write-heavy)
 *                          instead of new records (YCSB)
 * @param requestDistribution the key distribution in keystorm's spelling ({@code zipf:0.99}, {@code latest})
 * @param recordCount       records the file names (0: none named, the bench's {@code --records} decides)
 * @param fieldCount        fields per item ({@code field0} ...)
 * @param fieldLength       characters per field (0: none named, the bench's {@code --item-bytes} decides)
 * @param maxScanLength     a scan reads 1 to this many items, uniformly
 */
public record BenchWorkload(String name, double[] proportions, boolean writeHeavy, String requestDistribution,
                            int recordCount, int fieldCount, int fieldLength, int maxScanLength) {

    /** The logical operations, in the order {@link keystorm.workloads.bench.load.CycleSource#operations()} names them. */
    public enum Op {
        READ("read"), UPDATE("update"), INSERT("insert"), SCAN("scan"), READ_MODIFY_WRITE("read-modify-write");

        private final String spelling;

        Op(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }
    }

    /** YCSB's zipfian constant (ZipfianGenerator.ZIPFIAN_CONSTANT). */
    public static final String YCSB_ZIPFIAN = "zipf:0.99";
    public static final int FIELD_COUNT_DEFAULT = 10;
    public static final int MAX_SCAN_LENGTH_DEFAULT = 100;
    public static final int FIELD_COUNT_MAX = 100;

    public BenchWorkload {
        if (proportions.length != Op.values().length) {
            throw new IllegalArgumentException("one proportion per operation");
        }
        double sum = 0;
        for (double p : proportions) {
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException(name + ": a proportion is a number from 0, not " + p);
            }
            sum += p;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException(name + ": every operation's proportion is 0");
        }
        if (fieldCount < 1 || fieldCount > FIELD_COUNT_MAX) {
            throw new IllegalArgumentException(name + ": fieldcount is 1 to " + FIELD_COUNT_MAX + ", not " + fieldCount);
        }
        if (recordCount < 0 || fieldLength < 0 || maxScanLength < 1) {
            throw new IllegalArgumentException(name + ": recordcount and fieldlength are at least 0, maxscanlength at least 1");
        }
        proportions = proportions.clone();
    }

    /** The built-in names. */
    public static List<String> names() {
        return List.of("ycsb-a", "ycsb-b", "ycsb-c", "ycsb-d", "ycsb-e", "ycsb-f", "write-heavy");
    }

    /** A built-in workload, or null. */
    public static BenchWorkload builtIn(String name) {
        return switch (name) {
            // read, update, insert, scan, read-modify-write
            case "ycsb-a" -> ycsb(name, new double[] {0.5, 0.5, 0, 0, 0}, YCSB_ZIPFIAN);
            case "ycsb-b" -> ycsb(name, new double[] {0.95, 0.05, 0, 0, 0}, YCSB_ZIPFIAN);
            case "ycsb-c" -> ycsb(name, new double[] {1, 0, 0, 0, 0}, YCSB_ZIPFIAN);
            case "ycsb-d" -> ycsb(name, new double[] {0.95, 0, 0.05, 0, 0}, "latest");
            case "ycsb-e" -> ycsb(name, new double[] {0, 0, 0.05, 0.95, 0}, YCSB_ZIPFIAN);
            case "ycsb-f" -> ycsb(name, new double[] {0.5, 0, 0, 0, 0.5}, YCSB_ZIPFIAN);
            case "write-heavy" -> new BenchWorkload(name, new double[] {0.1, 0, 0.9, 0, 0}, true, YCSB_ZIPFIAN, 0,
                    FIELD_COUNT_DEFAULT, 0, MAX_SCAN_LENGTH_DEFAULT);
            default -> null;
        };
    }

    private static BenchWorkload ycsb(String name, double[] proportions, String distribution) {
        return new BenchWorkload(name, proportions, false, distribution, 0, FIELD_COUNT_DEFAULT, 0, MAX_SCAN_LENGTH_DEFAULT);
    }

    /**
     * A built-in name, or the path of a YCSB CoreWorkload properties file.
     *
     * @throws IllegalArgumentException naming the unknown workload or the bad property
     * @throws IOException              the file cannot be read
     */
    public static BenchWorkload parse(String nameOrFile) throws IOException {
        BenchWorkload builtIn = builtIn(nameOrFile);
        if (builtIn != null) {
            return builtIn;
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("'" + nameOrFile + "' is neither " + String.join(", ", names())
                    + " nor a YCSB workload file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return fromProperties(nameOrFile, properties);
    }

    /**
     * A workload from YCSB CoreWorkload properties, with YCSB's defaults for what they leave out
     * (readproportion 0.95, updateproportion 0.05, the others 0; requestdistribution uniform;
     * fieldcount 10; maxscanlength 1000).
     */
    public static BenchWorkload fromProperties(String name, Properties properties) {
        double[] proportions = {
                number(name, properties, "readproportion", 0.95),
                number(name, properties, "updateproportion", 0.05),
                number(name, properties, "insertproportion", 0),
                number(name, properties, "scanproportion", 0),
                number(name, properties, "readmodifywriteproportion", 0)};
        String distribution = switch (properties.getProperty("requestdistribution", "uniform").strip().toLowerCase(Locale.ROOT)) {
            case "uniform" -> "uniform";
            case "zipfian" -> YCSB_ZIPFIAN;
            case "latest" -> "latest";
            case "sequential" -> "sequential";
            case "exponential" -> "exponential";
            // YCSB's defaults: hotspotdatafraction 0.2, hotspotopnfraction 0.8
            case "hotspot" -> "hotspot:" + number(name, properties, "hotspotdatafraction", 0.2) + ":"
                    + number(name, properties, "hotspotopnfraction", 0.8);
            default -> throw new IllegalArgumentException(name + ": requestdistribution is uniform, zipfian, latest, "
                    + "hotspot, sequential or exponential, not '" + properties.getProperty("requestdistribution") + "'");
        };
        String scanLength = properties.getProperty("scanlengthdistribution", "uniform").strip();
        if (!scanLength.equals("uniform")) {
            throw new IllegalArgumentException(name + ": keystorm takes scanlengthdistribution=uniform only, not '"
                    + scanLength + "'");
        }
        return new BenchWorkload(name, proportions, false, distribution,
                whole(name, properties, "recordcount", 0, Integer.MAX_VALUE),
                whole(name, properties, "fieldcount", FIELD_COUNT_DEFAULT, FIELD_COUNT_MAX),
                whole(name, properties, "fieldlength", 0, 400_000),
                whole(name, properties, "maxscanlength", 1000, 100_000));
    }

    private static double number(String name, Properties properties, String key, double defaultValue) {
        String text = properties.getProperty(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + ": " + key + " is a number from 0, not " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + key + " is a number, not '" + text + "'");
        }
    }

    private static int whole(String name, Properties properties, String key, int defaultValue, int max) {
        String text = properties.getProperty(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0 || value > max) {
                throw new IllegalArgumentException(name + ": " + key + " is a whole number from 0 to " + max + ", not " + text);
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + key + " is a whole number, not '" + text + "'");
        }
    }

    /**
     * Whether this is a YCSB mix (built-in or a file): one item per record, so a partition-key
     * strategy, which spreads the items of a logical key, has nothing to spread; write-heavy is not.
     */
    public boolean ycsb() {
        return !writeHeavy;
    }

    /** The operations with a positive proportion, in {@link Op} order. */
    public List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        for (Op op : Op.values()) {
            if (proportions[op.ordinal()] > 0) {
                ops.add(op);
            }
        }
        return ops;
    }

    /** An operation's share of all, in [0, 1]. */
    public double share(Op op) {
        double sum = 0;
        for (double p : proportions) {
            sum += p;
        }
        return proportions[op.ordinal()] / sum;
    }

    /** The operation a uniform draw {@code u} in [0, 1) falls on. */
    public Op choose(double u) {
        double sum = 0;
        for (double p : proportions) {
            sum += p;
        }
        double target = u * sum;
        double cumulative = 0;
        Op last = null;
        for (Op op : Op.values()) {
            double p = proportions[op.ordinal()];
            if (p > 0) {
                cumulative += p;
                last = op;
                if (target < cumulative) {
                    return op;
                }
            }
        }
        return last; // u * sum rounded up to the sum
    }

    @Override
    public double[] proportions() {
        return proportions.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BenchWorkload w && name.equals(w.name) && java.util.Arrays.equals(proportions, w.proportions)
                && writeHeavy == w.writeHeavy && requestDistribution.equals(w.requestDistribution)
                && recordCount == w.recordCount && fieldCount == w.fieldCount && fieldLength == w.fieldLength
                && maxScanLength == w.maxScanLength;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(proportions);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name).append(" (");
        List<Op> ops = operations();
        for (int i = 0; i < ops.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(Math.round(share(ops.get(i)) * 1000) / 10.0).append("% ")
                    .append(ops.get(i).spelling());
        }
        return text.append(", ").append(requestDistribution).append(")").toString();
    }
}
