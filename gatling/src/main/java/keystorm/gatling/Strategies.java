package keystorm.gatling;

import java.util.ArrayList;
import java.util.List;
import keystorm.workloads.bench.KeyStrategy;

/**
 * The simulations' one way to turn {@code -Dstrategy=...} into a {@link KeyStrategy}.
 *
 * <p>TO BE REPLACED by {@code KeyStrategy.parse(String)}, which the workloads module is writing:
 * once it lands, {@link #parse} becomes a single call to it and {@link Interim} goes. Until then
 * the interim adapter below knows {@code natural} ({@link KeyStrategy#NATURAL}) and the two
 * write-sharding designs of DynamoDB's guide ("Using write sharding to distribute workloads
 * evenly"): {@code suffix:N} (a random suffix 0..N-1, drawn from the cycle so a run repeats;
 * a reader must look under all N keys) and {@code calculated:N} (the suffix is a hash of the
 * item id, so a point read knows its one key; a read of the whole logical key still needs N).
 */
public final class Strategies {
    private Strategies() {
    }

    /** @throws IllegalArgumentException naming {@code spec} when it is not a strategy */
    public static KeyStrategy parse(String spec) {
        return Interim.parse(spec);
    }

    /** The stand-in for {@code KeyStrategy.parse}: delete it when that lands. */
    static final class Interim {
        /** A BatchGetItem reads at most 100 keys: a point read under suffix:N needs N of them. */
        static final int SHARDS_MAX = 100;

        private Interim() {
        }

        static KeyStrategy parse(String spec) {
            if (spec.equals("natural")) {
                return KeyStrategy.NATURAL;
            }
            String[] parts = spec.split(":", -1);
            if (parts.length != 2 || !(parts[0].equals("suffix") || parts[0].equals("calculated"))) {
                throw new IllegalArgumentException("'" + spec + "': the strategies are natural, suffix:N and calculated:N");
            }
            int shards;
            try {
                shards = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + spec + "': N is a whole number");
            }
            if (shards < 1 || shards > SHARDS_MAX) {
                throw new IllegalArgumentException("'" + spec + "': N must be in [1, " + SHARDS_MAX + "]");
            }
            return parts[0].equals("suffix") ? new Suffixed(spec, shards, false) : new Suffixed(spec, shards, true);
        }

        /** {@code logicalKey#s}, s from the cycle (random suffix) or from the item id (calculated). */
        private record Suffixed(String spec, int shards, boolean calculated) implements KeyStrategy {
            @Override
            public String writeKey(String logicalKey, String itemId, long cycle, long timeMillis) {
                long draw = calculated ? itemId.hashCode() : cycle;
                return logicalKey + "#" + Math.floorMod(mix(draw), shards);
            }

            @Override
            public List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis) {
                if (calculated) {
                    return List.of(logicalKey + "#" + Math.floorMod(mix(itemId.hashCode()), shards));
                }
                return all(logicalKey);
            }

            @Override
            public List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis) {
                return all(logicalKey);
            }

            private List<String> all(String logicalKey) {
                List<String> keys = new ArrayList<>(shards);
                for (int s = 0; s < shards; s++) {
                    keys.add(logicalKey + "#" + s);
                }
                return List.copyOf(keys);
            }

            /** A 64-bit finaliser (splitmix64's), so consecutive cycles and similar ids spread over the shards. */
            private static long mix(long z) {
                z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
                z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
                return z ^ (z >>> 31);
            }

            @Override
            public String toString() {
                return spec;
            }
        }
    }
}
