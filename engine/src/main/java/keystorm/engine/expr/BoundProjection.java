package keystorm.engine.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/**
 * A ProjectionExpression bound to one request, as a tree of the requested paths. Elements
 * projected out of a list keep their order and close up ({@code l[1], l[3]} gives a list of
 * two), as DynamoDB returns them.
 */
final class BoundProjection implements Projection {
    /** A node of the path tree: null children means "the whole value". */
    private static final class Node {
        Map<String, Node> names;
        TreeMap<Integer, Node> indexes;
        boolean whole;
    }

    private final Node root = new Node();

    BoundProjection(List<Path> paths, ExpressionContext context) {
        List<DocumentPath> resolved = new ArrayList<>();
        for (Path path : paths) {
            DocumentPath documentPath = context.resolve(path);
            for (DocumentPath earlier : resolved) {
                String relation = earlier.clash(documentPath);
                if (relation != null) {
                    throw ParseErrors.invalid("ProjectionExpression", "Two document paths " + relation
                            + " with each other; must remove or rewrite one of these paths; path one: " + earlier
                            + ", path two: " + documentPath);
                }
            }
            resolved.add(documentPath);
        }
        resolved.forEach(this::add);
    }

    /** The projection on paths already resolved and known not to overlap (an update's, for UPDATED_OLD/NEW). */
    BoundProjection(List<DocumentPath> paths) {
        paths.forEach(this::add);
    }

    private void add(DocumentPath documentPath) {
        Node node = root;
        for (Object element : documentPath.elements()) {
            if (element instanceof String name) {
                if (node.names == null) {
                    node.names = new LinkedHashMap<>();
                }
                node = node.names.computeIfAbsent(name, n -> new Node());
            } else {
                if (node.indexes == null) {
                    node.indexes = new TreeMap<>();
                }
                node = node.indexes.computeIfAbsent((Integer) element, n -> new Node());
            }
        }
        node.whole = true;
    }

    @Override
    public Item apply(Item item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        if (root.names == null) {
            return Item.of(out);
        }
        for (Map.Entry<String, Node> entry : root.names.entrySet()) {
            AttributeValue value = project(item.get(entry.getKey()), entry.getValue());
            if (value != null) {
                out.put(entry.getKey(), value);
            }
        }
        return Item.of(out);
    }

    private static AttributeValue project(AttributeValue value, Node node) {
        if (value == null || node.whole) {
            return value;
        }
        if (node.names != null && value instanceof AttributeValue.M map) {
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            for (Map.Entry<String, Node> entry : node.names.entrySet()) {
                AttributeValue child = project(map.values().get(entry.getKey()), entry.getValue());
                if (child != null) {
                    out.put(entry.getKey(), child);
                }
            }
            return out.isEmpty() ? null : AttributeValue.m(out);
        }
        if (node.indexes != null && value instanceof AttributeValue.L list) {
            List<AttributeValue> out = new ArrayList<>();
            for (Map.Entry<Integer, Node> entry : node.indexes.entrySet()) {
                if (entry.getKey() < list.values().size()) {
                    AttributeValue child = project(list.values().get(entry.getKey()), entry.getValue());
                    if (child != null) {
                        out.add(child);
                    }
                }
            }
            return out.isEmpty() ? null : AttributeValue.l(out);
        }
        return null;
    }
}
