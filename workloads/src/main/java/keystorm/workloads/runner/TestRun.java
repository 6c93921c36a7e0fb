package keystorm.workloads.runner;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.fault.Bug;
import keystorm.engine.fault.Fault;
import keystorm.engine.partition.ReplicaLag;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.Workloads;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.client.SdkStore;
import keystorm.workloads.client.Store;
import keystorm.workloads.client.Targets;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.nemesis.AdminFaults;
import keystorm.workloads.nemesis.FaultNemesis;
import keystorm.workloads.nemesis.NemesisSchedule;
import keystorm.workloads.nemesis.NetworkProxy;
import keystorm.workloads.nemesis.ServeProcess;

/**
 * One {@code keystorm test}: builds the target (an engine in this process, a {@code keystorm serve}
 * child, or a URL, with the proxy in front when a network fault is asked for), the workload and the
 * nemesis from a {@link TestConfig}, runs it into a fresh directory of the store, and tears down
 * what it made.
 */
public final class TestRun {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS");

    private TestRun() {
    }

    /** The directory a run of this config writes into: {@code STORE/<workload>/<timestamp>}. */
    public static Path runDirectory(TestConfig config) {
        return config.store().resolve(config.workload()).resolve(LocalDateTime.now().format(STAMP));
    }

    /**
     * How a run is recorded beside what it tests: the command that ran it and whether it was a
     * simulation or a swarm's (for test.json), where its progress goes, and whether the store's
     * insights are recorded (the embedded engine's recorder; {@code --insights} for a serve child).
     *
     * @param command the command line that runs it again, or null when there is none (test.json leaves it out)
     */
    public record RunOptions(String command, boolean simulate, boolean swarm, Progress progress, boolean insights) {
        public RunOptions {
            java.util.Objects.requireNonNull(progress, "progress");
        }

        /** Recorded with insights, and the progress printed every {@link Progress#DEFAULT_INTERVAL}. */
        public static RunOptions of(String command, java.io.PrintStream progress) {
            return new RunOptions(command, false, false, Progress.printing(progress, Progress.DEFAULT_INTERVAL), true);
        }
    }

    /**
     * Runs {@code config} into {@code directory} with no command recorded and no progress; insights
     * are recorded on the embedded engine only (a serve child is started as before, without
     * {@code --insights}).
     */
    public static RunResult run(TestConfig config, Path directory) throws IOException, InterruptedException {
        return run(config, directory, new RunOptions(null, false, false, Progress.NONE,
                config.target() instanceof Targets.Target.Embedded));
    }

    /**
     * Runs {@code config} into {@code directory}: test.json first (so a run that dies still says what
     * it was), then history.jsonl as the run goes, then summary.txt and results.json once checked.
     */
    public static RunResult run(TestConfig config, Path directory, RunOptions runOptions)
            throws IOException, InterruptedException {
        config.validate();
        Files.createDirectories(directory);
        TestConfigJson.writeTestJson(directory, config, runOptions.simulate(), runOptions.swarm(), runOptions.command(),
                java.time.Instant.now());
        // Every run's tables under a prefix of its own, so runs against one endpoint never meet.
        String prefix = "ks-" + Long.toHexString(new SplittableRandom(config.seed() ^ System.nanoTime()).nextLong()) + "-";
        WorkloadOptions options = new WorkloadOptions(config.seed(), config.keys(),
                KeyDistribution.parse(config.keyDistribution(), config.keys()), prefix, config.concurrency(),
                config.consistencyModel(), config.readIndex());
        Workload<?> workload = Workloads.create(config.workload(), options);
        try (Target target = Target.open(config, directory, runOptions.insights())) {
            return run(config, workload, target, directory, prefix, runOptions);
        }
    }

