package keystorm.workloads.client;

import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/** Reading the workloads' integer attributes back; a value of another type is the store's error, named. */
public final class Attributes {
    private Attributes() {
    }

    /** The integer attribute {@code name} of {@code item}, or null when the item or the attribute is missing. */
    public static Long longOrNull(Item item, String name) {
        if (item == null) {
            return null;
        }
        AttributeValue value = item.get(name);
        return value == null ? null : longValue(value, name);
    }

    public static long longValue(AttributeValue value, String name) {
        if (!(value instanceof AttributeValue.N number)) {
            throw new IllegalStateException("attribute " + name + " should be a number, but the store returned " + value);
        }
        return number.value().toBigDecimal().longValueExact();
    }
}
