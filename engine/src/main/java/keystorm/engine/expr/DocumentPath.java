package keystorm.engine.expr;

import java.util.List;

/**
 * A path with its names resolved: each element is an attribute or map-key name (String) or a
 * list index (Integer). This is what evaluation walks.
 */
record DocumentPath(List<Object> elements) {
    DocumentPath {
        elements = List.copyOf(elements);
    }

    String topLevelName() {
        return (String) elements.getFirst();
    }

    int size() {
        return elements.size();
    }

    /** True if one path is a prefix of the other (or they are equal). */
    boolean overlaps(DocumentPath other) {
        int common = Math.min(size(), other.size());
        return elements.subList(0, common).equals(other.elements.subList(0, common));
    }

    /**
     * How two paths of one expression clash, in DynamoDB's words, or null if they do not:
     * "overlap" when one is the other or its ancestor, "conflict" when they part where one
     * reads a map key and the other a list index (a.b and a[1]: a cannot be both).
     */
    String clash(DocumentPath other) {
        if (overlaps(other)) {
            return "overlap";
        }
        for (int i = 0; i < Math.min(size(), other.size()); i++) {
            Object mine = elements.get(i);
            Object theirs = other.elements.get(i);
            if (!mine.equals(theirs)) {
                return (mine instanceof Integer) != (theirs instanceof Integer) ? "conflict" : null;
            }
        }
        return null;
    }

    /** DynamoDB's rendering in overlap errors: {@code [a, b, [2]]}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            Object element = elements.get(i);
            out.append(element instanceof Integer index ? "[" + index + "]" : element);
        }
        return out.append(']').toString();
    }
}
