package keystorm.engine.item;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One DynamoDB attribute value: S, N, B, SS, NS, BS, M, L, BOOL or NULL.
 *
 * <p>Values are immutable. Sets keep their first-seen order for output but compare as sets;
 * numbers compare by numeric value ({@link Num}); binaries by content ({@link Bytes}). The
 * factories check what every value must satisfy (sets non-empty and without duplicates);
 * checks that depend on context (key attributes, nesting depth, item size) live where that
 * context is.
 */
public sealed interface AttributeValue {

    /** DynamoDB's one- or two-letter type descriptor: "S", "N", "SS", "BOOL", "NULL" ... */
    String typeName();

    record S(String value) implements AttributeValue {
        public S {
            Objects.requireNonNull(value, "value");
        }

        public String typeName() {
            return "S";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record N(Num value) implements AttributeValue {
        public N {
            Objects.requireNonNull(value, "value");
        }

        public String typeName() {
            return "N";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record B(Bytes value) implements AttributeValue {
        public B {
            Objects.requireNonNull(value, "value");
        }

        public String typeName() {
            return "B";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record SS(Set<String> values) implements AttributeValue {
        public SS {
            values = checkedSet(values, "SS");
        }

        public String typeName() {
            return "SS";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record NS(Set<Num> values) implements AttributeValue {
        public NS {
            values = checkedSet(values, "NS");
        }

        public String typeName() {
            return "NS";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record BS(Set<Bytes> values) implements AttributeValue {
        public BS {
            values = checkedSet(values, "BS");
        }

        public String typeName() {
            return "BS";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record M(Map<String, AttributeValue> values) implements AttributeValue {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public String typeName() {
            return "M";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record L(List<AttributeValue> values) implements AttributeValue {
        public L {
            values = List.copyOf(values);
        }

        public String typeName() {
            return "L";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record Bool(boolean value) implements AttributeValue {
        public String typeName() {
            return "BOOL";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    record Null() implements AttributeValue {
        public String typeName() {
            return "NULL";
        }

        @Override
        public String toString() {
            return WireText.of(this);
        }
    }

    Bool TRUE = new Bool(true);
    Bool FALSE = new Bool(false);
    Null NULL = new Null();

    static S s(String value) {
        return new S(value);
    }

    static N n(String value) {
        return new N(Num.parse(value));
    }

    static N n(long value) {
        return new N(Num.of(value));
    }

    static B b(byte[] value) {
        return new B(Bytes.copyOf(value));
    }

    static M m(Map<String, AttributeValue> values) {
        return new M(values);
    }

    static L l(List<AttributeValue> values) {
        return new L(values);
    }

    static Bool bool(boolean value) {
        return value ? TRUE : FALSE;
    }

    /**
     * An unmodifiable copy that keeps first-seen order, rejecting what DynamoDB rejects: an
     * empty set ("An string set may not be empty") and duplicates.
     */
    private static <T> Set<T> checkedSet(Set<T> values, String type) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new InvalidValueException("One or more parameter values were invalid: An " + type
                    + " set may not be empty");
        }
        for (T value : values) {
            Objects.requireNonNull(value, "set element");
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }
}