    private static <P extends keystorm.checker.op.Payload> RunResult run(TestConfig config, Workload<P> workload,
                                                                          Target target, Path directory, String prefix,
                                                                          RunOptions runOptions)
            throws IOException, InterruptedException {
        Store store = target.clientStore;
        try {
            return runSetUp(config, workload, target, directory, prefix, runOptions);
        } finally {
            if (!config.keepTables() && config.target() instanceof Targets.Target.Endpoint) {
                dropTables(store, prefix);
            }
        }
    }

    /** Deletes the run's tables (those under its prefix), whatever became of the run. */
    private static void dropTables(Store store, String prefix) {
        try {
            for (String name : store.tableNames()) {
                if (name.startsWith(prefix)) {
                    store.deleteTable(name);
                }
            }
        } catch (RuntimeException e) {
            // The store went away with the run: nothing more can be done, and the run's verdict stands.
        }
    }

    private static <P extends keystorm.checker.op.Payload> RunResult runSetUp(TestConfig config, Workload<P> workload,
                                                                               Target target, Path directory,
                                                                               String prefix, RunOptions runOptions)
            throws IOException, InterruptedException {
        Store store = target.clientStore;
        workload.client().setup(store);
        FaultNemesis nemesis = null;
        Generator<Fault> schedule = null;
        if (!config.nemeses().isEmpty()) {
            List<String> tables = new ArrayList<>();
            for (String name : store.tableNames()) {
                if (name.startsWith(prefix)) {
                    tables.add(name);
                }
            }
            nemesis = target.nemesis();
            schedule = NemesisSchedule.of(config.nemeses(), config.nemesisInterval(), config.seed(), tables,
                    target.partitions);
        }
        RunSpec<P, Fault> spec = new RunSpec<>(workload, store, config.concurrency(), config.timeLimit(), config.rate(),
                config.seed(), nemesis, schedule, directory.resolve("history.jsonl"), Duration.ofSeconds(30));
        RunResult result;
        try {
            result = Runner.run(spec, false, runOptions.progress());
        } finally {
            if (nemesis != null) {
                nemesis.close();
            }
        }
        Files.writeString(directory.resolve("summary.txt"), result.render());
        com.fasterxml.jackson.databind.node.ObjectNode results = RunResultsJson.of(result);
        Path insights = target.closeInsights();
        if (insights != null) {
            RunResultsJson.foldInsights(results, insights, result.statistics().startEpochMillis());
        }
        RunResultsJson.write(directory, results);
        return result;
    }

    /** The target's parts for one run, closed together. */
    private static final class Target implements AutoCloseable {
        Store clientStore;
        EmbeddedStore embedded;
        ServeProcess serve;
        NetworkProxy proxy;
        /** The workloads' tables are on demand, so each starts with the engine's on-demand partitions. */
        int partitions = keystorm.engine.partition.PartitionMap.ON_DEMAND_PARTITIONS;

        /** Where the store's insights are written (insights.jsonl), or null when they are not recorded. */
        Path insightsFile;
        /** The embedded engine's recorder, attached to each engine the store opens; null without one. */
        EmbeddedInsights recorder;

        /**
         * Stops recording insights, so that the last interval is written, and says where they are;
         * null when none were recorded. A serve child writes its last lines when it stops, so it is
         * stopped first (the run is over: nothing needs it).
         */
        Path closeInsights() {
            if (recorder != null) {
                recorder.close();
            }
            if (serve != null && insightsFile != null) {
                serve.stop(java.time.Duration.ofSeconds(10));
            }
            return insightsFile;
        }

