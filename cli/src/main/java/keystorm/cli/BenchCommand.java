package keystorm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import keystorm.workloads.bench.BenchClient;
import keystorm.workloads.bench.BenchReport;
import keystorm.workloads.bench.BenchRun;
import keystorm.workloads.bench.BenchTarget;
import keystorm.workloads.bench.BenchWorkload;
import keystorm.engine.EngineConfig;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.bench.KeyStrategy;
import keystorm.workloads.bench.NettyBenchClient;
import keystorm.workloads.bench.Prices;
import keystorm.workloads.bench.SdkBenchClient;
import keystorm.workloads.bench.TableMode;
import keystorm.workloads.bench.load.IntervalLogs;
import keystorm.workloads.bench.load.LoadResult;
import keystorm.workloads.client.Targets;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm bench}: a YCSB workload (or write-heavy, or a YCSB workload file) against one
 * store at an offered rate, once per partition-key strategy, and the figures: latency
 * percentiles from the intended start, throughput, throttling, partitions, top keys, read cost and
 * dollars. {@code keystorm bench merge DIR...} merges the interval logs of shards run on several
 * machines. Parses the flags into {@link BenchRun.Options} and hands them to {@link BenchRun}.
 * Exit status: 0, 1 a --p99-target missed, 64 a usage error naming the flag, 65 a malformed
 * workload or prices file (or, for merge, run directories that are not every shard of one run),
 * 66 one that cannot be read, 69 a target that cannot be reached or
 * started, 73 an output directory that cannot be written.
 */
