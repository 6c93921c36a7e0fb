package keystorm.workloads.keys;

/**
 * A seeded bijection of [0, n) for any n from 1 to {@link Integer#MAX_VALUE}: a four-round Feistel
 * network over the w = ceil(log2 n) bits that hold n - 1, and cycle-walking to stay below n (apply
 * the network again while the value is n or more; the walk ends, because the network permutes
 * [0, 2^w) and the start lies below n, and takes fewer than two rounds on average, because 2^w &lt; 2n).
 *
 * <p>Each round splits the w bits into a high part of a = ceil(w/2) bits and a low part of
 * b = floor(w/2) bits and maps (high, low) to (low, high XOR F(low)) written as low's b bits above
 * a bits: a bijection whatever F is (the inverse reads low back and XORs F(low) again), so the
 * network is one for any round function and any odd w. F is a 64-bit finalising mix of the low
 * part and a per-round key drawn from the seed: it scatters neighbouring ranks, it is not a cipher.
 *
 * <p>This is what scrambles zipf's ranks into keys. YCSB's ScrambledZipfianGenerator instead
 * hashes the rank with FNV-1a and takes it modulo n, which is not a bijection: some keys receive
 * two hot ranks and others none, so its key popularities are not a zipf distribution.
 */
final class FeistelBijection {
    private static final int ROUNDS = 4;

    private final int n;
    private final int highBits;
    private final int lowBits;
    private final long[] roundKeys = new long[ROUNDS];

    FeistelBijection(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("a bijection of [0, n) needs n >= 1, not " + n);
        }
        this.n = n;
        int bits = n == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
        this.highBits = (bits + 1) / 2;
        this.lowBits = bits / 2;
        long state = seed;
        for (int i = 0; i < ROUNDS; i++) {
            state += 0x9E3779B97F4A7C15L; // a Weyl sequence of keys, mixed below
            roundKeys[i] = mix(state);
        }
    }

    int n() {
        return n;
    }

    /** The image of {@code x} in [0, n). */
    int apply(int x) {
        check(x);
        long y = x;
        do {
            y = forward(y);
        } while (y >= n);
        return (int) y;
    }

    /** The {@code x} that {@link #apply(int)} maps to {@code y}. */
    int inverse(int y) {
        check(y);
        long x = y;
        do {
            x = backward(x);
        } while (x >= n);
        return (int) x;
    }

    private long forward(long x) {
        long highMask = (1L << highBits) - 1;
        long lowMask = (1L << lowBits) - 1;
        for (int i = 0; i < ROUNDS; i++) {
            long high = x >>> lowBits;
            long low = x & lowMask;
            x = (low << highBits) | ((high ^ mix(low ^ roundKeys[i])) & highMask);
        }
        return x;
    }

    private long backward(long x) {
        long highMask = (1L << highBits) - 1;
        for (int i = ROUNDS - 1; i >= 0; i--) {
            long low = x >>> highBits;
            long high = (x & highMask) ^ (mix(low ^ roundKeys[i]) & highMask);
            x = (high << lowBits) | low;
        }
        return x;
    }

    private void check(int x) {
        if (x < 0 || x >= n) {
            throw new IllegalArgumentException(x + " is outside [0, " + n + ")");
        }
    }

    /** A 64-bit finaliser (xor-shift-multiply, the constants of SplitMix64's): every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
