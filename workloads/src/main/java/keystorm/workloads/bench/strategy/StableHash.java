package keystorm.workloads.bench.strategy;

/**
 * Hashes that must not depend on the JVM run, so that a run's keys repeat: FNV-1a over a string's
 * UTF-16 code units (both bytes), or SplitMix64's mixing of a counter, then murmur3's fmix64 so
 * nearby inputs spread over the whole 64 bits. Each caller passes its own salt, so that two
 * strategies hashing the same item id (a calculated suffix, a composite category) draw
 * independent values.
 */
final class StableHash {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private StableHash() {
    }

    static long of(String text, long salt) {
        long h = FNV_OFFSET ^ salt;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return fmix64(h);
    }

    /** The {@code counter}-th value of a SplitMix64 sequence started at {@code salt}. */
    static long ofCounter(long counter, long salt) {
        return fmix64(salt + counter * GOLDEN_GAMMA);
    }

    /** {@code hash} mapped to [0, n) by its high bits (even for any n, unlike a remainder of a weak hash). */
    static int below(long hash, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a range [0, n) needs n >= 1: " + n);
        }
        return (int) Math.unsignedMultiplyHigh(hash, n);
    }

    private static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
