package keystorm.engine.item;

/**
 * DynamoDB's ordering of scalar values, used by comparisons, BETWEEN, sort keys and
 * begins_with: numbers by value, strings by their UTF-8 bytes (which is code-point order, not
 * Java's UTF-16 order), binaries by unsigned bytes. Values of different types are unordered.
 */
public final class ScalarOrder {
    private ScalarOrder() {
    }

    /** Whether the value is of a type that has an order (S, N or B). */
    public static boolean isOrdered(AttributeValue value) {
        return value instanceof AttributeValue.S || value instanceof AttributeValue.N
                || value instanceof AttributeValue.B;
    }

    /** Whether the two values are ordered with respect to each other (same scalar type). */
    public static boolean comparable(AttributeValue a, AttributeValue b) {
        return a != null && b != null && isOrdered(a) && a.getClass() == b.getClass();
    }

    /** Compares two values of the same scalar type; callers check {@link #comparable} first. */
    public static int compare(AttributeValue a, AttributeValue b) {
        return switch (a) {
            case AttributeValue.S s -> compareStrings(s.value(), ((AttributeValue.S) b).value());
            case AttributeValue.N n -> n.value().compareTo(((AttributeValue.N) b).value());
            case AttributeValue.B bin -> bin.value().compareTo(((AttributeValue.B) b).value());
            default -> throw new IllegalArgumentException("not an ordered type: " + a.typeName());
        };
    }

    /** Code-point order, the same as comparing the UTF-8 encodings byte by byte. */
    public static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
