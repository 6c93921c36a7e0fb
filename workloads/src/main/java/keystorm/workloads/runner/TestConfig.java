package keystorm.workloads.runner;

import keystorm.workloads.client.Targets.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.engine.fault.Bug;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.nemesis.NemesisKind;

/**
 * Everything one {@code keystorm test} run is made of, typed; the command line parses into it and
 * nothing else decides anything.
 *
 * @param target where the store is: the embedded engine, a {@code keystorm serve} child, or any endpoint
 * @param rate operations a second over all processes; 0 for as fast as they complete
 * @param replicaLagMillis how far followers trail the leader (engine targets); 0 by default
 * @param sync the log's sync policy, for targets with a data directory (serve, and embedded with crash)
 * @param serveCommand how to start {@code keystorm serve} ({@code [java, -cp, CP, keystorm.cli.Main, serve]})
 * @param store where runs are kept: {@code STORE/<workload>/<timestamp>/}
 * @param region the AWS region a URL target is signed for
 * @param awsCredentials sign a URL target's requests with the AWS SDK's default credentials
 *     (environment, profile, instance role) instead of placeholder ones: for Amazon DynamoDB
 * @param readIndex the workload reads through a global secondary index of its table ({@code eventual-register} only)
 * @param indexLagMillis how long after a table write the engine's global secondary indexes apply it (engine
 *     targets; 0 by default: at once)
 * @param ttlDelayMillis how long after an item's Time to Live has passed the engine's sweep deletes it (engine
 *     targets; {@link #TTL_DELAY_MILLIS_DEFAULT} by default, the engine's own)
 */
