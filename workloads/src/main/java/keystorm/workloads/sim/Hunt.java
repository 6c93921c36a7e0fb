package keystorm.workloads.sim;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import keystorm.checker.Validity;

/**
 * {@code keystorm hunt}: simulated runs, seed after seed, until one fails or the budget (seeds or
 * wall-clock time) is spent. With swarm testing on, each seed also picks the shape of its run
 * ({@link Swarm}) from what the user left open. Seeds are tried in order from the first, so the
 * first failing seed, and everything about it, is the same on every machine; only how far a time
 * budget reaches depends on the machine.
 */
public final class Hunt {
    /**
     * @param base      the run each seed varies (its seed is replaced)
     * @param swarm     whether each seed picks its run's shape
     * @param fixed     with swarm, what the user set and the swarm keeps
     * @param firstSeed the first seed tried; then firstSeed + 1, ...
     * @param seeds     the most seeds to try
     * @param timeBudget the most wall-clock time to spend (a run under way is finished)
     */
    public record Spec(SimSpec base, boolean swarm, Set<Swarm.Dimension> fixed, long firstSeed, int seeds,
                       Duration timeBudget) {
        public Spec {
            fixed = Set.copyOf(fixed);
            if (seeds < 1) {
                throw new IllegalArgumentException("a hunt needs at least one seed, not " + seeds);
            }
            if (timeBudget.isNegative() || timeBudget.isZero()) {
                throw new IllegalArgumentException("a hunt's time budget must be positive, not " + timeBudget);
            }
        }
    }

    /** The first failure: its seed, the run it made, its shape when swarming (null otherwise). */
    public record Found(long seed, SimSpec spec, Swarm.Shape shape, SimResult result) {
    }

    /**
     * @param found   the first failing run, or null
     * @param unknown seeds whose checker could not decide
     */
    public record Report(int seedsRun, int unknown, long operations, long wallNanos, Found found) {
    }

    private Hunt() {
    }

    /** The run a seed makes: the base with that seed, shaped by the swarm if it is on. */
    public static SimSpec runFor(Spec spec, long seed) {
        return Swarm.shape(spec.base(), spec.swarm(), spec.fixed(), seed).spec();
    }

    /** Runs seeds until one fails or the budget is spent; {@code progress} hears a line now and then. */
    public static Report run(Spec spec, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        long deadline = start + spec.timeBudget().toNanos();
        int unknown = 0;
        long operations = 0;
        long lastReport = start;
        for (int i = 0; i < spec.seeds(); i++) {
            long seed = spec.firstSeed() + i;
            SimSpec run = runFor(spec, seed);
            SimResult result;
            try {
                result = Simulation.run(run);
            } catch (RuntimeException e) {
                throw new IllegalStateException("seed " + seed + " stopped the simulation: " + e, e);
            }
            operations += result.statistics().operations();
            if (result.validity() == Validity.INVALID) {
                return new Report(i + 1, unknown, operations, System.nanoTime() - start,
                        new Found(seed, run, Swarm.shape(spec.base(), spec.swarm(), spec.fixed(), seed).shape(), result));
            }
            if (result.validity() == Validity.UNKNOWN) {
                unknown++;
            }
            long now = System.nanoTime();
            if (now - lastReport > 5_000_000_000L) {
                progress.accept(String.format("  %,d seeds, %,d operations, none failed yet (%.0f s)", i + 1, operations,
                        (now - start) / 1e9));
                lastReport = now;
            }
            if (now - deadline > 0) {
                return new Report(i + 1, unknown, operations, now - start, null);
            }
        }
        return new Report(spec.seeds(), unknown, operations, System.nanoTime() - start, null);
    }
}
