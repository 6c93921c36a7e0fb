package keystorm.engine.item;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The binary form of attribute values, in one of two modes:
 *
 * <ul>
 *   <li>{@link #compact}, the write-ahead log's: strings as length-prefixed UTF-8, map entries and
 *       set members in their iteration order. There are no nulls in a log record: one is a bug of
 *       the caller's and throws (a NullPointerException), rather than write what would read back
 *       as a damaged record.
 *   <li>{@link #canonical}, for a digest that must agree exactly when the values are
 *       {@code equals}: map entries sorted by name, set members (SS, NS, BS) sorted by their
 *       natural order (which for {@link Num} and {@link Bytes} agrees with equals), strings as
 *       UTF-16 code units (so that even unpaired surrogates stay distinct), and a null string, map
 *       or value written as its own marker, {@value #NULL}.
 * </ul>
 *
 * <p>Otherwise the modes are the same: a value is a one-byte tag (S 0, N 1, B 2, SS 3, NS 4, BS 5,
 * M 6, L 7, BOOL 8, NULL 9) then its content; a number is its normalised decimal text, so that
 * equal numbers are written alike; bytes, sets, lists and maps are counted with an int.
 */
public final class AttributeEncoder {
    /** What {@link #canonical} writes for a null: a count or length of -1, or a tag of -1. */
    public static final int NULL = -1;

    private final DataOutputStream out;
    private final boolean canonical;

    private AttributeEncoder(DataOutputStream out, boolean canonical) {
        this.out = out;
        this.canonical = canonical;
    }

    /** The write-ahead log's form: UTF-8, iteration order, no nulls. */
    public static AttributeEncoder compact(DataOutputStream out) {
        return new AttributeEncoder(out, false);
    }

    /** The canonical form, for digests: UTF-16, sorted map entries and set members, nulls marked. */
    public static AttributeEncoder canonical(DataOutputStream out) {
        return new AttributeEncoder(out, true);
    }

    public void writeString(String s) throws IOException {
        if (!canonical) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        } else if (s == null) {
            out.writeInt(NULL);
        } else {
            out.writeInt(s.length());
            out.writeChars(s);
        }
    }

    public void writeBytes(Bytes bytes) throws IOException {
        byte[] raw = bytes.toByteArray();
        out.writeInt(raw.length);
        out.write(raw);
    }

    /** A count, then each name and value (sorted by name when canonical). */
    public void writeAttributes(Map<String, AttributeValue> attributes) throws IOException {
        if (canonical && attributes == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(attributes.size());
        for (Map.Entry<String, AttributeValue> entry : entries(attributes)) {
            writeString(entry.getKey());
            writeValue(entry.getValue());
        }
    }

    public void writeValue(AttributeValue value) throws IOException {
        if (canonical && value == null) {
            out.writeByte(NULL);
            return;
        }
        switch (value) {
            case AttributeValue.S s -> {
                out.writeByte(0);
                writeString(s.value());
            }
            case AttributeValue.N n -> {
                out.writeByte(1);
                writeString(n.value().toString()); // normalised: equal numbers print alike
            }
            case AttributeValue.B b -> {
                out.writeByte(2);
                writeBytes(b.value());
            }
            case AttributeValue.SS ss -> {
                out.writeByte(3);
                out.writeInt(ss.values().size());
                for (String s : members(ss.values())) {
                    writeString(s);
                }
            }
            case AttributeValue.NS ns -> {
                out.writeByte(4);
                out.writeInt(ns.values().size());
                for (Num n : members(ns.values())) {
                    writeString(n.toString());
                }
            }
            case AttributeValue.BS bs -> {
                out.writeByte(5);
                out.writeInt(bs.values().size());
                for (Bytes b : members(bs.values())) {
                    writeBytes(b);
                }
            }
            case AttributeValue.M m -> {
                out.writeByte(6);
                writeAttributes(m.values());
            }
            case AttributeValue.L l -> {
                out.writeByte(7);
                out.writeInt(l.values().size());
                for (AttributeValue element : l.values()) {
                    writeValue(element);
                }
            }
            case AttributeValue.Bool bool -> {
                out.writeByte(8);
                out.writeBoolean(bool.value());
            }
            case AttributeValue.Null ignored -> out.writeByte(9);
        }
    }

    private Collection<Map.Entry<String, AttributeValue>> entries(Map<String, AttributeValue> map) {
        return canonical ? new TreeMap<>(map).entrySet() : map.entrySet();
    }

    private <T extends Comparable<? super T>> Collection<T> members(Set<T> set) {
        if (!canonical) {
            return set;
        }
        List<T> sorted = new ArrayList<>(set);
        sorted.sort(null);
        return sorted;
    }
}
