package keystorm.engine.item;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An item: attribute names to values, immutable. A missing item is {@link #EMPTY}, never null.
 * Its size ({@link ItemSize}) is computed once, on first use: every read and write meters it.
 */
public final class Item {
    public static final Item EMPTY = new Item(Map.of());

    private final Map<String, AttributeValue> attributes;
    private int sizePlusOne;

    public Item(Map<String, AttributeValue> attributes) {
        Objects.requireNonNull(attributes, "attributes");
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public static Item of(Map<String, AttributeValue> attributes) {
        return attributes.isEmpty() ? EMPTY : new Item(attributes);
    }

    public Map<String, AttributeValue> attributes() {
        return attributes;
    }

    /** The attribute's value, or null if the item has none by that name. */
    public AttributeValue get(String name) {
        return attributes.get(name);
    }

    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    /** {@link ItemSize#bytes(Item)}, cached (a benign race: every thread computes the same figure). */
    int cachedSize() {
        int cached = sizePlusOne;
        if (cached == 0) {
            cached = ItemSize.compute(this) + 1;
            sizePlusOne = cached;
        }
        return cached - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Item other && attributes.equals(other.attributes);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }

    /** The item as DynamoDB's JSON writes it: {@code {"pk":{"S":"a"},"n":{"N":"1"}}}. */
    @Override
    public String toString() {
        return WireText.of(attributes);
    }
}
