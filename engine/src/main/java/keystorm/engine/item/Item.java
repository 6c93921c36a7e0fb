package keystorm.engine.item;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An item: attribute names to values, immutable. A missing item is {@link #EMPTY}, never null. */
public record Item(Map<String, AttributeValue> attributes) {
    public static final Item EMPTY = new Item(Map.of());

    public Item {
        Objects.requireNonNull(attributes, "attributes");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public static Item of(Map<String, AttributeValue> attributes) {
        return attributes.isEmpty() ? EMPTY : new Item(attributes);
    }

    /** The attribute's value, or null if the item has none by that name. */
    public AttributeValue get(String name) {
        return attributes.get(name);
    }

    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    /** The item as DynamoDB's JSON writes it: {@code {"pk":{"S":"a"},"n":{"N":"1"}}}. */
    @Override
    public String toString() {
        return WireText.of(attributes);
    }
}
