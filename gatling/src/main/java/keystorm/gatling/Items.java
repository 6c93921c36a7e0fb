package keystorm.gatling;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * YCSB-style item values: {@code fieldCount} fields {@code field0..} of {@code fieldBytes} random
 * letters and digits each (YCSB's fieldcount and fieldlength; one byte a character in UTF-8, so
 * the sizes are bytes on the wire and in DynamoDB's item size).
 */
public record Items(int fieldCount, int fieldBytes) {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    public Items {
        if (fieldCount < 1 || fieldBytes < 1) {
            throw new IllegalArgumentException("an item has at least one field of one byte, not " + fieldCount + " of "
                    + fieldBytes);
        }
    }

    public static String fieldName(int field) {
        return "field" + field;
    }

    /** Every field, in order. */
    public Map<String, String> all(SplittableRandom random) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int f = 0; f < fieldCount; f++) {
            fields.put(fieldName(f), value(random));
        }
        return fields;
    }

    /** One field chosen uniformly, as YCSB's update does unless writeallfields is set. */
    public Map<String, String> one(SplittableRandom random) {
        return Map.of(fieldName(random.nextInt(fieldCount)), value(random));
    }

    private String value(SplittableRandom random) {
        char[] chars = new char[fieldBytes];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
