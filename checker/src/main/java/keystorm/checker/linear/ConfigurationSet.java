package keystorm.checker.linear;

import java.util.Arrays;

/**
 * The search's memo of configurations (set of linearized calls, model state), built for its one
 * question: "is the current set plus call c, with this state, new? If so, remember it".
 *
 * <p>The set of calls is hashed Zobrist-style (the XOR of one random word per call), so its hash
 * follows a step in O(1), and a candidate is compared against stored bitsets without first being
 * copied; only configurations that are new are copied in. Open addressing, linear probing.
 */
final class ConfigurationSet<S> {
    private final long[] callHashes;
    private long[][] bitsets;
    private Object[] states;
    private long[] hashes;
    private int size;
    private int mask;

    ConfigurationSet(int calls, long seed) {
        callHashes = new long[calls];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < calls; i++) {
            callHashes[i] = random.nextLong();
        }
        allocate(1 << 10);
    }

    long callHash(int call) {
        return callHashes[call];
    }

    int size() {
        return size;
    }

    /**
     * Adds (linearized with {@code call} set, state) if absent.
     *
     * @param setHash the Zobrist hash of {@code linearized} with {@code call} set
     * @return true if it was new
     */
    boolean add(long[] linearized, int call, long setHash, S state) {
        long hash = mix(setHash * 31 + state.hashCode());
        int slot = (int) hash & mask;
        while (bitsets[slot] != null) {
            if (hashes[slot] == hash && state.equals(states[slot]) && sameWithBit(bitsets[slot], linearized, call)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        long[] copy = linearized.clone();
        copy[call >>> 6] |= 1L << call;
        bitsets[slot] = copy;
        states[slot] = state;
        hashes[slot] = hash;
        if (++size * 2 > bitsets.length) {
            grow();
        }
        return true;
    }

    private static boolean sameWithBit(long[] stored, long[] linearized, int call) {
        int word = call >>> 6;
        for (int i = 0; i < stored.length; i++) {
            long expected = i == word ? linearized[i] | (1L << call) : linearized[i];
            if (stored[i] != expected) {
                return false;
            }
        }
        return true;
    }

    private void allocate(int capacity) {
        bitsets = new long[capacity][];
        states = new Object[capacity];
        hashes = new long[capacity];
        mask = capacity - 1;
    }

    private void grow() {
        long[][] oldBitsets = bitsets;
        Object[] oldStates = states;
        long[] oldHashes = hashes;
        allocate(bitsets.length * 2);
        for (int i = 0; i < oldBitsets.length; i++) {
            if (oldBitsets[i] != null) {
                int slot = (int) oldHashes[i] & mask;
                while (bitsets[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                bitsets[slot] = oldBitsets[i];
                states[slot] = oldStates[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public String toString() {
        return "ConfigurationSet" + Arrays.asList(size);
    }
}
