package keystorm.engine.expr;

import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/** Reading a document path out of an item. */
final class Documents {
    private Documents() {
    }

    /** The value at the path, or null if any step is missing or of the wrong type. */
    static AttributeValue get(Item item, DocumentPath path) {
        AttributeValue current = item.get(path.topLevelName());
        for (int i = 1; i < path.size() && current != null; i++) {
            current = step(current, path.elements().get(i));
        }
        return current;
    }

    static AttributeValue step(AttributeValue container, Object element) {
        if (element instanceof String name) {
            return container instanceof AttributeValue.M map ? map.values().get(name) : null;
        }
        int index = (Integer) element;
        return container instanceof AttributeValue.L list && index < list.values().size()
                ? list.values().get(index) : null;
    }
}
