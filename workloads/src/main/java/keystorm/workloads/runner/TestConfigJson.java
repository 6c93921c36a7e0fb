package keystorm.workloads.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.engine.fault.Bug;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.client.Targets;
import keystorm.workloads.nemesis.NemesisKind;

/**
 * A {@link TestConfig} as the run store's {@code test.json} holds it (the file contract, format 1):
 * {@code {"format":1,"kind":"test","name","started","command","seed","options":{...}}}, the
 * options being exactly the config's fields in the contract's names and units (durations in
 * seconds, the target as {@code embedded}, {@code serve} or its URL, nemeses and bugs by their
 * command-line names), plus whether the run was simulated or a swarm's.
 *
 * <p>Two fields of a config are not the test's but the machine's, and stay out of the file: the
 * store (the directory that holds the file) and the command that starts {@code keystorm serve}
 * (this installation's java and class path); {@link #read} takes them from its caller.
 */
public final class TestConfigJson {
    public static final int FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TestConfigJson() {
    }

    /** The contract's test options of {@code config}. */
    public static ObjectNode write(TestConfig config, boolean simulate, boolean swarm) {
        ObjectNode options = JSON.createObjectNode();
        options.put("workload", config.workload());
        options.put("target", TestConfig.describe(config.target()));
        ArrayNode nemeses = options.putArray("nemeses");
        config.nemeses().forEach(k -> nemeses.add(k.cliName()));
        options.put("nemesisIntervalSeconds", config.nemesisInterval().toMillis() / 1000.0);
        options.put("timeLimitSeconds", config.timeLimit().toMillis() / 1000.0);
        options.put("concurrency", config.concurrency());
        options.put("rate", config.rate());
        options.put("keys", config.keys());
        options.put("keyDistribution", config.keyDistribution());
        options.put("seed", config.seed());
        ArrayNode bugs = options.putArray("bugs");
        config.bugs().stream().map(Bug::cliName).sorted().forEach(bugs::add);
        if (config.consistencyModel() != null) {
            options.put("consistencyModel", config.consistencyModel().spelling());
        }
        options.put("replicaLagMillis", config.replicaLagMillis());
        options.put("sync", config.sync().name().toLowerCase(Locale.ROOT));
        options.put("region", config.region());
        options.put("awsCredentials", config.awsCredentials());
        options.put("keepTables", config.keepTables());
        options.put("readIndex", config.readIndex());
        options.put("indexLagMillis", config.indexLagMillis());
        options.put("ttlDelayMillis", config.ttlDelayMillis());
        options.put("simulate", simulate);
        options.put("swarm", swarm);
        return options;
    }

    /** The config of test options, its store the command line's default ({@code store}). */
    public static TestConfig read(JsonNode options, List<String> serveCommand) {
        return read(options, serveCommand, Path.of("store"));
    }

