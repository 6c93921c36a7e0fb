package keystorm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import keystorm.checker.Validity;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.engine.fault.Bug;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.Workloads;
import keystorm.workloads.nemesis.NemesisKind;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.client.Targets;
import keystorm.workloads.runner.TestConfig;
import keystorm.workloads.runner.TestRun;
import keystorm.workloads.sim.Swarm;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm test}: one workload against one store while the nemesis injects faults, then the
 * verdict. Parses flags into a {@link TestConfig} and hands it to {@link TestRun}. Exit status: 0
 * valid, 1 invalid, 2 unknown, 64 a usage error naming the flag, 65 a malformed --schedule or
 * --replay file, 66 one that cannot be opened, 69 a target that cannot be reached, 73 a run
 * directory that cannot be written.
 */
final class TestCommand implements Subcommand {
    @Override
    public String name() {
        return "test";
    }

    @Override
    public String summary() {
        return "drive a store with a workload while injecting faults, then check the history";
    }

    static Options options() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("workload").hasArg().argName("NAME")
                .desc("what to run (default register); see the list below").build());
        options.addOption(Option.builder().longOpt("target").hasArg().argName("TARGET")
                .desc("embedded (default: the engine in this process), serve (a keystorm serve child), or a URL "
                        + "such as http://127.0.0.1:8000 (DynamoDB Local, Alternator, any endpoint)").build());
        options.addOption(Option.builder().longOpt("nemesis").hasArg().argName("LIST")
                .desc("none (default) or a comma-separated list of the faults below").build());
        options.addOption(Option.builder().longOpt("nemesis-interval").hasArg().argName("S")
                .desc("seconds between a fault's start and end, and between faults (default 5)").build());
        options.addOption(Option.builder().longOpt("time-limit").hasArg().argName("S")
                .desc("seconds of operations before the final phase (default 10)").build());
        options.addOption(Option.builder().longOpt("concurrency").hasArg().argName("N")
                .desc("logical clients (default 8)").build());
        options.addOption(Option.builder().longOpt("rate").hasArg().argName("OPS")
                .desc("operations a second over all clients (default " + (int) RATE_DEFAULT
                        + ", hot-key as fast as it goes; 0: as fast as they complete)").build());
        options.addOption(Option.builder().longOpt("keys").hasArg().argName("N")
                .desc("keys (accounts, lists...) the workload spreads over (default 10)").build());
        options.addOption(Option.builder().longOpt("key-dist").hasArg().argName("DIST")
                .desc("uniform (default), zipf:THETA[:ordered] (scrambled, any THETA in (0, 10]), latest[:THETA], "
                        + "sequential, exponential[:PERCENTILE:FRACTION] or hotspot:FRACTION:PROBABILITY").build());
        options.addOption(Option.builder().longOpt("seed").hasArg().argName("N")
                .desc("the seed every random choice derives from (default: drawn, and printed)").build());
        options.addOption(Option.builder().longOpt("bug").hasArg().argName("NAME")
                .desc("seed a bug into keystorm's engine (repeatable); see the list below").build());
        options.addOption(Option.builder().longOpt("replica-lag").hasArg().argName("MS")
                .desc("followers trail the leader by up to MS milliseconds (engine targets; default 0)").build());
        options.addOption(Option.builder().longOpt("read-index")
                .desc("for eventual-register: read through a global secondary index of the table (a Query of the "
                        + "index) instead of the table, and measure how stale the index is").build());
        options.addOption(Option.builder().longOpt("index-lag").hasArg().argName("MS")
                .desc("with --read-index: the engine's global indexes apply each write MS milliseconds after the "
                        + "table (50, 50ms or 2s; engine targets; default 0)").build());
        options.addOption(Option.builder().longOpt("ttl-delay").hasArg().argName("TIME")
                .desc("the engine deletes an item whose Time to Live has passed TIME later (0, 500ms, 2s, 5m or 1h; "
                        + "engine targets; default 5m)").build());
        options.addOption(Option.builder().longOpt("sync").hasArg().argName("POLICY")
                .desc("always (default), batch or never: the log's sync policy where there is one").build());
        options.addOption(Option.builder().longOpt("consistency-model").hasArg().argName("MODEL")
                .desc("for list-append and rw-register: the model to check (default strict-serializable)").build());
        options.addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                .desc("where runs are kept (default store): DIR/<workload>/<timestamp>/").build());
        options.addOption(Option.builder().longOpt("region").hasArg().argName("REGION")
                .desc("the AWS region a URL target is signed for (default us-east-1)").build());
        options.addOption(Option.builder().longOpt("aws-credentials")
                .desc("sign a URL target's requests with the AWS SDK's default credentials (environment, "
                        + "profile, instance role): for Amazon DynamoDB").build());
        options.addOption(Option.builder().longOpt("keep-tables")
                .desc("with a URL target, leave the run's tables instead of deleting them").build());
        options.addOption(Option.builder().longOpt("simulate")
                .desc("run the embedded engine, the clients and the faults on one thread and virtual time: the same "
                        + "seed gives the same history, byte for byte; a failing run is shrunk").build());
        options.addOption(Option.builder().longOpt("swarm")
                .desc("with --simulate: the seed also picks the faults, clients, keys and replica lag not set by a flag").build());
        options.addOption(Option.builder().longOpt("schedule").hasArg().argName("FILE")
                .desc("with --simulate: replay a recorded schedule.json or minimal-schedule.json exactly").build());
        options.addOption(Option.builder().longOpt("no-shrink")
                .desc("with --simulate: keep a failing run as it is, unshrunk").build());
        options.addOption(Option.builder().longOpt("shrink-budget").hasArg().argName("N")
                .desc("with --simulate: the most replays shrinking may run (default " + keystorm.workloads.sim.Shrinker.DEFAULT_MAX_TESTS + ")").build());
        options.addOption(Option.builder().longOpt("replay").hasArg().argName("DIR")
                .desc("run a kept run again from its test.json: the same options and seed (only --store may be added)").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = Flags.parse(options(), args, "test", "keystorm test [--workload NAME] [--target TARGET] [--nemesis LIST] ... (--help)", err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            help(out);
            return ExitStatus.OK;
        }
        if (line.hasOption("replay")) {
            return replay(line, out, err);
        }
        boolean simulate = line.hasOption("simulate");
        TestConfig config;
        try {
            for (String flag : List.of("swarm", "schedule", "no-shrink", "shrink-budget")) {
                if (line.hasOption(flag) && !simulate) {
                    throw new IllegalArgumentException("--" + flag + " needs --simulate");
                }
            }
            for (String flag : List.of("read-index", "index-lag", "ttl-delay")) {
                if (line.hasOption(flag) && simulate) {
                    throw new IllegalArgumentException("--" + flag + " is not simulated (the simulation reads no index): "
                            + "run it without --simulate");
                }
            }
            config = config(line, 10);
            if (!simulate) {
                config.validate(); // a simulation carries out every fault itself, whatever the target would take
            }
        } catch (IllegalArgumentException e) {
            err.println("keystorm test: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        if (simulate) {
            return Simulate.test(line, args, config, out, err);
        }
        return run(config, out, err);
    }

    /** A real (not simulated) run of the config, into a new directory of its store. */
    private static int run(TestConfig config, PrintStream out, PrintStream err) {
        Path directory = TestRun.runDirectory(config);
        out.println("keystorm test: " + config.workload() + " against " + describe(config) + ", seed " + config.seed()
                + (config.nemeses().isEmpty() ? "" : ", nemesis " + names(config.nemeses()))
                + (config.bugs().isEmpty() ? "" : ", bugs " + bugNames(config.bugs()))
                + (config.readIndex() ? ", reads through global index " + keystorm.workloads.register.RegisterWorkload.INDEX
                        + (config.indexLagMillis() > 0 ? " (index lag " + config.indexLagMillis() + " ms)" : "") : ""));
        out.println("  (rerun: " + rerun(config) + ")");
        out.flush();
        RunResult result;
        try {
            result = TestRun.run(config, directory, TestRun.RunOptions.of(rerun(config), err));
        } catch (IOException e) {
            err.println("keystorm test: cannot write the run directory " + directory + " (" + InsightsDirectory.describe(e) + ")");
            return ExitStatus.CANNOT_CREATE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("keystorm test: interrupted");
            return ExitStatus.SOFTWARE;
        } catch (IllegalArgumentException e) {
            err.println("keystorm test: " + e.getMessage()); // a flag the workload refuses (--keys 1 for bank)
            return ExitStatus.USAGE;
        } catch (keystorm.workloads.client.NotSentException | keystorm.workloads.client.IndeterminateException e) {
            err.println("keystorm test: cannot reach --target " + TestConfig.describe(config.target()) + ": "
                    + e.getMessage());
            return ExitStatus.UNAVAILABLE;
        } catch (keystorm.engine.api.DynamoException e) {
            err.println("keystorm test: --target " + TestConfig.describe(config.target()) + " refused the setup: "
                    + e.type() + ": " + e.getMessage());
            return ExitStatus.UNAVAILABLE;
        } catch (IllegalStateException e) {
            err.println("keystorm test: " + Inputs.plain(e.getMessage())); // a serve child that would not start
            return ExitStatus.UNAVAILABLE;
        }
        out.print(result.render());
        Path report = RunFinish.report(directory, err);
        if (report != null) {
            out.println("report: " + report);
        }
        return exit(result.validity());
    }

    /**
     * {@code --replay DIR}: the run DIR/test.json describes, again. A simulation is replayed by the
     * command it recorded (which holds what its swarm chose and what the user fixed); any other run
     * by its options, so the rerun is the run whatever the defaults have become since.
     */
    private static int replay(CommandLine line, PrintStream out, PrintStream err) {
        for (Option option : line.getOptions()) {
            if (!option.getLongOpt().equals("replay") && !option.getLongOpt().equals("store")) {
                err.println("keystorm test: --replay runs a kept run as it was; it takes no --" + option.getLongOpt()
                        + " (only --store)");
                return ExitStatus.USAGE;
            }
        }
        Path dir = Path.of(line.getOptionValue("replay"));
        Path file = dir.resolve("test.json");
        if (!java.nio.file.Files.isDirectory(dir)) {
            err.println("keystorm test: --replay " + dir + ": " + (java.nio.file.Files.exists(dir)
                    ? "not a directory (give the run's directory, which holds its test.json)" : "no such directory"));
            return ExitStatus.NO_INPUT;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            err.println("keystorm test: --replay " + dir + ": no test.json in it"
                    + " (a run of an older keystorm: rerun it by the command in its summary)");
            return ExitStatus.NO_INPUT;
        }
        com.fasterxml.jackson.databind.JsonNode test;
        try {
            test = RunRecords.JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("keystorm test: --replay " + file + ": line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": not JSON (" + Inputs.clean(e.getOriginalMessage()) + ")");
            return ExitStatus.DATA_ERROR;
        } catch (IOException e) {
            err.println("keystorm test: --replay " + file + ": " + Inputs.describe(e));
            return Inputs.status(e);
        }
        if (test == null || test.isMissingNode() || !test.isObject()) {
            err.println("keystorm test: --replay " + file + ": " + (test == null || test.isMissingNode() ? "empty"
                    : "not a JSON object") + " (a test.json as keystorm test writes it)");
            return ExitStatus.DATA_ERROR;
        }
        if (!"test".equals(test.path("kind").asText())) {
            err.println("keystorm test: --replay " + file + ": field \"kind\": " + (test.hasNonNull("kind")
                    ? "a " + test.get("kind").asText() + " run, not a test" : "missing") + (test.hasNonNull("command")
                    ? "; rerun it with: " + test.get("command").asText() : ""));
            return ExitStatus.DATA_ERROR;
        }
        Path store = Path.of(line.getOptionValue("store", "store"));
        if (test.path("options").path("simulate").asBoolean(false)) {
            String command = test.path("command").asText("");
            if (!command.startsWith("keystorm test --simulate")) {
                err.println("keystorm test: --replay " + file + ": field \"command\": a simulated run's replay command, not '"
                        + command + "'");
                return ExitStatus.DATA_ERROR;
            }
            // A schedule's replay follows the schedule it names (its path absolute, whatever the directory now);
            // a seed's replay command holds no value with a space in it.
            String schedule = test.path("options").path("schedule").asText(null);
            List<String> args = schedule != null ? new ArrayList<>(List.of("--simulate", "--schedule", schedule))
                    : new ArrayList<>(List.of(command.substring("keystorm test ".length()).split(" ")));
            args.add("--store");
            args.add(store.toString());
            return new TestCommand().run(args.toArray(String[]::new), out, err);
        }
        TestConfig config;
        try {
            config = keystorm.workloads.runner.TestConfigJson.read(test.path("options"), serveCommand(), store);
            config.validate();
        } catch (IllegalArgumentException e) {
            // TestConfigJson names its field as "test.json options.FIELD": the file is named already
            err.println("keystorm test: --replay " + file + ": " + e.getMessage().replace("test.json options.", "field options.")
                    .replaceFirst("^(field options\\.[A-Za-z]+: )\\1", "$1"));
            return ExitStatus.DATA_ERROR;
        }
        return run(config, out, err);
    }

    static int exit(Validity validity) {
        return switch (validity) {
            case VALID -> ExitStatus.OK;
            case INVALID -> ExitStatus.INVALID;
            case UNKNOWN -> ExitStatus.UNKNOWN;
        };
    }

    /** The flags as a config; IllegalArgumentException naming the flag that is wrong. */
    static TestConfig config(CommandLine line, int defaultTimeLimitSeconds) {
        String workload = line.getOptionValue("workload", "register");
        if (!Workloads.names().contains(workload)) {
            throw new IllegalArgumentException("--workload takes " + String.join(", ", Workloads.names()) + "; not '"
                    + workload + "'");
        }
        Targets.Target target = Targets.parse(line.getOptionValue("target", "embedded"));
        if (!(target instanceof Targets.Target.Endpoint)) {
            for (String flag : List.of("keep-tables", "region", "aws-credentials")) {
                if (line.hasOption(flag)) {
                    throw new IllegalArgumentException("--" + flag + " is for a URL --target (a DynamoDB endpoint), not --target "
                            + TestConfig.describe(target));
                }
            }
        }
        List<NemesisKind> nemeses = nemeses("nemesis", line.getOptionValue("nemesis", "none"));
        Duration interval = Duration.ofMillis(Math.round(1000 * Flags.positiveDouble(line, "nemesis-interval", 5)));
        Duration timeLimit = Duration.ofMillis(Math.round(1000 * Flags.positiveDouble(line, "time-limit", defaultTimeLimitSeconds)));
        int concurrency = Flags.positiveInt(line, "concurrency", 8, 10_000);
        double rate = rate(line, Workloads.all().get(workload).fullSpeed() ? 0 : RATE_DEFAULT);
        int keys = Flags.positiveInt(line, "keys", 10, 10_000_000);
        String keyDist = line.getOptionValue("key-dist", "uniform");
        try {
            keystorm.workloads.keys.KeyDistribution.parse(keyDist, keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key-dist: " + e.getMessage());
        }
        long seed = line.hasOption("seed") ? Flags.longValue(line, "seed", 0)
                : new java.util.SplittableRandom().nextLong() & 0xFFFF_FFFFL;
        Set<Bug> bugs = EnumSet.noneOf(Bug.class);
        for (String name : line.getOptionValues("bug") == null ? new String[0] : line.getOptionValues("bug")) {
            Bug bug = Bug.byCliName(name);
            if (bug == null) {
                throw new IllegalArgumentException("--bug takes " + bugList() + "; not '" + name + "'");
            }
            bugs.add(bug);
        }
        long lag = Flags.nonNegativeInt(line, "replica-lag", 0, 3_600_000);
        SyncPolicy sync = switch (line.getOptionValue("sync", "always")) {
            case "always" -> SyncPolicy.ALWAYS;
            case "batch" -> SyncPolicy.BATCH;
            case "never" -> SyncPolicy.NEVER;
            default -> throw new IllegalArgumentException("--sync takes always, batch or never; not '"
                    + line.getOptionValue("sync") + "'");
        };
        long indexLag = line.hasOption("index-lag") ? indexLagMillis("index-lag", line.getOptionValue("index-lag")) : 0;
        long ttlDelay = line.hasOption("ttl-delay") ? ttlDelayNanos(line.getOptionValue("ttl-delay")) / 1_000_000
                : TestConfig.TTL_DELAY_MILLIS_DEFAULT;
        checkWorkload(workload, seed, keys, keyDist, concurrency, consistencyModel(line));
        return new TestConfig(workload, target, nemeses, interval, timeLimit, concurrency, rate, keys, keyDist, seed, bugs,
                consistencyModel(line), Path.of(line.getOptionValue("store", "store")),
                line.hasOption("keep-tables"), lag, sync, serveCommand(), region(line), line.hasOption("aws-credentials"),
                line.hasOption("read-index"), indexLag, ttlDelay);
    }

    /** Most a Time to Live delay may be: two days, as long as DynamoDB "typically" takes. */
    static final long TTL_DELAY_NANOS_MAX = java.util.concurrent.TimeUnit.HOURS.toNanos(48);

    /**
     * {@code --ttl-delay}: a time with its unit (ms, s, m or h; a bare number only for 0, so that 300 is never
     * taken for the wrong unit), whole milliseconds from 0 to 48 hours.
     */
    static long ttlDelayNanos(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)?").matcher(text.strip());
        String usage = "--ttl-delay takes a time with its unit from 0 to 48h (such as 0, 500ms, 2s, 5m or 1h), not '"
                + text + "'";
        if (!m.matches() || (m.group(2) == null && Double.parseDouble(m.group(1)) != 0)) {
            throw new IllegalArgumentException(usage);
        }
        double unitMillis = switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "s" -> 1e3;
            case "m" -> 60e3;
            case "h" -> 3600e3;
            default -> 1;
        };
        double millis = Double.parseDouble(m.group(1)) * unitMillis;
        if (millis * 1e6 > TTL_DELAY_NANOS_MAX || millis != Math.rint(millis)) {
            throw new IllegalArgumentException(usage);
        }
        return (long) millis * 1_000_000;
    }

    /** Most an index lag may be: an hour, as --replica-lag. */
    static final long INDEX_LAG_MILLIS_MAX = 3_600_000;

    /**
     * {@code --index-lag}: milliseconds, bare (as {@code --replica-lag} beside it) or with a unit, ms
     * or s; 0 to an hour.
     */
    static long indexLagMillis(String flag, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s)?").matcher(text.strip());
        String usage = "--" + flag + " takes milliseconds from 0 to " + INDEX_LAG_MILLIS_MAX + " (such as 50, 50ms or 2s), not '"
                + text + "'";
        if (!m.matches()) {
            throw new IllegalArgumentException(usage);
        }
        double millis = Double.parseDouble(m.group(1)) * ("s".equals(m.group(2)) ? 1000 : 1);
        if (millis > INDEX_LAG_MILLIS_MAX || millis != Math.rint(millis)) {
            throw new IllegalArgumentException(usage);
        }
        return (long) millis;
    }

    /**
     * Builds the workload once, as a run would, so that what it refuses (a bank of one account) is
     * a usage error before any run directory is made, not a run that dies after its test.json.
     */
    static void checkWorkload(String workload, long seed, int keys, String keyDist, int concurrency, ConsistencyModel model) {
        try {
            Workloads.create(workload, new keystorm.workloads.WorkloadOptions(seed, keys,
                    keystorm.workloads.keys.KeyDistribution.parse(keyDist, keys), "ks-", concurrency, model));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--workload " + workload + " --keys " + keys + ": " + e.getMessage());
        }
    }

    /**
     * The default rate stays under what a new on-demand table sustains (4,000 writes a second over
     * its partitions), so a first run is about the store's promises, not about throttling; 0 lifts it.
     */
    static final double RATE_DEFAULT = 2_000;

    private static double rate(CommandLine line, double defaultRate) {
        String text = line.getOptionValue("rate");
        if (text == null) {
            return defaultRate;
        }
        try {
            double rate = Double.parseDouble(text.strip());
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("--rate takes operations a second, 0 or more, not " + text);
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate takes operations a second, 0 or more, not '" + text + "'");
        }
    }

    private static String region(CommandLine line) {
        String region = line.getOptionValue("region", "us-east-1");
        if (!region.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
            throw new IllegalArgumentException("--region takes an AWS region such as us-east-1, not '" + region + "'");
        }
        return region;
    }

    private static ConsistencyModel consistencyModel(CommandLine line) {
        String name = line.getOptionValue("consistency-model");
        return name == null ? null : ConsistencyModel.parse(name);
    }

    static List<NemesisKind> nemeses(String flag, String text) {
        List<NemesisKind> kinds = new ArrayList<>();
        if (text.equals("none")) {
            return kinds;
        }
        for (String name : text.split(",")) {
            NemesisKind kind = NemesisKind.find(name.strip()).orElseThrow(() -> new IllegalArgumentException("--" + flag
                    + " takes none or a comma-separated list of " + NemesisKind.cliNames() + "; not '" + name.strip() + "'"));
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** How to start {@code keystorm serve} as a child: this very JVM's java, classpath and flags. */
    static List<String> serveCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--sun-misc-unsafe-memory-access") || flag.startsWith("--enable-native-access")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("serve");
        return command;
    }

    private static String describe(TestConfig config) {
        return switch (config.target()) {
            case Targets.Target.Embedded e -> "the embedded engine";
            case Targets.Target.Serve s -> "a keystorm serve child";
            case Targets.Target.Endpoint u -> u.uri().toString();
        };
    }

    static String rerun(TestConfig config) {
        StringBuilder command = new StringBuilder("keystorm test --workload " + config.workload());
        switch (config.target()) {
            case Targets.Target.Embedded e -> { }
            case Targets.Target.Serve s -> command.append(" --target serve");
            case Targets.Target.Endpoint u -> command.append(" --target ").append(u.uri());
        }
        appendRun(command, config, Set.of(), false);
        if (config.keepTables()) {
            command.append(" --keep-tables");
        }
        if (!config.region().equals("us-east-1")) {
            command.append(" --region ").append(config.region());
        }
        if (config.awsCredentials()) {
            command.append(" --aws-credentials");
        }
        return command.append(" --seed ").append(config.seed()).toString();
    }

    /**
     * The flags that make a run what it was, after its workload: the faults, the time, the clients,
     * the keys, the rate, the bugs, the lag, the sync policy and the consistency model.
     *
     * @param chosen   what a swarm chooses, left out so that it chooses it again
     * @param explicit write values that are the defaults too (a replay must not depend on them)
     */
    static void appendRun(StringBuilder command, TestConfig config, Set<Swarm.Dimension> chosen, boolean explicit) {
        if (!chosen.contains(Swarm.Dimension.NEMESES) && (explicit || !config.nemeses().isEmpty())) {
            command.append(" --nemesis ").append(config.nemeses().isEmpty() ? "none" : names(config.nemeses()));
        }
        if (!chosen.contains(Swarm.Dimension.INTERVAL) && (explicit || !config.nemeses().isEmpty())) {
            command.append(" --nemesis-interval ").append(config.nemesisInterval().toMillis() / 1000.0);
        }
        command.append(" --time-limit ").append(config.timeLimit().toMillis() / 1000.0);
        if (!chosen.contains(Swarm.Dimension.CONCURRENCY)) {
            command.append(" --concurrency ").append(config.concurrency());
        }
        if (!chosen.contains(Swarm.Dimension.KEYS)) {
            command.append(" --keys ").append(config.keys());
            if (explicit || !config.keyDistribution().equals("uniform")) {
                command.append(" --key-dist ").append(config.keyDistribution());
            }
        }
        if (explicit || config.rate() != RATE_DEFAULT) {
            command.append(" --rate ").append(config.rate());
        }
        for (Bug bug : config.bugs().stream().sorted().toList()) {
            command.append(" --bug ").append(bug.cliName());
        }
        if (!chosen.contains(Swarm.Dimension.REPLICA_LAG) && config.replicaLagMillis() > 0) {
            command.append(" --replica-lag ").append(config.replicaLagMillis());
        }
        if (config.readIndex()) {
            command.append(" --read-index");
        }
        if (config.indexLagMillis() > 0) {
            command.append(" --index-lag ").append(config.indexLagMillis());
        }
        if (config.ttlDelayMillis() != TestConfig.TTL_DELAY_MILLIS_DEFAULT) {
            command.append(" --ttl-delay ").append(config.ttlDelayMillis()).append("ms");
        }
        if (config.sync() != SyncPolicy.ALWAYS) {
            command.append(" --sync ").append(config.sync().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (config.consistencyModel() != null) {
            command.append(" --consistency-model ").append(config.consistencyModel().spelling());
        }
    }

    static String names(List<NemesisKind> kinds) {
        return String.join(",", kinds.stream().map(NemesisKind::cliName).toList());
    }

    private static String bugNames(Set<Bug> bugs) {
        return String.join(",", bugs.stream().map(Bug::cliName).toList());
    }

    private static String bugList() {
        List<String> names = new ArrayList<>();
        for (Bug bug : Bug.values()) {
            names.add(bug.cliName());
        }
        return String.join(", ", names);
    }

    private static void help(PrintStream out) {
        Flags.help(out, "keystorm test [options]", options());
        out.println();
        out.println("workloads:");
        for (String name : Workloads.names()) {
            out.printf("  %-20s %s%n", name, Workloads.all().get(name).description());
        }
        out.println();
        out.println("nemeses (--nemesis):");
        for (NemesisKind kind : NemesisKind.values()) {
            out.printf("  %-20s %s%n", kind.cliName(), kind.summary());
        }
        out.println();
        out.println("seeded bugs (--bug):");
        for (Bug bug : Bug.values()) {
            out.printf("  %-20s %s%n", bug.cliName(), bug.summary());
        }
        out.println();
        out.println("exit status: 0 valid, 1 invalid, 2 unknown, 64 usage error, 65 a malformed --schedule or --replay file,"
                + " 66 one that cannot be opened, 69 a target that cannot be reached, 73 a run directory that cannot be written");
    }
}
