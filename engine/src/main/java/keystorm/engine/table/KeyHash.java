package keystorm.engine.table;

import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;

/**
 * A stable 64-bit hash of a partition-key value. DynamoDB places items by a hash of the
 * partition key; keystorm orders Scan by this hash (as DynamoDB's scans come back in hash
 * order, not key order) and, in the partitions of a later issue, splits tables by its range.
 * It must not depend on the JVM run: FNV-1a over the value's bytes, then a finaliser so that
 * nearby keys spread over the whole range.
 */
public final class KeyHash {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private KeyHash() {
    }

    public static long of(AttributeValue key) {
        long h = FNV_OFFSET;
        switch (key) {
            case AttributeValue.S s -> {
                h = (h ^ 'S') * FNV_PRIME;
                String text = s.value();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    h = (h ^ (c & 0xff)) * FNV_PRIME;
                    h = (h ^ (c >>> 8)) * FNV_PRIME;
                }
            }
            case AttributeValue.N n -> {
                h = (h ^ 'N') * FNV_PRIME;
                String text = n.value().toString();
                for (int i = 0; i < text.length(); i++) {
                    h = (h ^ text.charAt(i)) * FNV_PRIME;
                }
            }
            case AttributeValue.B b -> {
                h = (h ^ 'B') * FNV_PRIME;
                Bytes bytes = b.value();
                for (int i = 0; i < bytes.length(); i++) {
                    h = (h ^ (bytes.get(i) & 0xff)) * FNV_PRIME;
                }
            }
            default -> throw new IllegalArgumentException("not a key type: " + key.typeName());
        }
        // murmur3's fmix64
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
