package keystorm.workloads.nemesis;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import keystorm.engine.fault.Fault;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Generators;

/**
 * The nemesis's plan, as a pure generator (Jepsen's usual one): wait an interval, start a fault
 * of a kind drawn from those enabled, wait an interval, end it, and again. Each round's draws come
 * from the seed and the round number, so the same seed gives the same faults in the same order.
 */
public final class NemesisSchedule {
    private NemesisSchedule() {
    }

    /**
     * @param tables the tables engine faults may aim at (the run's own)
     * @param partitions how many partitions each has
     */
    public static Generator<Fault> of(List<NemesisKind> kinds, Duration interval, long seed, List<String> tables,
                                      int partitions) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one kind of fault");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--nemesis-interval must be positive, not " + interval);
        }
        return Generators.series(round -> {
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (round + 1)));
            NemesisKind kind = kinds.get(random.nextInt(kinds.size()));
            Fault start = start(kind, random, interval, tables, partitions);
            Fault end = end(start);
            return end == null
                    ? Generators.phases(Generators.sleep(interval), Generators.of(start))
                    : Generators.phases(Generators.sleep(interval), Generators.of(start), Generators.sleep(interval),
                            Generators.of(end));
        });
    }

    static Fault start(NemesisKind kind, SplittableRandom random, Duration interval, List<String> tables, int partitions) {
        String table = tables.isEmpty() ? null : tables.get(random.nextInt(tables.size()));
        int partition = random.nextInt(Math.max(1, partitions));
        return switch (kind) {
            case LAG -> new Fault.LagSpike(Duration.ofMillis(50 + random.nextInt(451)), interval);
            case FAILOVER -> new Fault.CrashLeader(requireTable(table, kind), partition);
            case ISOLATE -> new Fault.IsolateReplica(requireTable(table, kind), partition, random.nextInt(3));
            case SQUEEZE -> new Fault.SqueezeCapacity(requireTable(table, kind), partition, 0.01 + random.nextDouble() * 0.09);
            case CLOCK -> new Fault.SkewClock(Duration.ofMillis((random.nextBoolean() ? 1 : -1) * (1_000L + random.nextInt(59_000))));
            case CRASH -> new Fault.Crash();
            case KILL -> new Fault.Kill();
            case PAUSE -> new Fault.Pause();
            case NET_DELAY -> {
                // The jitter is at most the delay (the shortest wait, delay - jitter, is never negative),
                // and drawn as before wherever that held, so those schedules stay as they were.
                int delayMillis = 10 + random.nextInt(91);
                yield new Fault.NetDelay(Duration.ofMillis(delayMillis), Duration.ofMillis(random.nextInt(Math.min(21, delayMillis + 1))));
            }
            case NET_DROP -> new Fault.NetDrop(0.1 + random.nextDouble() * 0.4);
            case NET_RESET -> new Fault.NetReset();
            case NET_BLACKHOLE -> new Fault.NetBlackhole();
        };
    }

    /** What ends a fault; null when it ends itself (a crash recovers as part of it). */
    static Fault end(Fault start) {
        return switch (start) {
            case Fault.EngineFault engine -> switch (engine) {
                case Fault.IsolateReplica i -> new Fault.RejoinReplica(i.table(), i.partition(), i.replica());
                case Fault.Crash c -> null;
                case Fault.LagSpike l -> new Fault.HealAll();
                case Fault.CrashLeader c -> new Fault.HealAll();
                case Fault.RestartReplica r -> null;
                case Fault.RejoinReplica r -> null;
                case Fault.SqueezeCapacity s -> new Fault.HealAll();
                case Fault.SkewClock s -> new Fault.HealAll();
                case Fault.HealAll h -> null;
            };
            case Fault.ProcessFault process -> switch (process) {
                case Fault.Kill k -> new Fault.Restart();
                case Fault.Pause p -> new Fault.Resume();
                case Fault.Restart r -> null;
                case Fault.Resume r -> null;
            };
            case Fault.NetworkFault network -> switch (network) {
                case Fault.NetHeal h -> null;
                case Fault.NetDelay d -> new Fault.NetHeal();
                case Fault.NetDrop d -> new Fault.NetHeal();
                case Fault.NetReset r -> new Fault.NetHeal();
                case Fault.NetBlackhole b -> new Fault.NetHeal();
            };
        };
    }

    private static String requireTable(String table, NemesisKind kind) {
        if (table == null) {
            throw new IllegalArgumentException("nemesis " + kind.cliName() + " aims at a table, and the workload made none");
        }
        return table;
    }
}
