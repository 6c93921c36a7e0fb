package keystorm.workloads.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import keystorm.engine.partition.ReplicaLag;
import keystorm.workloads.nemesis.NemesisKind;

/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012, and TigerBeetle's VOPR): instead of
 * every run mixing every fault, each seed also picks which faults are on at all, how many clients
 * run, over how many keys, and how late the followers apply. A fault that masks another (a crash
 * heals a lagging follower) is then off in some runs, and many seeds explore many kinds of run.
 *
 * <p>Only what the user left open is chosen: a dimension named in {@code fixed} keeps the value of
 * {@code base}. The choice is a pure function of the seed.
 */
public final class Swarm {
    /** What a swarm may choose. */
    public enum Dimension { NEMESES, INTERVAL, CONCURRENCY, KEYS, REPLICA_LAG }

    /** One run's shape: the choices, and the values kept. */
    public record Shape(List<NemesisKind> nemeses, Duration nemesisInterval, int concurrency, int keys,
                        ReplicaLag replicaLag) {
        public Shape {
            nemeses = List.copyOf(nemeses);
        }

        /** For a person: {@code nemesis crash,lag every 2.0 s, 4 clients, 5 keys, lag uniform 0-100 ms}. */
        public String describe() {
            String faults = nemeses.isEmpty() ? "no faults"
                    : "nemesis " + String.join(",", nemeses.stream().map(NemesisKind::cliName).toList()) + " every "
                    + nemesisInterval.toMillis() / 1000.0 + " s";
            return faults + ", " + concurrency + " client" + (concurrency == 1 ? "" : "s") + ", " + keys + " key"
                    + (keys == 1 ? "" : "s") + ", replica lag " + lag(replicaLag);
        }

        private static String lag(ReplicaLag lag) {
            return switch (lag) {
                case ReplicaLag.Fixed f -> f.nanos() == 0 ? "none" : "fixed " + f.nanos() / 1_000_000.0 + " ms";
                case ReplicaLag.Uniform u -> "uniform " + u.minNanos() / 1_000_000 + "-" + u.maxNanos() / 1_000_000 + " ms";
                case ReplicaLag.Exponential e -> "exponential, mean " + e.meanNanos() / 1_000_000.0 + " ms";
            };
        }
    }

    private static final int[] CONCURRENCY = {1, 2, 3, 4, 5, 8, 10, 16};
    private static final int[] KEYS = {2, 3, 5, 10, 20, 100};
    private static final long[] INTERVAL_MILLIS = {200, 500, 1_000, 2_000, 5_000};
    private static final long[] LAG_MILLIS = {1, 10, 100, 1_000};

    private Swarm() {
    }

    /**
     * The shape seed {@code seed} gives, drawing from {@code kinds} the faults that may be on.
     *
     * @param kinds the faults a run may have (those the simulation can carry out)
     */
    public static Shape choose(long seed, Shape base, Set<Dimension> fixed, List<NemesisKind> kinds) {
        // A stream of its own, so the workload's and the engine's draws from the same seed stay as they were.
        SplittableRandom random = new SplittableRandom(seed ^ 0x5A5A_C0FF_EE00_1234L);
        List<NemesisKind> nemeses = new ArrayList<>();
        if (random.nextInt(5) != 0) { // one run in five without any fault
            for (NemesisKind kind : kinds) {
                if (random.nextBoolean()) {
                    nemeses.add(kind);
                }
            }
        }
        Duration interval = Duration.ofMillis(INTERVAL_MILLIS[random.nextInt(INTERVAL_MILLIS.length)]);
        int concurrency = CONCURRENCY[random.nextInt(CONCURRENCY.length)];
        int keys = KEYS[random.nextInt(KEYS.length)];
        ReplicaLag lag = switch (random.nextInt(3)) {
            case 0 -> ReplicaLag.NONE;
            case 1 -> new ReplicaLag.Uniform(0, LAG_MILLIS[random.nextInt(LAG_MILLIS.length)] * 1_000_000);
            default -> new ReplicaLag.Exponential(LAG_MILLIS[random.nextInt(LAG_MILLIS.length - 1)] * 1_000_000);
        };
        return new Shape(fixed.contains(Dimension.NEMESES) ? base.nemeses() : nemeses,
                fixed.contains(Dimension.INTERVAL) ? base.nemesisInterval() : interval,
                fixed.contains(Dimension.CONCURRENCY) ? base.concurrency() : concurrency,
                fixed.contains(Dimension.KEYS) ? base.keys() : keys,
                fixed.contains(Dimension.REPLICA_LAG) ? base.replicaLag() : lag);
    }

    /** A run shaped by the swarm: the spec to run, and the shape it was given (null without swarm). */
    public record Shaped(keystorm.workloads.sim.SimSpec spec, Shape shape) {
    }

    /**
     * The run seed {@code seed} makes of {@code base}: with {@code swarm} on, the dimensions not in
     * {@code fixed} chosen by the seed ({@link #choose}, over every kind of fault); otherwise the
     * base with that seed.
     */
    public static Shaped shape(SimSpec base, boolean swarm, Set<Dimension> fixed, long seed) {
        SimSpec run = base.withSeed(seed);
        if (!swarm) {
            return new Shaped(run, null);
        }
        Shape given = new Shape(base.nemesis(), base.nemesisInterval(), base.concurrency(), base.options().keys(),
                base.replicaLag());
        Shape shape = choose(seed, given, fixed, List.of(NemesisKind.values()));
        run = run.withNemesis(shape.nemeses(), shape.nemesisInterval()).withConcurrency(shape.concurrency())
                .withReplicaLag(shape.replicaLag());
        if (!fixed.contains(Dimension.KEYS)) {
            run = run.withKeys(shape.keys());
        }
        return new Shaped(run, shape);
    }

    /** Every dimension free. */
    public static Set<Dimension> nothingFixed() {
        return EnumSet.noneOf(Dimension.class);
    }
}