final class BenchCommand implements Subcommand {
    private static final String USAGE = "keystorm bench --workload ycsb-a..f|write-heavy|FILE [--target TARGET] "
            + "[--rate OPS] [--duration S] [--strategy SPEC]... (--help); keystorm bench merge DIR...";

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmark a store with YCSB workloads at an offered rate, per partition-key strategy";
    }

    static Options options() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("workload").hasArg().argName("NAME")
                .desc("ycsb-a ... ycsb-f, write-heavy, or a YCSB CoreWorkload properties file (required)").build());
        options.addOption(Option.builder().longOpt("target").hasArg().argName("TARGET")
                .desc("embedded (default), serve (a keystorm serve --admin child), or a URL such as http://127.0.0.1:8000").build());
        options.addOption(Option.builder().longOpt("key-dist").hasArg().argName("DIST")
                .desc("the key distribution (default the workload's: zipf:0.99, latest for ycsb-d): uniform, zipf:THETA, "
                        + "latest, sequential, exponential, hotspot:FRACTION:PROBABILITY").build());
        options.addOption(Option.builder().longOpt("records").hasArg().argName("N")
                .desc("records loaded before the measured phase (default the file's recordcount, or " + RECORDS_DEFAULT + ")").build());
        options.addOption(Option.builder().longOpt("item-bytes").hasArg().argName("N")
                .desc("bytes of an item's fields (default 1000, YCSB's 10 x 100; a file's fieldcount x fieldlength)").build());
        options.addOption(Option.builder().longOpt("rate").hasArg().argName("OPS")
                .desc("logical operations a second offered, over every shard (default " + (int) RATE_DEFAULT + "), or max: "
                        + "a closed loop that finds the saturation rate (its latencies from the actual start)").build());
        options.addOption(Option.builder().longOpt("duration").hasArg().argName("S")
                .desc("seconds of the measured phase (default 30)").build());
        options.addOption(Option.builder().longOpt("warmup").hasArg().argName("S")
                .desc("seconds of offered load before it, not measured (default 5; 0 for none)").build());
        options.addOption(Option.builder().longOpt("strategy").hasArg().argName("SPEC")
                .desc("a partition-key strategy (repeatable: one run each, side by side): natural (default), suffix:N, "
                        + "calculated:N, time:S, composite:N").build());
        options.addOption(Option.builder().longOpt("table-mode").hasArg().argName("MODE")
                .desc("on-demand (default) or provisioned:RCU:WCU").build());
        options.addOption(Option.builder().longOpt("p99-target").hasArg().argName("MS")
                .desc("exit 1 if any operation's p99 is above MS milliseconds").build());
        options.addOption(Option.builder().longOpt("store").hasArg().argName("DIR")
                .desc("where runs are kept (default store): DIR/bench/<timestamp>/").build());
        options.addOption(Option.builder().longOpt("seed").hasArg().argName("N")
                .desc("the seed every operation and key derives from (default: drawn, and printed)").build());
        options.addOption(Option.builder().longOpt("client").hasArg().argName("CLIENT")
                .desc("for serve and URL targets: netty (default, pipelined) or sdk (the AWS SDK's blocking client)").build());
        options.addOption(Option.builder().longOpt("connections").hasArg().argName("N")
                .desc("a pipelined client's connections, a synchronous one's requests at once (default " + CONNECTIONS_DEFAULT + ")").build());
        options.addOption(Option.builder().longOpt("shard").hasArg().argName("i/N")
                .desc("this machine runs shard i of N (from 0) of the records and of the offered load (--rate is the "
                        + "total), for a URL --target only. Shards do not synchronise: start shard 0 first (it creates the "
                        + "table, and keeps it) and wait until it has loaded; the measured windows align only if the "
                        + "shards are started together; merge with bench merge").build());
        options.addOption(Option.builder().longOpt("price").hasArg().argName("NAME=USD")
                .desc("set a price (repeatable): " + String.join(", ", Prices.NAMES)).build());
        options.addOption(Option.builder().longOpt("prices").hasArg().argName("FILE")
                .desc("prices from a properties file of NAME=USD lines (default the us-east-1 prices of "
                        + Prices.US_EAST_1.date() + ")").build());
        for (String engineFlag : ENGINE_FLAGS) {
            options.addOption(Option.builder().longOpt(engineFlag).desc(switch (engineFlag) {
                case "no-throttle" -> "embedded and serve: no partition or table throughput limits (the store's own speed)";
                case "no-adaptive-capacity" -> "embedded and serve: each partition holds only its even share of a "
                        + "provisioned table (the raw partition limits)";
                default -> "embedded and serve: a hot partition never splits";
            }).build());
        }
        options.addOption(Option.builder().longOpt("sync").hasArg().argName("POLICY")
                .desc("serve: when its log is fsynced, always, batch (default: group commit every 10 ms) or never").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    /** The engine's throughput switches, as keystorm serve takes them. */
    static final List<String> ENGINE_FLAGS = List.of("no-throttle", "no-adaptive-capacity", "no-split-for-heat");

    static final double RATE_DEFAULT = 1_000;
    static final int RECORDS_DEFAULT = 1_000;
    static final int CONNECTIONS_DEFAULT = 8;

    /** The parsed flags: what BenchRun takes, and what only this command needs. */
    record Parsed(BenchRun.Options options, Targets.Target target, String client, String workloadArg, Double p99Target,
                  Path store, List<String> engineFlags, String pricesFile, List<String> priceFlags, SyncPolicy sync) {
        /** The embedded engine's configuration under the engine flags. */
        EngineConfig engineConfig() {
            return EngineConfig.inMemory().withThrottling(!engineFlags.contains("no-throttle"))
                    .withAdaptiveCapacity(!engineFlags.contains("no-adaptive-capacity"))
                    .withSplitForHeat(!engineFlags.contains("no-split-for-heat"));
        }
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("merge")) {
            return merge(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        CommandLine line = Flags.parse(options(), args, "bench", USAGE, err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            help(out);
            return ExitStatus.OK;
        }
        Parsed parsed;
        try {
            parsed = parse(line);
        } catch (IllegalArgumentException e) {
            err.println("keystorm bench: " + e.getMessage());
            return ExitStatus.USAGE;
        } catch (BadFile e) {
            err.println("keystorm bench: " + e.getMessage());
            return e.status;
        }
        BenchRun.Options options = parsed.options();
        out.println("keystorm bench: " + options.workload() + " against " + describe(parsed) + ", seed " + options.seed());
        out.println("  (rerun: " + rerun(parsed) + ")");
        out.flush();
        List<BenchRun.StrategyResult> results;
        java.time.Instant started = java.time.Instant.now();
        Path directory;
        try {
            directory = keystorm.results.runs.RunStore.create(parsed.store(), "bench");
            BenchReport.writeTestJson(directory, optionsJson(parsed), started); // first: a run that dies still says what it was
        } catch (IOException e) {
            err.println("keystorm bench: cannot write the run store " + parsed.store() + " (" + InsightsDirectory.describe(e) + ")");
            return ExitStatus.CANNOT_CREATE;
        }
        try (BenchTarget target = open(parsed, directory)) {
            out.println("  target " + target.describe() + "; numbers on a shared machine are noisy");
            out.flush();
            results = BenchRun.run(options, target, directory, message -> {
                out.println(message);
                out.flush();
            });
            String summary = BenchReport.render(results, options.prices());
            BenchReport.write(directory, optionsJson(parsed), results, options.prices(), summary, started);
            out.println();
            out.print(summary);
        } catch (IOException | UncheckedIOException e) {
            err.println("keystorm bench: cannot write " + directory + ": " + e.getMessage());
            return ExitStatus.CANNOT_CREATE;
        } catch (IllegalStateException e) {
            // a serve child that would not start, or an endpoint that does not answer
            err.println("keystorm bench: " + (parsed.target() instanceof Targets.Target.Endpoint
                    ? "cannot reach --target " + describe(parsed) + ": " : "") + Inputs.plain(e.getMessage()));
            return ExitStatus.UNAVAILABLE;
        } catch (keystorm.engine.api.DynamoException e) {
            err.println("keystorm bench: --target " + describe(parsed) + " refused the setup: " + e.type() + ": "
                    + e.getMessage());
            return ExitStatus.UNAVAILABLE;
        }
        out.println("run kept in " + directory);
        List<BenchReport.Miss> misses = parsed.p99Target() == null ? List.of() : BenchReport.misses(results, parsed.p99Target());
        if (parsed.p99Target() != null) {
            try {
                recordTarget(directory.resolve("results.json"), parsed.p99Target(), misses);
            } catch (IOException e) {
                err.println("keystorm bench: cannot write " + directory.resolve("results.json") + ": " + e.getMessage());
                return ExitStatus.CANNOT_CREATE;
            }
        }
        Path report = RunFinish.report(directory, err);
        if (report != null) {
            out.println("report: " + report);
        }
        if (parsed.p99Target() != null) {
            for (BenchReport.Miss miss : misses) {
                out.println("p99 target missed: " + miss);
            }
            if (!misses.isEmpty()) {
                return ExitStatus.INVALID;
            }
            out.println("p99 target met: every operation's p99 is at most " + parsed.p99Target() + " ms");
        }
        return ExitStatus.OK;
    }

    /** The --p99-target and its verdict into results.json, for the store's listing and the report. */
    private static void recordTarget(Path results, double target, List<BenchReport.Miss> misses) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) RunRecords.JSON.readTree(results.toFile());
        root.put("p99TargetMillis", target);
        root.put("p99TargetMet", misses.isEmpty());
        com.fasterxml.jackson.databind.node.ArrayNode missed = root.putArray("p99TargetMisses");
        misses.forEach(miss -> missed.add(miss.toString()));
        RunRecords.write(results, root);
    }

    /** A workload or prices file that is missing (66) or malformed (65). */
    static final class BadFile extends Exception {
        final int status;

        BadFile(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    /** Every flag, validated; nothing is loaded or sent. */
    static Parsed parse(CommandLine line) throws BadFile {
        Flags.rejectRepeated(line, options()); // done by Flags.parse too; parse is also called on a line parsed elsewhere
        String workloadArg = line.getOptionValue("workload");
        if (workloadArg == null) {
            throw new IllegalArgumentException("--workload is required: " + String.join(", ", BenchWorkload.names())
                    + " or a YCSB workload file");
        }
        BenchWorkload workload;
        try {
            workload = BenchWorkload.parse(workloadArg);
        } catch (FileNotFoundException | NoSuchFileException e) {
            if (looksLikeAFile(workloadArg)) {
                throw new BadFile("--workload " + workloadArg + ": " + (Files.exists(Path.of(workloadArg))
                        ? "not a regular file" : "no such file"), ExitStatus.NO_INPUT);
            }
            throw new IllegalArgumentException("--workload: " + e.getMessage());
        } catch (IOException e) {
            throw new BadFile("--workload " + workloadArg + ": " + Inputs.describe(e), Inputs.status(e));
        } catch (IllegalArgumentException e) {
            throw new BadFile("--workload " + e.getMessage(), ExitStatus.DATA_ERROR);
        }
        Targets.Target target = Targets.parse(line.getOptionValue("target", "embedded"));
        List<String> engineFlags = ENGINE_FLAGS.stream().filter(line::hasOption).toList();
        if (!engineFlags.isEmpty() && target instanceof Targets.Target.Endpoint) {
            throw new IllegalArgumentException("--" + engineFlags.get(0) + " is for --target embedded or serve, whose "
                    + "engine keystorm configures; an endpoint's throughput is its own");
        }
        int records = Flags.positiveInt(line, "records", workload.recordCount() > 0 ? workload.recordCount() : RECORDS_DEFAULT,
                100_000_000);
        int itemBytes = Flags.positiveInt(line, "item-bytes",
                workload.fieldLength() > 0 ? workload.fieldLength() * workload.fieldCount() : 1000, 400_000);
        String keyDist = line.getOptionValue("key-dist", workload.requestDistribution());
        try {
            BenchRun.distribution(keyDist, records, () -> records);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key-dist: " + e.getMessage());
        }
        double rate = "max".equals(line.getOptionValue("rate")) ? BenchRun.RATE_MAX
                : Flags.positiveDouble(line, "rate", RATE_DEFAULT);
        long durationNanos = Math.round(1e9 * Flags.positiveDouble(line, "duration", 30));
        long warmupNanos = Math.round(1e9 * nonNegativeSeconds(line, "warmup", 5));
        List<KeyStrategy> strategies = new ArrayList<>();
        for (String spec : line.getOptionValues("strategy") == null ? new String[] {"natural"} : line.getOptionValues("strategy")) {
            try {
                strategies.add(KeyStrategy.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--strategy: " + e.getMessage());
            }
        }
        for (KeyStrategy strategy : strategies) {
            if (workload.ycsb() && !strategy.spec().equals(KeyStrategy.NATURAL.spec())) {
                throw new IllegalArgumentException("--strategy " + strategy.spec() + " with --workload " + workloadArg
                        + ": strategies spread the items of a logical key, and a YCSB record is one item; use "
                        + "--workload write-heavy");
            }
        }
        TableMode mode;
        try {
            mode = TableMode.parse(line.getOptionValue("table-mode", "on-demand"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--table-mode: " + e.getMessage());
        }
        Double p99Target = line.hasOption("p99-target") ? Flags.positiveDouble(line, "p99-target", 0) : null;
        long seed = line.hasOption("seed") ? Flags.longValue(line, "seed", 0)
                : new java.util.SplittableRandom().nextLong() & 0xFFFF_FFFFL;
        String client = line.getOptionValue("client", "netty");
        if (!client.equals("netty") && !client.equals("sdk")) {
            throw new IllegalArgumentException("--client takes netty or sdk, not '" + client + "'");
        }
        if (line.hasOption("client") && target instanceof Targets.Target.Embedded) {
            throw new IllegalArgumentException("--client is for serve and URL targets; embedded calls the engine itself");
        }
        int connections = Flags.positiveInt(line, "connections", CONNECTIONS_DEFAULT, 1024);
        int[] shard = shard(line.getOptionValue("shard", "0/1"));
        if (line.hasOption("shard") && !(target instanceof Targets.Target.Endpoint)) {
            throw new IllegalArgumentException("--shard is for a URL --target: embedded and serve start a store of "
                    + "this machine's own, which no other shard sees");
        }
        if (rate != BenchRun.RATE_MAX && rate * durationNanos / 1e9 < shard[1]) {
            throw new IllegalArgumentException("--rate " + number(rate) + " x --duration " + number(durationNanos / 1e9)
                    + " s offers under one operation" + (shard[1] > 1 ? " per shard" : "") + ": nothing would be measured");
        }
        Prices prices = prices(line);
        SyncPolicy sync = SyncPolicy.BATCH;
        if (line.hasOption("sync")) {
            if (!(target instanceof Targets.Target.Serve)) {
                throw new IllegalArgumentException("--sync is for --target serve, the one target whose log keystorm runs");
            }
            try {
                sync = SyncPolicy.valueOf(line.getOptionValue("sync").strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--sync takes always, batch or never, not '" + line.getOptionValue("sync") + "'");
            }
        }
        return new Parsed(new BenchRun.Options(workload, keyDist, records, itemBytes, rate, warmupNanos, durationNanos,
                strategies, mode, seed, connections, shard[0], shard[1], prices), target, client, workloadArg, p99Target,
                Path.of(line.getOptionValue("store", "store")), engineFlags, line.getOptionValue("prices"),
                line.getOptionValues("price") == null ? List.of() : List.of(line.getOptionValues("price")), sync);
    }

    /** Whether a --workload that is no built-in name meant a file: a path, a dotted name, or one that exists. */
    private static boolean looksLikeAFile(String text) {
        return text.contains("/") || text.contains(java.io.File.separator) || text.contains(".")
                || Files.exists(Path.of(text));
    }

    private static double nonNegativeSeconds(CommandLine line, String flag, double defaultValue) {
        String text = line.getOptionValue(flag);
        if (text != null && text.strip().matches("0+(\\.0*)?")) {
            return 0;
        }
        try {
            return Flags.positiveDouble(line, flag, defaultValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("takes a positive number", "takes seconds, 0 or more"));
        }
    }

    static int[] shard(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                int index = Integer.parseInt(parts[0].strip());
                int count = Integer.parseInt(parts[1].strip());
                if (count >= 1 && count <= 1024 && index >= 0 && index < count) {
                    return new int[] {index, count};
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--shard takes i/N with 0 <= i < N <= 1024, not '" + text + "'");
    }

    private static Prices prices(CommandLine line) throws BadFile {
        Prices prices = Prices.US_EAST_1;
        String file = line.getOptionValue("prices");
        if (file != null) {
            try {
                prices = prices.withFile(Path.of(file));
            } catch (NoSuchFileException | FileNotFoundException e) {
                throw new BadFile("--prices " + file + ": no such file", ExitStatus.NO_INPUT);
            } catch (IOException e) {
                throw new BadFile("--prices " + file + ": " + Inputs.describe(e), Inputs.status(e));
            } catch (IllegalArgumentException e) {
                throw new BadFile("--prices " + file + ": " + e.getMessage(), ExitStatus.DATA_ERROR);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.getOptionValues("price") == null ? new String[0] : line.getOptionValues("price")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--price takes NAME=USD, not '" + pair + "'");
            }
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        try {
            return prices.with(values, "--price");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--price: " + e.getMessage());
        }
    }

    private static BenchTarget open(Parsed parsed, Path directory) {
        Function<URI, BenchClient> connect = uri -> parsed.client().equals("sdk") ? new SdkBenchClient(uri)
                : new NettyBenchClient(uri,
                NettyBenchClient.Options.defaults().withConnections(parsed.options().connections()));
        return switch (parsed.target()) {
            case Targets.Target.Embedded e -> BenchTarget.embedded(parsed.engineConfig());
            case Targets.Target.Serve s -> {
                try {
                    Files.createDirectories(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                List<String> command = new ArrayList<>(TestCommand.serveCommand());
                parsed.engineFlags().forEach(flag -> command.add("--" + flag));
                yield BenchTarget.serve(command, directory.resolve("data"), parsed.sync(), connect);
            }
            case Targets.Target.Endpoint u -> BenchTarget.endpoint(u.uri(), connect.apply(u.uri()));
        };
    }

    private static String describe(Parsed parsed) {
        return switch (parsed.target()) {
            case Targets.Target.Embedded e -> "the embedded engine";
            case Targets.Target.Serve s -> "a keystorm serve child";
            case Targets.Target.Endpoint u -> u.uri().toString();
        };
    }

    static String rerun(Parsed parsed) {
        BenchRun.Options o = parsed.options();
        StringBuilder command = new StringBuilder("keystorm bench --workload ").append(parsed.workloadArg());
        switch (parsed.target()) {
            case Targets.Target.Embedded e -> { }
            case Targets.Target.Serve s -> command.append(" --target serve");
            case Targets.Target.Endpoint u -> command.append(" --target ").append(u.uri());
        }
        command.append(" --key-dist ").append(o.keyDistribution()).append(" --records ").append(o.records())
                .append(" --item-bytes ").append(o.itemBytes()).append(" --rate ").append(o.saturating() ? "max" : number(o.rate()))
                .append(" --duration ").append(number(o.durationNanos() / 1e9))
                .append(" --warmup ").append(number(o.warmupNanos() / 1e9));
        for (KeyStrategy strategy : o.strategies()) {
            command.append(" --strategy ").append(strategy.spec());
        }
        command.append(" --table-mode ").append(o.tableMode());
        parsed.engineFlags().forEach(flag -> command.append(" --").append(flag));
        if (parsed.target() instanceof Targets.Target.Serve && parsed.sync() != SyncPolicy.BATCH) {
            command.append(" --sync ").append(parsed.sync().name().toLowerCase(Locale.ROOT));
        }
        if (parsed.p99Target() != null) {
            command.append(" --p99-target ").append(number(parsed.p99Target()));
        }
        if (!(parsed.target() instanceof Targets.Target.Embedded)) {
            command.append(" --client ").append(parsed.client());
        }
        command.append(" --connections ").append(o.connections());
        if (parsed.pricesFile() != null) {
            command.append(" --prices ").append(parsed.pricesFile());
        }
        parsed.priceFlags().forEach(price -> command.append(" --price ").append(price));
        if (o.shardCount() > 1) {
            command.append(" --shard ").append(o.shardIndex()).append('/').append(o.shardCount());
        }
        return command.append(" --seed ").append(o.seed()).toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }

    private static ObjectNode optionsJson(Parsed parsed) {
        BenchRun.Options o = parsed.options();
        ObjectNode node = BenchReport.json().createObjectNode();
        node.put("workload", parsed.workloadArg());
        node.put("mix", o.workload().toString());
        node.put("target", describe(parsed));
        node.put("client", parsed.target() instanceof Targets.Target.Embedded ? "embedded" : parsed.client());
        node.put("keyDistribution", o.keyDistribution());
        node.put("records", o.records());
        node.put("itemBytes", o.itemBytes());
        if (o.saturating()) {
            node.put("rate", "max");
        } else {
            node.put("rate", o.rate());
        }
        parsed.engineFlags().forEach(node.putArray("engineFlags")::add);
        if (parsed.target() instanceof Targets.Target.Serve) {
            node.put("sync", parsed.sync().name().toLowerCase(Locale.ROOT));
        }
        node.put("durationSeconds", o.durationNanos() / 1e9);
        node.put("warmupSeconds", o.warmupNanos() / 1e9);
        ArrayNode strategies = node.putArray("strategies");
        o.strategies().forEach(s -> strategies.add(s.spec()));
        node.put("tableMode", o.tableMode().toString());
        if (parsed.p99Target() != null) {
            node.put("p99TargetMillis", parsed.p99Target());
        }
        node.put("seed", o.seed());
        node.put("connections", o.connections());
        node.put("shard", o.shardIndex() + "/" + o.shardCount());
        node.put("rerun", rerun(parsed));
        return node;
    }

    /** {@code bench merge DIR...}: each shard's interval logs, merged by strategy. */
    private static int merge(String[] dirs, PrintStream out, PrintStream err) {
        if (dirs.length > 0 && (dirs[0].equals("--help") || dirs[0].equals("-h"))) {
            out.println("usage: keystorm bench merge DIR...: the interval logs of every shard of one bench run, merged");
            return ExitStatus.OK;
        }
        for (String dir : dirs) {
            if (dir.startsWith("-")) {
                err.println("keystorm bench merge: takes run directories, no flags; not '" + dir + "'");
                err.println("usage: keystorm bench merge DIR...");
                return ExitStatus.USAGE;
            }
        }
        if (dirs.length == 0) {
            err.println("keystorm bench merge: give the shards' run directories: keystorm bench merge DIR...");
            return ExitStatus.USAGE;
        }
        Map<String, List<Path>> byName = new java.util.TreeMap<>();
        for (String dir : dirs) {
            Path path = Path.of(dir);
            if (!Files.isDirectory(path)) {
                err.println("keystorm bench merge: no such directory " + dir);
                return ExitStatus.NO_INPUT;
            }
            try (var files = Files.list(path)) {
                for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".hlog")).sorted().toList()) {
                    byName.computeIfAbsent(log.getFileName().toString(), k -> new ArrayList<>()).add(log);
                }
            } catch (IOException e) {
                err.println("keystorm bench merge: cannot read " + dir + ": " + e.getMessage());
                return ExitStatus.NO_INPUT;
            }
        }
        String mismatch;
        try {
            mismatch = shardMismatch(dirs);
        } catch (IOException e) {
            err.println("keystorm bench merge: " + e.getMessage());
            return ExitStatus.NO_INPUT;
        }
        if (mismatch != null) {
            err.println("keystorm bench merge: " + mismatch);
            return ExitStatus.DATA_ERROR;
        }
        if (byName.isEmpty()) {
            err.println("keystorm bench merge: no interval log (*.hlog) in " + String.join(", ", dirs));
            return ExitStatus.NO_INPUT;
        }
        out.println("keystorm bench merge: " + dirs.length + " director" + (dirs.length == 1 ? "y" : "ies"));
        for (Map.Entry<String, List<Path>> e : byName.entrySet()) {
            LoadResult merged;
            try {
                merged = IntervalLogs.read(e.getValue());
            } catch (IllegalArgumentException ex) {
                err.println("keystorm bench merge: " + ex.getMessage());
                return ExitStatus.DATA_ERROR;
            } catch (UncheckedIOException ex) {
                err.println("keystorm bench merge: " + ex.getMessage());
                return ExitStatus.NO_INPUT;
            }
            out.println(e.getKey() + " (" + e.getValue().size() + " shard" + (e.getValue().size() == 1 ? "" : "s") + ")");
            out.print(BenchReport.renderOps(merged));
        }
        return ExitStatus.OK;
    }

    /** The options shards of one run share; each shard's own (its shard, target, client) may differ. */
    static final List<String> SHARED_OPTIONS = List.of("mix", "keyDistribution", "records", "itemBytes", "rate",
            "durationSeconds", "warmupSeconds", "strategies", "tableMode", "seed", "engineFlags");

    /**
     * Why the run directories are not the shards 0..N-1 of one run, from the options each
     * results.json records, or null when they are.
     *
     * @throws IOException a directory without a readable results.json
     */
    static String shardMismatch(String[] dirs) throws IOException {
        com.fasterxml.jackson.databind.JsonNode first = null;
        String firstDir = null;
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        int count = -1;
        for (String dir : dirs) {
            Path file = Path.of(dir).resolve("results.json");
            com.fasterxml.jackson.databind.JsonNode options;
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": no such file (not a bench run's directory)");
            }
            try {
                options = BenchReport.json().readTree(file.toFile()).path("options");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return file + ": line " + e.getLocation().getLineNr() + ": not JSON (" + Inputs.clean(e.getOriginalMessage()) + ")";
            } catch (IOException e) {
                throw new IOException(file + ": " + Inputs.describe(e), e);
            }
            int[] shard;
            try {
                shard = shard(options.path("shard").asText("0/1"));
            } catch (IllegalArgumentException e) {
                return dir + ": results.json records no shard i/N (" + options.path("shard") + ")";
            }
            if (first == null) {
                first = options;
                firstDir = dir;
                count = shard[1];
            } else if (shard[1] != count) {
                return dir + " is shard " + shard[0] + "/" + shard[1] + " but " + firstDir + " is of " + count + " shards";
            }
            for (String name : SHARED_OPTIONS) {
                if (!options.path(name).equals(first.path(name))) {
                    return dir + " ran with " + name + " " + options.path(name) + " but " + firstDir + " with "
                            + first.path(name) + ": not shards of one run";
                }
            }
            if (!seen.add(shard[0])) {
                return dir + " is shard " + shard[0] + "/" + count + " again: each shard once";
            }
        }
        if (seen.size() != count) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (!seen.contains(i)) {
                    missing.add(i + "/" + count);
                }
            }
            return String.join(", ", dirs) + " lack shard" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing)
                    + ": merge every shard of the run";
        }
        return null;
    }

    private static void help(PrintStream out) {
        Flags.help(out, "keystorm bench [options]   |   keystorm bench merge DIR...", options());
        out.println();
        out.println("workloads:");
        for (String name : BenchWorkload.names()) {
            out.printf("  %-14s %s%n", name, BenchWorkload.builtIn(name));
        }
        out.println();
        out.println("Latencies run from each operation's intended start (coordinated omission corrected); under --rate max "
                + "(a closed loop) from the actual start.");
        out.println("exit status: 0, 1 a --p99-target missed, 64 usage error, 65 malformed file (merge: not every shard "
                + "of one run), 66 unreadable file, "
                + "69 target unavailable");
    }
}
