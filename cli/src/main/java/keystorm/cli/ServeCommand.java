package keystorm.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import keystorm.engine.fault.Bug;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.auth.AuthConfig;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.server.DynamoServer;
import keystorm.engine.wal.SyncPolicy;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code keystorm serve}: the engine behind DynamoDB's wire protocol, until SIGTERM or Ctrl-C,
 * after which it stops taking requests, lets those in flight finish and closes its log. With
 * {@code --insights DIR} the engine's insights recorder writes DIR (see {@link InsightsDirectory});
 * the shutdown closes it after the server and before the engine, so the files are complete.
 */
final class ServeCommand implements Subcommand {
    public String name() {
        return "serve";
    }

    public String summary() {
        return "serve the engine over DynamoDB's HTTP protocol (AWS SDK, AWS CLI, boto3, Gatling)";
    }

    private static Options options() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("host").hasArg().argName("ADDRESS")
                .desc("address to bind (default 127.0.0.1)").build());
        options.addOption(Option.builder().longOpt("port").hasArg().argName("N")
                .desc("port to bind (default 8000; 0 picks a free one)").build());
        options.addOption(Option.builder().longOpt("in-memory").desc("keep no log (the default)").build());
        options.addOption(Option.builder().longOpt("data-dir").hasArg().argName("DIR")
                .desc("keep a write-ahead log in DIR and recover from it on start").build());
        options.addOption(Option.builder().longOpt("sync").hasArg().argName("POLICY")
                .desc("when the log is fsynced: always (default), batch or never").build());
        options.addOption(Option.builder().longOpt("replica-lag").hasArg().argName("MS")
                .desc("followers apply writes MS milliseconds late (default 0)").build());
        options.addOption(Option.builder().longOpt("index-lag").hasArg().argName("MS")
                .desc("global secondary indexes apply each write MS milliseconds after the table (50, 50ms or 2s; "
                        + "default 0: at once)").build());
        options.addOption(Option.builder().longOpt("ttl-delay").hasArg().argName("TIME")
                .desc("delete an item whose Time to Live has passed TIME later (0, 500ms, 2s, 5m or 1h; default 5m; "
                        + "DynamoDB says within a few days)").build());
        options.addOption(Option.builder().longOpt("partitions").hasArg().argName("N")
                .desc("partitions of every new table (default: DynamoDB's rule)").build());
        options.addOption(Option.builder().longOpt("no-throttle")
                .desc("meter capacity but never refuse (as DynamoDB Local)").build());
        options.addOption(Option.builder().longOpt("no-adaptive-capacity")
                .desc("give each partition an even share of a provisioned table's capacity").build());
        options.addOption(Option.builder().longOpt("no-split-for-heat")
                .desc("never split a partition that stays near its capacity ceiling").build());
        options.addOption(Option.builder().longOpt("table-status-delay").hasArg().argName("TIME")
                .desc("tables stay CREATING, UPDATING and DELETING this long (e.g. 2s, 500ms; default 0: "
                        + "every table change is done when its request answers)").build());
        options.addOption(Option.builder().longOpt("bug").hasArg().argName("NAME")
                .desc("switch on a seeded bug (repeatable): " + bugNames()).build());
        options.addOption(Option.builder().longOpt("admin")
                .desc("serve the fault and metrics endpoint under /keystorm/").build());
        options.addOption(Option.builder().longOpt("auth").hasArg().argName("FILE")
                .desc("access control: every request must carry an AWS Signature V4 of a credential in FILE and is "
                        + "run only if the credential's IAM policies allow it; with --admin, FILE's adminToken guards "
                        + "/keystorm/ (JSON: {\"adminToken\": ..., \"credentials\": [{\"accessKeyId\", "
                        + "\"secretAccessKey\", \"policy\"}]}; see the README)").build());
        options.addOption(Option.builder().longOpt("insights").hasArg().argName("DIR")
                .desc("record what the traffic does (top keys, partitions, key lookups vs queries vs scans) in DIR; "
                        + "keystorm report DIR renders it").build());
        options.addOption(Option.builder().longOpt("insights-interval").hasArg().argName("S")
                .desc("seconds between partition samples of --insights (default 1)").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    private static String bugNames() {
        StringBuilder names = new StringBuilder();
        for (Bug bug : Bug.values()) {
            names.append(names.isEmpty() ? "" : ", ").append(bug.cliName());
        }
        return names.toString();
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        EngineConfig config;
        String host;
        int port;
        double insightsInterval;
        try {
            line = Flags.parser().parse(options(), args);
            Flags.rejectRepeated(line, options());
            if (line.hasOption("help")) {
                Flags.help(out, "keystorm serve [options]", options());
                return ExitStatus.OK;
            }
            if (!line.getArgList().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument '" + line.getArgList().getFirst() + "'");
            }
            host = line.getOptionValue("host", "127.0.0.1");
            try {
                java.net.InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("--host takes an address of this machine, such as 127.0.0.1; not '" + host + "'");
            }
            port = portFlag(line);
            config = EngineConfig.inMemory();
            if (line.hasOption("data-dir")) {
                if (line.hasOption("in-memory")) {
                    throw new IllegalArgumentException("--in-memory and --data-dir exclude each other");
                }
                config = config.withDataDir(Path.of(line.getOptionValue("data-dir")));
            }
            if (line.hasOption("sync")) {
                SyncPolicy policy = SyncPolicy.byCliName(line.getOptionValue("sync"));
                if (policy == null) {
                    throw new IllegalArgumentException("--sync takes always, batch or never, not '"
                            + line.getOptionValue("sync") + "'");
                }
                if (config.dataDir() == null) {
                    throw new IllegalArgumentException("--sync needs --data-dir (an in-memory engine keeps no log)");
                }
                config = config.withSyncPolicy(policy);
            }
            long lag = Flags.longValue(line, "replica-lag", 0);
            if (lag < 0) {
                throw new IllegalArgumentException("--replica-lag takes milliseconds, 0 or more, not " + lag);
            }
            config = config.withReplicaLag(ReplicaLag.millis(lag))
                    .withPartitionsPerTable(line.hasOption("partitions") ? Flags.positiveInt(line, "partitions", 1, 4096) : 0)
                    .withThrottling(!line.hasOption("no-throttle"))
                    .withAdaptiveCapacity(!line.hasOption("no-adaptive-capacity"))
                    .withSplitForHeat(!line.hasOption("no-split-for-heat"))
                    .withTableStatusDelayNanos(line.hasOption("table-status-delay")
                            ? delayNanos(line.getOptionValue("table-status-delay")) : 0)
                    .withGlobalIndexLagNanos(line.hasOption("index-lag")
                            ? TestCommand.indexLagMillis("index-lag", line.getOptionValue("index-lag")) * 1_000_000 : 0)
                    .withTtlDelayNanos(line.hasOption("ttl-delay") ? TestCommand.ttlDelayNanos(line.getOptionValue("ttl-delay"))
                            : EngineConfig.DEFAULT_TTL_DELAY_NANOS);
            Set<Bug> bugs = EnumSet.noneOf(Bug.class);
            for (String name : line.getOptionValues("bug") == null ? new String[0] : line.getOptionValues("bug")) {
                Bug bug = Bug.byCliName(name);
                if (bug == null) {
                    throw new IllegalArgumentException("--bug takes one of " + bugNames() + ", not '" + name + "'");
                }
                bugs.add(bug);
            }
            config = config.withBugs(bugs);
            if (line.hasOption("insights-interval") && !line.hasOption("insights")) {
                throw new IllegalArgumentException("--insights-interval needs --insights DIR");
            }
            insightsInterval = Flags.positiveDouble(line, "insights-interval", 1);
            if (insightsInterval < 0.001 || insightsInterval > 3600) {
                throw new IllegalArgumentException("--insights-interval takes seconds from 0.001 to 3600, not "
                        + line.getOptionValue("insights-interval"));
            }
        } catch (ParseException | IllegalArgumentException e) {
            err.println("keystorm serve: " + Flags.message(e));
            return ExitStatus.USAGE;
        }
        AuthConfig auth = null;
        if (line.hasOption("auth")) {
            Path file = Path.of(line.getOptionValue("auth"));
            try {
                auth = AuthConfig.read(file);
            } catch (IOException e) {
                err.println("keystorm serve: cannot read --auth " + InsightsDirectory.describe(e));
                return ExitStatus.NO_INPUT;
            } catch (IllegalArgumentException e) {
                err.println("keystorm serve: --auth " + e.getMessage());
                return ExitStatus.DATA_ERROR;
            }
            if (line.hasOption("admin") && auth.adminToken().isEmpty()) {
                // refused rather than served locked: an admin endpoint no one can use is a mistake to point out
                err.println("keystorm serve: --auth " + file + ": adminToken: missing (--admin with --auth needs "
                        + "the token that /keystorm/ requests send as Authorization: Bearer <adminToken>)");
                return ExitStatus.DATA_ERROR;
            }
        }
        Engine engine;
        try {
            engine = new Engine(config);
        } catch (java.io.UncheckedIOException e) {
            // a log damaged in the middle (65: its data), or a directory that cannot be read (66)
            boolean damaged = e.getCause() instanceof keystorm.engine.wal.DamagedLogException;
            err.println("keystorm serve: cannot recover --data-dir " + config.dataDir() + ": "
                    + (e.getCause() == null ? e.getMessage() : InsightsDirectory.describe(e.getCause())));
            return damaged ? ExitStatus.DATA_ERROR : ExitStatus.NO_INPUT;
        }
        InsightsDirectory insights = null;
        if (line.hasOption("insights")) {
            Path dir = Path.of(line.getOptionValue("insights"));
            try {
                insights = InsightsDirectory.open(dir, engine, Duration.ofNanos(Math.round(insightsInterval * 1e9)),
                        commandLine(args), insightsOptions(line, host, port, insightsInterval, config));
            } catch (IOException | RuntimeException e) {
                engine.close();
                err.println("keystorm serve: cannot write the insights directory " + dir + " ("
                        + InsightsDirectory.describe(e) + ")");
                return ExitStatus.CANNOT_CREATE;
            }
        }
        DynamoServer server;
        try {
            server = DynamoServer.start(engine, host, port, line.hasOption("admin"), DynamoServer.Timeouts.DEFAULT, auth);
        } catch (RuntimeException e) {
            closeInsights(insights, err);
            engine.close();
            err.println("keystorm serve: cannot listen on " + host + ":" + port + ": " + rootMessage(e));
            return ExitStatus.UNAVAILABLE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        InsightsDirectory recording = insights;
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close(); // stops taking requests, lets those in flight finish
            closeInsights(recording, err); // the last intervals and results.json, while the engine still answers
            engine.close();
            err.println("keystorm serve: stopped");
            stopped.countDown();
        }));
        StringBuilder ready = new StringBuilder("keystorm serve: listening on " + server.endpoint());
        ready.append(config.dataDir() == null ? " (in memory" : " (data in " + config.dataDir() + ", sync "
                + config.syncPolicy().name().toLowerCase() + (engine.recovery() == null ? "" : "; "
                + engine.recovery().describe()));
        ready.append(line.hasOption("admin") ? ", admin on /keystorm/" + (auth == null ? "" : " with its token") : "");
        ready.append(auth == null ? "" : ", auth on: " + auth.credentials().size() + " credential"
                + (auth.credentials().size() == 1 ? "" : "s") + " from " + line.getOptionValue("auth"));
        ready.append(config.bugs().isEmpty() ? "" : ", seeded bugs " + config.bugs());
        ready.append(config.tableStatusDelayNanos() == 0 ? "" : ", tables CREATING/UPDATING/DELETING for "
                + config.tableStatusDelayNanos() / 1e9 + " s");
        ready.append(config.ttlDelayNanos() == EngineConfig.DEFAULT_TTL_DELAY_NANOS ? ""
                : ", expired items deleted " + config.ttlDelayNanos() / 1e9 + " s after their Time to Live");
        ready.append(")");
        out.println(ready);
        if (insights != null) {
            out.println("keystorm serve: insights in " + insights.dir() + " (insights.jsonl every "
                    + insightsInterval + " s and minute, results.json every minute and at shutdown); "
                    + "render them with: keystorm report " + insights.dir());
        }
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitStatus.OK;
    }

    private static void closeInsights(InsightsDirectory insights, PrintStream err) {
        if (insights == null) {
            return;
        }
        try {
            insights.close();
            if (insights.error() != null) {
                err.println("keystorm serve: " + insights.error());
            }
        } catch (IOException | RuntimeException e) {
            err.println("keystorm serve: cannot write " + insights.dir().resolve("results.json") + " ("
                    + InsightsDirectory.describe(e) + ")");
        }
    }

    /** The command as a user would type it again, arguments with spaces quoted. */
    private static String commandLine(String[] args) {
        StringBuilder command = new StringBuilder("keystorm serve");
        for (String arg : args) {
            command.append(' ').append(arg.isEmpty() || arg.matches(".*[\\s'\"$`\\\\].*")
                    ? "'" + arg.replace("'", "'\\''") + "'" : arg);
        }
        return command.toString();
    }

    /** test.json's options for kind insights: how the server ran. */
    /** {@code --table-status-delay}: a number with a unit (ms, s, m), or bare seconds; 0 to 1 hour. */
    static long delayNanos(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m)?").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--table-status-delay takes a time such as 2s, 500ms or 1m, not '"
                    + text + "'");
        }
        double unitNanos = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1e6;
            case "m" -> 60e9;
            default -> 1e9;
        };
        double nanos = Double.parseDouble(m.group(1)) * unitNanos;
        if (nanos > 3600e9) {
            throw new IllegalArgumentException("--table-status-delay takes at most 1 hour, not '" + text + "'");
        }
        return Math.round(nanos);
    }

    private static ObjectNode insightsOptions(CommandLine line, String host, int port, double interval,
                                              EngineConfig config) {
        ObjectNode options = JsonNodeFactory.instance.objectNode();
        options.put("host", host);
        options.put("port", port);
        options.put("insightsIntervalSeconds", interval);
        options.put("keyIntervalSeconds", 60);
        if (config.dataDir() != null) {
            options.put("dataDir", config.dataDir().toString());
            options.put("sync", config.syncPolicy().name().toLowerCase());
        }
        options.put("throttling", config.throttling());
        options.put("adaptiveCapacity", config.adaptiveCapacity());
        options.put("splitForHeat", config.splitForHeat());
        if (config.partitionsPerTable() > 0) {
            options.put("partitionsPerTable", config.partitionsPerTable());
        }
        options.put("admin", line.hasOption("admin"));
        return options;
    }

    private static int portFlag(CommandLine line) {
        String text = line.getOptionValue("port");
        if (text == null) {
            return 8000;
        }
        try {
            int port = Integer.parseInt(text.strip());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port takes a port number from 0 to 65535, not '" + text + "'");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
