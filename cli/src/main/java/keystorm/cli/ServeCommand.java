package keystorm.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import keystorm.engine.fault.Bug;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.server.DynamoServer;
import keystorm.engine.wal.SyncPolicy;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code keystorm serve}: the engine behind DynamoDB's wire protocol, until SIGTERM or Ctrl-C,
 * after which it stops taking requests, lets those in flight finish and closes its log.
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
        options.addOption(Option.builder().longOpt("partitions").hasArg().argName("N")
                .desc("partitions of every new table (default: DynamoDB's rule)").build());
        options.addOption(Option.builder().longOpt("no-throttle")
                .desc("meter capacity but never refuse (as DynamoDB Local)").build());
        options.addOption(Option.builder().longOpt("no-adaptive-capacity")
                .desc("give each partition an even share of a provisioned table's capacity").build());
        options.addOption(Option.builder().longOpt("no-split-for-heat")
                .desc("never split a partition that stays near its capacity ceiling").build());
        options.addOption(Option.builder().longOpt("bug").hasArg().argName("NAME")
                .desc("switch on a seeded bug (repeatable): " + bugNames()).build());
        options.addOption(Option.builder().longOpt("admin")
                .desc("serve the fault and metrics endpoint under /keystorm/").build());
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
        try {
            line = new DefaultParser().parse(options(), args);
            if (line.hasOption("help")) {
                Flags.help(out, "keystorm serve [options]", options());
                return ExitStatus.OK;
            }
            if (!line.getArgList().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument '" + line.getArgList().getFirst() + "'");
            }
            host = line.getOptionValue("host", "127.0.0.1");
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
                    .withSplitForHeat(!line.hasOption("no-split-for-heat"));
            Set<Bug> bugs = EnumSet.noneOf(Bug.class);
            for (String name : line.getOptionValues("bug") == null ? new String[0] : line.getOptionValues("bug")) {
                Bug bug = Bug.byCliName(name);
                if (bug == null) {
                    throw new IllegalArgumentException("--bug takes one of " + bugNames() + ", not '" + name + "'");
                }
                bugs.add(bug);
            }
            config = config.withBugs(bugs);
        } catch (ParseException | IllegalArgumentException e) {
            err.println("keystorm serve: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        Engine engine = new Engine(config);
        DynamoServer server;
        try {
            server = DynamoServer.start(engine, host, port, line.hasOption("admin"));
        } catch (RuntimeException e) {
            engine.close();
            err.println("keystorm serve: cannot listen on " + host + ":" + port + ": " + rootMessage(e));
            return ExitStatus.UNAVAILABLE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            engine.close();
            err.println("keystorm serve: stopped");
            stopped.countDown();
        }));
        StringBuilder ready = new StringBuilder("keystorm serve: listening on " + server.endpoint());
        ready.append(config.dataDir() == null ? " (in memory" : " (data in " + config.dataDir() + ", sync "
                + config.syncPolicy().name().toLowerCase() + (engine.recovery() == null ? "" : "; "
                + engine.recovery().describe()));
        ready.append(line.hasOption("admin") ? ", admin on /keystorm/" : "");
        ready.append(config.bugs().isEmpty() ? "" : ", seeded bugs " + config.bugs());
        ready.append(")");
        out.println(ready);
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitStatus.OK;
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
