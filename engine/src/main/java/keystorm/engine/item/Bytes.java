package keystorm.engine.item;

import java.util.Arrays;
import java.util.Base64;

/**
 * An immutable byte string, compared as DynamoDB compares binaries: unsigned, byte by byte.
 */
public final class Bytes implements Comparable<Bytes> {
    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes copyOf(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    /**
     * Strict base64, padding included, as DynamoDB's parser reads a B value.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Bytes fromBase64(String base64) {
        if (base64.length() % 4 != 0) {
            throw new IllegalArgumentException("Base64 encoded length is expected a multiple of 4 bytes but found: "
                    + base64.length());
        }
        try {
            return new Bytes(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid Base64 binary value");
        }
    }

    public int length() {
        return bytes.length;
    }

    public byte get(int index) {
        return bytes[index];
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public boolean startsWith(Bytes prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    /** Whether {@code part} occurs in these bytes as a contiguous run (contains() on a binary). */
    public boolean containsRun(Bytes part) {
        byte[] run = part.bytes;
        for (int i = 0; i + run.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + run.length, run, 0, run.length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toBase64();
    }
}
