package keystorm.workloads.sim;

/**
 * Every seed of a simulated run, derived from the run's one seed: each part draws from a stream of
 * its own, so adding a draw to one part never shifts another's. The mix is SplitMix64's finaliser
 * (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), which
 * turns neighbouring inputs (seed 1, seed 2; operation 41, operation 42) into unrelated outputs.
 */
final class Seeds {
    /** What a derived seed is for; each purpose a stream of its own. */
    enum Purpose { ENGINE, STEP, TABLE_PREFIX, NETWORK, WINDOW }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long of(long seed, Purpose purpose) {
        return mix(mix(seed) + GOLDEN * (purpose.ordinal() + 1));
    }

    /** The seed of the client operation with this sequence number (0, 1, 2 ... in order of invocation). */
    static long step(long seed, long sequence) {
        return mix(of(seed, Purpose.STEP) + GOLDEN * (sequence + 1));
    }

    /** One of an operation's own streams, split from its step seed. */
    static long stream(long stepSeed, Purpose purpose) {
        return mix(stepSeed + GOLDEN * (purpose.ordinal() + 1));
    }

    /** The run's table prefix: its tables are its own even against a shared store. */
    static String tablePrefix(long seed) {
        return "ks-" + String.format("%08x", of(seed, Purpose.TABLE_PREFIX) >>> 32) + "-";
    }
}
