package keystorm.workloads.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bench's items: {@code fieldCount} string fields {@code field0}, {@code field1} ... of
 * {@code fieldLength} characters each (YCSB's 10 x 100 bytes by default), their values drawn
 * from a small pool of random strings made once, so that writing an item costs a map and no
 * string building. The same draw gives the same value: a run is repeatable.
 *
 * <p>Also what a request of such an item costs in DynamoDB's units, for the requests that were
 * throttled and so report none: a write unit per 1 KB of item, a read unit per 4 KB (half of one
 * for an eventually consistent read), the item's size being the lengths of its attribute names
 * and values (DynamoDB developer guide, "Item sizes and formats", "Read/write capacity mode").
 */
public final class ItemShape {
    private static final int POOL = 64;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final int fieldCount;
    private final int fieldLength;
    private final String[] fieldNames;
    private final String[] pool;

    public ItemShape(int fieldCount, int fieldLength) {
        if (fieldCount < 1 || fieldLength < 1) {
            throw new IllegalArgumentException("an item has at least one field of at least one character: "
                    + fieldCount + " x " + fieldLength);
        }
        this.fieldCount = fieldCount;
        this.fieldLength = fieldLength;
        this.fieldNames = new String[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            fieldNames[i] = "field" + i;
        }
        SplittableRandom random = new SplittableRandom(0x5EED_F1E1DL);
        this.pool = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            char[] chars = new char[fieldLength];
            for (int c = 0; c < fieldLength; c++) {
                chars[c] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            pool[i] = new String(chars);
        }
    }

    /** Fields of about {@code itemBytes} in all (at least one character each). */
    public static ItemShape ofBytes(int fieldCount, int itemBytes) {
        return new ItemShape(fieldCount, Math.max(1, itemBytes / fieldCount));
    }

    public int fieldCount() {
        return fieldCount;
    }

    public int fieldLength() {
        return fieldLength;
    }

    public String fieldName(int field) {
        return fieldNames[field];
    }

    /** Every field, each value drawn from {@code random}. */
    public Map<String, String> fields(SplittableRandom random) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldCount; i++) {
            fields.put(fieldNames[i], pool[random.nextInt(POOL)]);
        }
        return fields;
    }

    /** One field's value drawn from {@code random}. */
    public String value(SplittableRandom random) {
        return pool[random.nextInt(POOL)];
    }

    /** The item's size in bytes, as DynamoDB counts it (names and values; the fields are ASCII). */
    public long itemBytes(BenchKey key) {
        long bytes = BenchKey.PARTITION_KEY.length() + utf8(key.pk()) + BenchKey.SORT_KEY.length() + utf8(key.sk());
        for (String name : fieldNames) {
            bytes += name.length() + fieldLength;
        }
        return bytes;
    }

    /** Write units of a put or update of the item: one per KB, rounded up. */
    public double writeUnits(BenchKey key) {
        return Math.ceil(itemBytes(key) / 1024.0);
    }

    /** Read units of a get of the item: one per 4 KB rounded up, half for an eventually consistent read. */
    public double readUnits(BenchKey key, boolean consistent) {
        double units = Math.ceil(itemBytes(key) / 4096.0);
        return consistent ? units : units / 2;
    }

    private static long utf8(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
