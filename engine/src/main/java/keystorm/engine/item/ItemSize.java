package keystorm.engine.item;

import java.util.Map;
import keystorm.engine.api.Limits;

/**
 * An item's size as DynamoDB counts it for the 400 KB limit and for capacity units
 * ("Item sizes and formats" in the developer guide): every attribute's name in UTF-8 bytes
 * plus its value: strings their UTF-8 bytes, binaries their bytes, numbers one byte per two
 * significant digits plus one, booleans and nulls one byte, sets the sum of their elements,
 * lists and maps three bytes plus one per element plus the elements (map keys counted).
 */
public final class ItemSize {
    private ItemSize() {
    }

    public static int bytes(Item item) {
        return item.cachedSize();
    }

    static int compute(Item item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> entry : item.attributes().entrySet()) {
            total += bytes(entry.getKey(), entry.getValue());
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    public static int bytes(String name, AttributeValue value) {
        return utf8Length(name) + valueBytes(value);
    }

    static int valueBytes(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> utf8Length(s.value());
            case AttributeValue.N n -> numberBytes(n.value());
            case AttributeValue.B b -> b.value().length();
            case AttributeValue.Bool ignored -> 1;
            case AttributeValue.Null ignored -> 1;
            case AttributeValue.SS ss -> ss.values().stream().mapToInt(ItemSize::utf8Length).sum();
            case AttributeValue.NS ns -> ns.values().stream().mapToInt(ItemSize::numberBytes).sum();
            case AttributeValue.BS bs -> bs.values().stream().mapToInt(Bytes::length).sum();
            case AttributeValue.L l -> {
                int total = 3;
                for (AttributeValue element : l.values()) {
                    total += 1 + valueBytes(element);
                }
                yield total;
            }
            case AttributeValue.M m -> {
                int total = 3;
                for (Map.Entry<String, AttributeValue> entry : m.values().entrySet()) {
                    total += 1 + utf8Length(entry.getKey()) + valueBytes(entry.getValue());
                }
                yield total;
            }
        };
    }

    static int numberBytes(Num number) {
        return (number.precision() + 1) / 2 + 1;
    }

    /** Rejects an item over 400 KB or nested deeper than 32 levels ({@link Limits#DYNAMODB}), in DynamoDB's words. */
    public static void checkLimits(Item item) {
        Limits limits = Limits.DYNAMODB;
        if (bytes(item) > limits.itemBytesMax()) {
            throw new InvalidValueException("Item size has exceeded the maximum allowed size");
        }
        for (Map.Entry<String, AttributeValue> attribute : item.attributes().entrySet()) {
            String name = attribute.getKey();
            if (name.isEmpty()) {
                throw new InvalidValueException("One or more parameter values were invalid: Empty attribute name");
            }
            if (nameTooLong(name)) {
                throw new InvalidValueException("One or more parameter values were invalid: Attribute name is longer "
                        + "than " + limits.attributeNameBytesMax() + " bytes");
            }
            if (depth(attribute.getValue()) > limits.nestingDepthMax()) {
                throw new InvalidValueException("Nesting Levels have exceeded supported limits: an attribute value may "
                        + "be nested " + limits.nestingDepthMax() + " levels deep");
            }
        }
    }

    private static int depth(AttributeValue value) {
        return switch (value) {
            case AttributeValue.L l -> 1 + l.values().stream().mapToInt(ItemSize::depth).max().orElse(0);
            case AttributeValue.M m -> 1 + m.values().values().stream().mapToInt(ItemSize::depth).max().orElse(0);
            default -> 0;
        };
    }

    /** Whether an attribute name is over {@link Limits#attributeNameBytesMax()} bytes of UTF-8 (counted only when it could be). */
    public static boolean nameTooLong(String name) {
        int max = Limits.DYNAMODB.attributeNameBytesMax();
        return name.length() > max / 3 && utf8Length(name) > max;
    }

    static int utf8Length(String s) {
        int length = s.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for the pair of chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** The UTF-8 length of a string, e.g. for key length limits. */
    public static int utf8Bytes(String s) {
        return utf8Length(s);
    }

}