        static Target open(TestConfig config, Path directory, boolean insights) {
            Target target = new Target();
            try {
                boolean network = config.nemeses().stream().anyMatch(k -> k.needs() == keystorm.workloads.nemesis.NemesisKind.Needs.NETWORK);
                URI endpoint = switch (config.target()) {
                    case Targets.Target.Embedded e -> {
                        EngineConfig engine = engineConfig(config, directory);
                        if (insights) {
                            target.insightsFile = directory.resolve("insights.jsonl");
                            target.recorder = new EmbeddedInsights(target.insightsFile);
                        }
                        EmbeddedInsights recorder = target.recorder;
                        target.embedded = new EmbeddedStore(() -> {
                            Engine opened = new Engine(engine);
                            if (recorder != null) {
                                recorder.attach(opened);
                            }
                            return opened;
                        });
                        target.clientStore = target.embedded;
                        yield null;
                    }
                    case Targets.Target.Serve s -> {
                        List<String> extra = new ArrayList<>();
                        for (Bug bug : config.bugs()) {
                            extra.add("--bug");
                            extra.add(bug.cliName());
                        }
                        if (config.replicaLagMillis() > 0) {
                            extra.add("--replica-lag");
                            extra.add(Long.toString(config.replicaLagMillis()));
                        }
                        if (config.indexLagMillis() > 0) {
                            extra.add("--index-lag");
                            extra.add(Long.toString(config.indexLagMillis()));
                        }
                        if (config.ttlDelayMillis() != TestConfig.TTL_DELAY_MILLIS_DEFAULT) {
                            extra.add("--ttl-delay");
                            extra.add(config.ttlDelayMillis() + "ms");
                        }
                        if (insights) {
                            // a killed and restarted child appends to the same file
                            extra.add("--insights");
                            extra.add(directory.resolve("insights").toString());
                            target.insightsFile = directory.resolve("insights").resolve("insights.jsonl");
                        }
                        target.serve = ServeProcess.start(config.serveCommand(), directory.resolve("data"), config.sync(), extra);
                        yield target.serve.endpoint();
                    }
                    case Targets.Target.Endpoint u -> u.uri();
                };
                if (endpoint != null) {
                    URI clientEndpoint = endpoint;
                    if (network) {
                        target.proxy = new NetworkProxy(endpoint.getHost(), endpoint.getPort(), 0,
                                new SplittableRandom(config.seed()));
                        clientEndpoint = target.proxy.endpoint();
                    }
                    // A local endpoint takes any credentials; Amazon DynamoDB needs real ones, and only an
                    // explicit flag reaches for them.
                    target.clientStore = new SdkStore(clientEndpoint, config.region(),
                            config.awsCredentials() ? new SdkStore.Credentials.DefaultChain() : SdkStore.Credentials.LOCAL,
                            SdkStore.DEFAULT_TIMEOUT);
                }
                return target;
            } catch (RuntimeException e) {
                target.close();
                throw e;
            }
        }

        FaultNemesis nemesis() {
            if (embedded != null) {
                return new FaultNemesis(fault -> embedded.engine().faults().apply(fault), embedded::restart, null, proxy);
            }
            if (serve != null) {
                ServeProcess process = serve;
                return new FaultNemesis(new AdminFaults(process::endpoint),
                        () -> process.apply(new Fault.Restart()), process, proxy);
            }
            return new FaultNemesis(null, null, null, proxy);
        }

        private static EngineConfig engineConfig(TestConfig config, Path directory) {
            boolean crash = config.nemeses().contains(keystorm.workloads.nemesis.NemesisKind.CRASH);
            EngineConfig engine = crash ? EngineConfig.durable(directory.resolve("data"), config.sync()) : EngineConfig.inMemory();
            if (config.replicaLagMillis() > 0) {
                engine = engine.withReplicaLag(new ReplicaLag.Uniform(0, config.replicaLagMillis() * 1_000_000));
            }
            if (config.indexLagMillis() > 0) {
                engine = engine.withGlobalIndexLagNanos(config.indexLagMillis() * 1_000_000);
            }
            engine = engine.withTtlDelayNanos(config.ttlDelayMillis() * 1_000_000);
            if (!config.bugs().isEmpty()) {
                engine = engine.withBugs(java.util.EnumSet.copyOf(config.bugs()));
            }
            return engine;
        }

        @Override
        public void close() {
            if (clientStore != null && clientStore != embedded) {
                clientStore.close();
            }
            if (proxy != null) {
                proxy.close();
            }
            if (serve != null) {
                serve.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            if (recorder != null) {
                recorder.close();
            }
        }
    }
}