public record TestConfig(String workload, Target target, List<NemesisKind> nemeses, Duration nemesisInterval,
                         Duration timeLimit, int concurrency, double rate, int keys, String keyDistribution, long seed,
                         Set<Bug> bugs, ConsistencyModel consistencyModel, Path store, boolean keepTables, long replicaLagMillis,
                         SyncPolicy sync, List<String> serveCommand, String region, boolean awsCredentials,
                         boolean readIndex, long indexLagMillis, long ttlDelayMillis) {
    /** The engine's own Time to Live delay, five minutes. */
    public static final long TTL_DELAY_MILLIS_DEFAULT =
            keystorm.engine.EngineConfig.DEFAULT_TTL_DELAY_NANOS / 1_000_000;

    /** The workload read through an index by {@link #validate}; the others refuse {@code --read-index}. */
    public static final String READ_INDEX_WORKLOAD = "eventual-register";

    public TestConfig {
        nemeses = List.copyOf(nemeses);
        bugs = Set.copyOf(bugs);
        serveCommand = List.copyOf(serveCommand);
        java.util.Objects.requireNonNull(region, "region");
        if (indexLagMillis < 0) {
            throw new IllegalArgumentException("indexLagMillis must be 0 or more, not " + indexLagMillis);
        }
        if (ttlDelayMillis < 0) {
            throw new IllegalArgumentException("ttlDelayMillis must be 0 or more, not " + ttlDelayMillis);
        }
    }

    /** A test with the engine's own Time to Live delay. */
    public TestConfig(String workload, Target target, List<NemesisKind> nemeses, Duration nemesisInterval,
                      Duration timeLimit, int concurrency, double rate, int keys, String keyDistribution, long seed,
                      Set<Bug> bugs, ConsistencyModel consistencyModel, Path store, boolean keepTables, long replicaLagMillis,
                      SyncPolicy sync, List<String> serveCommand, String region, boolean awsCredentials,
                      boolean readIndex, long indexLagMillis) {
        this(workload, target, nemeses, nemesisInterval, timeLimit, concurrency, rate, keys, keyDistribution, seed, bugs,
                consistencyModel, store, keepTables, replicaLagMillis, sync, serveCommand, region, awsCredentials,
                readIndex, indexLagMillis, TTL_DELAY_MILLIS_DEFAULT);
    }

    /** A test that reads the tables themselves, with no index lag. */
    public TestConfig(String workload, Target target, List<NemesisKind> nemeses, Duration nemesisInterval,
                      Duration timeLimit, int concurrency, double rate, int keys, String keyDistribution, long seed,
                      Set<Bug> bugs, ConsistencyModel consistencyModel, Path store, boolean keepTables, long replicaLagMillis,
                      SyncPolicy sync, List<String> serveCommand, String region, boolean awsCredentials) {
        this(workload, target, nemeses, nemesisInterval, timeLimit, concurrency, rate, keys, keyDistribution, seed, bugs,
                consistencyModel, store, keepTables, replicaLagMillis, sync, serveCommand, region, awsCredentials, false, 0);
    }

    /** The same test with another workload, nemeses, seed and rate: one cell of a suite. */
    public TestConfig cell(String workload, List<NemesisKind> nemeses, long seed, double rate) {
        return new TestConfig(workload, target, nemeses, nemesisInterval, timeLimit, concurrency, rate, keys,
                keyDistribution, seed, bugs, consistencyModel, store, keepTables, replicaLagMillis, sync, serveCommand,
                region, awsCredentials, readIndex, indexLagMillis, ttlDelayMillis);
    }

    /** This test reading through an index or not, with this index lag. */
    public TestConfig withReadIndex(boolean readIndex, long indexLagMillis) {
        return new TestConfig(workload, target, nemeses, nemesisInterval, timeLimit, concurrency, rate, keys,
                keyDistribution, seed, bugs, consistencyModel, store, keepTables, replicaLagMillis, sync, serveCommand,
                region, awsCredentials, readIndex, indexLagMillis, ttlDelayMillis);
    }

    /** This test with the engine's Time to Live sweep deleting an expired item {@code ttlDelayMillis} after its time. */
    public TestConfig withTtlDelayMillis(long ttlDelayMillis) {
        return new TestConfig(workload, target, nemeses, nemesisInterval, timeLimit, concurrency, rate, keys,
                keyDistribution, seed, bugs, consistencyModel, store, keepTables, replicaLagMillis, sync, serveCommand,
                region, awsCredentials, readIndex, indexLagMillis, ttlDelayMillis);
    }

    /** Names the flag that does not fit with the others, or says nothing. */
    public void validate() {
        for (NemesisKind kind : nemeses) {
            boolean fits = switch (kind.needs()) {
                case ENGINE -> !(target instanceof Target.Endpoint);
                case PROCESS -> target instanceof Target.Serve;
                case NETWORK -> !(target instanceof Target.Embedded);
            };
            if (!fits) {
                throw new IllegalArgumentException("--nemesis " + kind.cliName() + " needs " + switch (kind.needs()) {
                    case ENGINE -> "keystorm's engine (--target embedded or serve), not " + describe(target);
                    case PROCESS -> "a process to kill or pause (--target serve), not " + describe(target);
                    case NETWORK -> "a network between client and store (--target serve or a URL), not the embedded engine";
                });
            }
        }
        if (!bugs.isEmpty() && target instanceof Target.Endpoint) {
            throw new IllegalArgumentException("--bug seeds keystorm's engine (--target embedded or serve), not " + describe(target));
        }
        if (readIndex && !workload.equals(READ_INDEX_WORKLOAD)) {
            throw new IllegalArgumentException(workload.equals("register")
                    ? keystorm.workloads.register.RegisterWorkload.READ_INDEX_REFUSED
                    : "--read-index is for --workload " + READ_INDEX_WORKLOAD + " (the only workload that reads through an "
                    + "index), not --workload " + workload);
        }
        if (indexLagMillis > 0 && target instanceof Target.Endpoint) {
            throw new IllegalArgumentException("--index-lag delays the global indexes of keystorm's engine (--target "
                    + "embedded or serve), not " + describe(target) + " (whose index lag is its own)");
        }
        if (ttlDelayMillis != TTL_DELAY_MILLIS_DEFAULT && target instanceof Target.Endpoint) {
            throw new IllegalArgumentException("--ttl-delay sets the Time to Live delay of keystorm's engine (--target "
                    + "embedded or serve), not " + describe(target) + " (whose expiry is its own)");
        }
        if (indexLagMillis > 0 && !readIndex) {
            throw new IllegalArgumentException("--index-lag needs --read-index (without it no read goes through an index)");
        }
        if (serveCommand.isEmpty() && target instanceof Target.Serve) {
            throw new IllegalArgumentException("--target serve needs the command that starts keystorm serve");
        }
    }

    public static String describe(Target target) {
        return switch (target) {
            case Target.Embedded e -> "embedded";
            case Target.Serve s -> "serve";
            case Target.Endpoint u -> u.uri().toString();
        };
    }
}
