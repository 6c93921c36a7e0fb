package keystorm.workloads.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * DynamoDB's throughput prices, in US dollars: on demand per million read and write request
 * units, provisioned per read and write capacity unit-hour. Storage, backups, streams and data
 * transfer are left out: a benchmark of requests says nothing about them.
 *
 * <p>The defaults ({@link #US_EAST_1}) are the published us-east-1 prices of the Standard table
 * class: on demand $0.125 per million read request units and $0.625 per million write request
 * units (the prices since the on-demand cut of 2024-11-01, "Amazon DynamoDB reduces prices for
 * on-demand throughput and global tables"), provisioned $0.00013 per RCU-hour and $0.00065 per
 * WCU-hour (aws.amazon.com/dynamodb/pricing/on-demand/ and /provisioned/). keystorm cannot read
 * AWS's page at run time; the last figures it could cite were read from third-party copies of
 * those pages dated 2025-07-21 (airbyte.com, "Amazon DynamoDB Pricing") and 2025 (zeonedge.com),
 * so {@link #date} says when they were taken and the user sets today's with {@code --price} or a
 * prices file (which the source then names; the date stays that of the prices left alone).
 *
 * @param source where the figures come from, for the report
 * @param date   when they were taken (ISO date)
 */
public record Prices(double onDemandReadPerMillion, double onDemandWritePerMillion, double provisionedRcuHour,
                     double provisionedWcuHour, String source, String date) {
    public static final Prices US_EAST_1 = new Prices(0.125, 0.625, 0.00013, 0.00065,
            "AWS DynamoDB pricing pages, us-east-1, Standard table class (on-demand prices since 2024-11-01)",
            "2025-07-21");

    /** The names a prices file or {@code --price NAME=VALUE} sets. */
    public static final List<String> NAMES = List.of("on-demand-read-per-million", "on-demand-write-per-million",
            "provisioned-rcu-hour", "provisioned-wcu-hour");

    public Prices {
        for (double price : new double[] {onDemandReadPerMillion, onDemandWritePerMillion, provisionedRcuHour,
                provisionedWcuHour}) {
            if (!(price >= 0) || Double.isInfinite(price)) {
                throw new IllegalArgumentException("a price is dollars from 0, not " + price);
            }
        }
    }

    /**
     * These prices with some replaced: {@code name -> dollars}, names from {@link #NAMES}. The
     * prices left alone keep their {@link #source} and {@link #date}; the source goes on to name the
     * replaced ones as set by {@code setBy} (say {@code --price}), whose date keystorm cannot know.
     *
     * @throws IllegalArgumentException naming an unknown name or a bad value
     */
    public Prices with(Map<String, String> values, String setBy) {
        double[] prices = {onDemandReadPerMillion, onDemandWritePerMillion, provisionedRcuHour, provisionedWcuHour};
        if (values.isEmpty()) {
            return this;
        }
        List<String> set = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            int index = NAMES.indexOf(e.getKey().strip());
            if (index < 0) {
                throw new IllegalArgumentException("unknown price '" + e.getKey() + "': the prices are " + String.join(", ", NAMES));
            }
            try {
                double value = Double.parseDouble(e.getValue().strip());
                if (!(value >= 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("price " + e.getKey() + " is dollars from 0, not " + e.getValue());
                }
                prices[index] = value;
                set.add(NAMES.get(index));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("price " + e.getKey() + " is dollars, not '" + e.getValue() + "'");
            }
        }
        return new Prices(prices[0], prices[1], prices[2], prices[3],
                source + "; " + String.join(", ", set.stream().distinct().sorted().toList()) + " set by " + setBy, date);
    }

    /** These prices with those of a properties file ({@code NAME=DOLLARS} lines, names from {@link #NAMES}). */
    public Prices withFile(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return with(values, "prices file " + file);
    }
}
