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

    public static RunResult run(TestConfig config, Path directory) throws IOException, InterruptedException {
        config.validate();
        Files.createDirectories(directory);
        // Every run's tables under a prefix of its own, so runs against one endpoint never meet.
        String prefix = "ks-" + Long.toHexString(new SplittableRandom(config.seed() ^ System.nanoTime()).nextLong()) + "-";
        WorkloadOptions options = new WorkloadOptions(config.seed(), config.keys(),
                KeyDistribution.parse(config.keyDistribution(), config.keys()), prefix, config.concurrency(),
                config.consistencyModel());
        Workload<?> workload = Workloads.create(config.workload(), options);
        try (Target target = Target.open(config, directory)) {
            return run(config, workload, target, directory, prefix);
        }
    }

    private static <P extends keystorm.checker.op.Payload> RunResult run(TestConfig config, Workload<P> workload,
                                                                          Target target, Path directory, String prefix)
            throws IOException, InterruptedException {
        Store store = target.clientStore;
        try {
            return runSetUp(config, workload, target, directory, prefix);
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
                                                                               String prefix)
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
            result = Runner.run(spec, false);
        } finally {
            if (nemesis != null) {
                nemesis.close();
            }
        }
        Files.writeString(directory.resolve("summary.txt"), result.render());
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

        static Target open(TestConfig config, Path directory) {
            Target target = new Target();
            try {
                boolean network = config.nemeses().stream().anyMatch(k -> k.needs() == keystorm.workloads.nemesis.NemesisKind.Needs.NETWORK);
                URI endpoint = switch (config.target()) {
                    case Targets.Target.Embedded e -> {
                        EngineConfig engine = engineConfig(config, directory);
                        target.embedded = new EmbeddedStore(() -> new Engine(engine));
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
        }
    }
}