    /**
     * The config the options describe.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong, and why
     */
    public static TestConfig read(JsonNode options, List<String> serveCommand, Path store) {
        if (options == null || !options.isObject()) {
            throw new IllegalArgumentException("options: expected an object, not " + options);
        }
        String workload = text(options, "workload");
        Targets.Target target;
        try {
            target = Targets.parse(text(options, "target"));
        } catch (IllegalArgumentException e) {
            throw bad("target", e.getMessage());
        }
        List<NemesisKind> nemeses = new ArrayList<>();
        for (String name : texts(options, "nemeses")) {
            try {
                nemeses.add(NemesisKind.byCliName(name));
            } catch (IllegalArgumentException e) {
                throw bad("nemeses", e.getMessage());
            }
        }
        Duration interval = seconds(options, "nemesisIntervalSeconds");
        Duration timeLimit = seconds(options, "timeLimitSeconds");
        int concurrency = (int) integer(options, "concurrency", 1, 10_000);
        double rate = number(options, "rate");
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw bad("rate", "operations a second, 0 or more, not " + rate);
        }
        int keys = (int) integer(options, "keys", 1, Integer.MAX_VALUE);
        String keyDistribution = text(options, "keyDistribution");
        long seed = integer(options, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        Set<Bug> bugs = EnumSet.noneOf(Bug.class);
        for (String name : texts(options, "bugs")) {
            Bug bug = Bug.byCliName(name);
            if (bug == null) {
                throw bad("bugs", "no such bug: '" + name + "'");
            }
            bugs.add(bug);
        }
        ConsistencyModel model = null;
        if (options.has("consistencyModel")) {
            try {
                model = ConsistencyModel.parse(text(options, "consistencyModel"));
            } catch (IllegalArgumentException e) {
                throw bad("consistencyModel", e.getMessage());
            }
        }
        long lag = integer(options, "replicaLagMillis", 0, Long.MAX_VALUE);
        String syncName = text(options, "sync");
        SyncPolicy sync = SyncPolicy.byCliName(syncName);
        if (sync == null) {
            throw bad("sync", "always, batch or never, not '" + syncName + "'");
        }
        String region = text(options, "region");
        boolean awsCredentials = bool(options, "awsCredentials");
        boolean keepTables = bool(options, "keepTables");
        // absent from the test.json of a run older than --read-index: the table was read, with no index lag
        boolean readIndex = options.has("readIndex") && bool(options, "readIndex");
        long indexLag = options.has("indexLagMillis") ? integer(options, "indexLagMillis", 0, Long.MAX_VALUE) : 0;
        // absent from the test.json of a run older than --ttl-delay: the engine's own delay
        long ttlDelay = options.has("ttlDelayMillis") ? integer(options, "ttlDelayMillis", 0, Long.MAX_VALUE)
                : TestConfig.TTL_DELAY_MILLIS_DEFAULT;
        return new TestConfig(workload, target, nemeses, interval, timeLimit, concurrency, rate, keys, keyDistribution,
                seed, bugs, model, store, keepTables, lag, sync, serveCommand, region, awsCredentials, readIndex, indexLag,
                ttlDelay);
    }

    /** The whole test.json of a run of {@code config}, written into {@code directory} (replaced whole, never half written). */
    public static void writeTestJson(Path directory, TestConfig config, boolean simulate, boolean swarm, String command,
                                     Instant started) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", "test");
        root.put("name", config.workload());
        root.put("started", started.toString());
        root.put("command", command);
        root.put("seed", config.seed());
        root.set("options", write(config, simulate, swarm));
        AtomicFiles.write(directory.resolve("test.json"), JSON.writeValueAsString(root) + "\n");
    }

    private static JsonNode field(JsonNode options, String name) {
        JsonNode value = options.get(name);
        if (value == null || value.isNull()) {
            throw bad(name, "missing");
        }
        return value;
    }

    private static String text(JsonNode options, String name) {
        JsonNode value = field(options, name);
        if (!value.isTextual()) {
            throw bad(name, "expected a string, not " + value);
        }
        return value.asText();
    }

    private static List<String> texts(JsonNode options, String name) {
        JsonNode value = field(options, name);
        if (!value.isArray()) {
            throw bad(name, "expected an array of strings, not " + value);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw bad(name, "expected an array of strings, not " + value);
            }
            out.add(element.asText());
        }
        return out;
    }

    private static double number(JsonNode options, String name) {
        JsonNode value = field(options, name);
        if (!value.isNumber()) {
            throw bad(name, "expected a number, not " + value);
        }
        return value.asDouble();
    }

    private static long integer(JsonNode options, String name, long min, long max) {
        JsonNode value = field(options, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw bad(name, "expected an integer, not " + value);
        }
        long n = value.asLong();
        if (n < min || n > max) {
            throw bad(name, "expected " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    private static boolean bool(JsonNode options, String name) {
        JsonNode value = field(options, name);
        if (!value.isBoolean()) {
            throw bad(name, "expected true or false, not " + value);
        }
        return value.asBoolean();
    }

    private static Duration seconds(JsonNode options, String name) {
        double seconds = number(options, name);
        if (!(seconds > 0) || seconds > 1e12) {
            throw bad(name, "expected a positive number of seconds, not " + seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static IllegalArgumentException bad(String field, String why) {
        return new IllegalArgumentException("test.json options." + field + ": " + why);
    }
}
