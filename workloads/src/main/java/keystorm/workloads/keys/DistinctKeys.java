package keystorm.workloads.keys;

import java.util.SplittableRandom;

/**
 * Several different keys for one transaction: DynamoDB refuses a TransactWriteItems or
 * TransactGetItems that names one item twice (ValidationException), so a transaction's keys are
 * drawn from the distribution without repetition.
 */
public final class DistinctKeys {
    /** Draws per key before giving up on a skewed distribution and taking the next unused key in order. */
    private static final int TRIES_PER_KEY = 16;

    private DistinctKeys() {
    }

    /** {@code n} different key indexes (at most the distribution's number of keys), drawn from it. */
    public static int[] draw(KeyDistribution distribution, SplittableRandom random, int n) {
        int count = Math.min(n, distribution.keys());
        int[] keys = new int[count];
        java.util.BitSet used = new java.util.BitSet(distribution.keys());
        for (int i = 0; i < count; i++) {
            int key = -1;
            for (int tries = 0; tries < TRIES_PER_KEY && key < 0; tries++) {
                int candidate = distribution.next(random);
                if (!used.get(candidate)) {
                    key = candidate;
                }
            }
            if (key < 0) {
                key = used.nextClearBit(0); // a hot key drawn again and again: the coldest unused one instead
            }
            used.set(key);
            keys[i] = key;
        }
        return keys;
    }
}
