package keystorm.engine.expr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import keystorm.engine.api.DynamoException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;

/**
 * An UpdateExpression bound to one request. Every action reads the item as it was before the
 * update ("Using update expressions": the values of SET are all computed first), and no two
 * actions touch overlapping paths, so the order in which they are applied only matters for
 * REMOVEs of several elements of one list, which go from the highest index down so that each
 * index still names the element the request meant.
 */
final class BoundUpdate implements Update {
    private static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";
    private static final String INCORRECT_TYPE = "An operand in the update expression has an incorrect data type";

    private record SetAction(DocumentPath path, Bound.Operand value) {
    }

    private record ValueAction(DocumentPath path, AttributeValue value) {
    }

    private final List<SetAction> sets = new ArrayList<>();
    private final List<DocumentPath> removes = new ArrayList<>();
    private final List<ValueAction> adds = new ArrayList<>();
    private final List<ValueAction> deletes = new ArrayList<>();
    private final Set<String> topLevelNames = new LinkedHashSet<>();
    private final Set<String> nestedTopLevelNames = new LinkedHashSet<>();
    private final Projection updatedPaths;

    BoundUpdate(ParsedUpdate parsed, ExpressionContext context) {
        Binder binder = new Binder(context, "UpdateExpression");
        List<DocumentPath> all = new ArrayList<>();
        for (UpdateAction.Set set : parsed.sets()) {
            DocumentPath path = binder.path(set.path());
            sets.add(new SetAction(path, binder.operand(set.value())));
            all.add(path);
        }
        for (UpdateAction.Remove remove : parsed.removes()) {
            DocumentPath path = binder.path(remove.path());
            removes.add(path);
            all.add(path);
        }
        for (UpdateAction.Add add : parsed.adds()) {
            DocumentPath path = binder.path(add.path());
            AttributeValue value = binder.value(add.value());
            if (!(value instanceof AttributeValue.N || isSet(value))) {
                throw ParseErrors.invalid("UpdateExpression", "Incorrect operand type for operator or function; "
                        + "operator: ADD, operand type: " + value.typeName());
            }
            adds.add(new ValueAction(path, value));
            all.add(path);
        }
        for (UpdateAction.Delete delete : parsed.deletes()) {
            DocumentPath path = binder.path(delete.path());
            AttributeValue value = binder.value(delete.value());
            if (!isSet(value)) {
                throw ParseErrors.invalid("UpdateExpression", "Incorrect operand type for operator or function; "
                        + "operator: DELETE, operand type: " + value.typeName());
            }
            deletes.add(new ValueAction(path, value));
            all.add(path);
        }
        checkNoOverlap(all);
        orderListElements(sets);
        updatedPaths = new BoundProjection(all);
        for (DocumentPath path : all) {
            topLevelNames.add(path.topLevelName());
            if (path.size() > 1) {
                nestedTopLevelNames.add(path.topLevelName());
            }
        }
        removes.sort(REMOVE_ORDER);
    }

    /**
     * SETs of elements of one list run in index order, whatever their order in the expression:
     * several indexes past the end append in that order ("SET a[9] = :x, a[7] = :y" appends y, then x).
     */
    private static void orderListElements(List<SetAction> sets) {
        Map<List<Object>, List<Integer>> slotsByList = new LinkedHashMap<>();
        for (int i = 0; i < sets.size(); i++) {
            List<Object> elements = sets.get(i).path().elements();
            if (elements.getLast() instanceof Integer) {
                slotsByList.computeIfAbsent(elements.subList(0, elements.size() - 1), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> slots : slotsByList.values()) {
            if (slots.size() > 1) {
                List<SetAction> actions = new ArrayList<>();
                slots.forEach(slot -> actions.add(sets.get(slot)));
                actions.sort(Comparator.comparingInt(a -> (Integer) a.path().elements().getLast()));
                for (int k = 0; k < slots.size(); k++) {
                    sets.set(slots.get(k), actions.get(k));
                }
            }
        }
    }

    private static void checkNoOverlap(List<DocumentPath> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                DocumentPath one = paths.get(i);
                DocumentPath two = paths.get(j);
                String relation = one.clash(two);
                if (relation != null) {
                    throw ParseErrors.invalid("UpdateExpression", "Two document paths " + relation
                            + " with each other; must remove or rewrite one of these paths; path one: " + one
                            + ", path two: " + two);
                }
            }
        }
    }

    /** Names ascending, list indexes descending. */
    private static final Comparator<DocumentPath> REMOVE_ORDER = (a, b) -> {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            Object x = a.elements().get(i);
            Object y = b.elements().get(i);
            if (x.equals(y)) {
                continue;
            }
            if (x instanceof Integer xi && y instanceof Integer yi) {
                return Integer.compare(yi, xi);
            }
            return x.toString().compareTo(y.toString());
        }
        return Integer.compare(a.size(), b.size());
    };

    @Override
    public boolean removesOnly() {
        return sets.isEmpty() && adds.isEmpty();
    }

    @Override
    public Projection updatedPaths() {
        return updatedPaths;
    }

    @Override
    public Set<String> topLevelNames() {
        return topLevelNames;
    }

    @Override
    public Set<String> nestedTopLevelNames() {
        return nestedTopLevelNames;
    }

    @Override
    public Item apply(Item old) {
        List<AttributeValue> values = new ArrayList<>(sets.size());
        for (SetAction set : sets) {
            values.add(setValue(set.value(), old));
        }
        Map<String, AttributeValue> attributes = new LinkedHashMap<>(old.attributes());
        for (int i = 0; i < sets.size(); i++) {
            AttributeValue value = values.get(i);
            modify(attributes, sets.get(i).path(), true, existing -> value);
        }
        for (DocumentPath path : removes) {
            modify(attributes, path, false, existing -> null);
        }
        for (ValueAction add : adds) {
            modify(attributes, add.path(), true, existing -> add(existing, add.value()));
        }
        for (ValueAction delete : deletes) {
            modify(attributes, delete.path(), false, existing -> delete(existing, delete.value()));
        }
        return Item.of(attributes);
    }

    private static AttributeValue setValue(Bound.Operand operand, Item old) {
        return switch (operand) {
            case Bound.Attribute attribute -> {
                AttributeValue value = Documents.get(old, attribute.path());
                if (value == null) {
                    throw DynamoException.validation(
                            "The provided expression refers to an attribute that does not exist in the item");
                }
                yield value;
            }
            case Bound.Literal literal -> literal.value();
            case Bound.IfNotExists ifNotExists -> {
                AttributeValue value = Documents.get(old, ifNotExists.path());
                yield value != null ? value : setValue(ifNotExists.fallback(), old);
            }
            case Bound.ListAppend append -> {
                AttributeValue first = setValue(append.first(), old);
                AttributeValue second = setValue(append.second(), old);
                if (!(first instanceof AttributeValue.L a && second instanceof AttributeValue.L b)) {
                    throw DynamoException.validation(INCORRECT_TYPE);
                }
                List<AttributeValue> joined = new ArrayList<>(a.values());
                joined.addAll(b.values());
                yield AttributeValue.l(joined);
            }
            case Bound.Arithmetic arithmetic -> {
                AttributeValue left = setValue(arithmetic.left(), old);
                AttributeValue right = setValue(arithmetic.right(), old);
                if (!(left instanceof AttributeValue.N a && right instanceof AttributeValue.N b)) {
                    throw DynamoException.validation(INCORRECT_TYPE);
                }
                yield new AttributeValue.N(arithmetic.plus() ? a.value().add(b.value()) : a.value().subtract(b.value()));
            }
            case Bound.Size ignored -> throw new IllegalStateException("size() in an update");
        };
    }

    private static AttributeValue add(AttributeValue existing, AttributeValue value) {
        if (existing == null) {
            return value;
        }
        return switch (existing) {
            case AttributeValue.N n when value instanceof AttributeValue.N v -> new AttributeValue.N(n.value().add(v.value()));
            case AttributeValue.SS s when value instanceof AttributeValue.SS v -> new AttributeValue.SS(union(s.values(), v.values()));
            case AttributeValue.NS s when value instanceof AttributeValue.NS v -> new AttributeValue.NS(union(s.values(), v.values()));
            case AttributeValue.BS s when value instanceof AttributeValue.BS v -> new AttributeValue.BS(union(s.values(), v.values()));
            default -> throw DynamoException.validation(INCORRECT_TYPE);
        };
    }

    private static AttributeValue delete(AttributeValue existing, AttributeValue value) {
        if (existing == null) {
            return null;
        }
        return switch (existing) {
            case AttributeValue.SS s when value instanceof AttributeValue.SS v -> {
                Set<String> left = minus(s.values(), v.values());
                yield left.isEmpty() ? null : new AttributeValue.SS(left);
            }
            case AttributeValue.NS s when value instanceof AttributeValue.NS v -> {
                Set<Num> left = minus(s.values(), v.values());
                yield left.isEmpty() ? null : new AttributeValue.NS(left);
            }
            case AttributeValue.BS s when value instanceof AttributeValue.BS v -> {
                Set<keystorm.engine.item.Bytes> left = minus(s.values(), v.values());
                yield left.isEmpty() ? null : new AttributeValue.BS(left);
            }
            default -> throw DynamoException.validation(INCORRECT_TYPE);
        };
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> result = new LinkedHashSet<>(a);
        result.addAll(b);
        return result;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static boolean isSet(AttributeValue value) {
        return value instanceof AttributeValue.SS || value instanceof AttributeValue.NS
                || value instanceof AttributeValue.BS;
    }

    /**
     * Replaces the value at the path by {@code change(existing)} (null removes it). A missing
     * parent, or a parent of the wrong type, is an error. With {@code create} (SET, ADD) an index
     * past the end of a list appends; without it (REMOVE, DELETE) a missing last element leaves
     * the item as it is.
     */
    private static void modify(Map<String, AttributeValue> attributes, DocumentPath path, boolean create,
                               UnaryOperator<AttributeValue> change) {
        String name = path.topLevelName();
        AttributeValue current = attributes.get(name);
        AttributeValue updated;
        if (path.size() == 1) {
            updated = change.apply(current);
        } else if (current == null) {
            // a path through a missing attribute: an error for SET and ADD, and for REMOVE and
            // DELETE too (on an item that exists; the operation skips a missing one)
            throw DynamoException.validation(INVALID_PATH);
        } else {
            updated = modifyIn(current, path.elements(), 1, create, change);
        }
        if (updated == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, updated);
        }
    }

    private static AttributeValue modifyIn(AttributeValue container, List<Object> elements, int i, boolean create,
                                           UnaryOperator<AttributeValue> change) {
        Object element = elements.get(i);
        boolean last = i == elements.size() - 1;
        if (element instanceof String key) {
            if (!(container instanceof AttributeValue.M map)) {
                throw DynamoException.validation(INVALID_PATH);
            }
            AttributeValue child = map.values().get(key);
            AttributeValue updated;
            if (last) {
                updated = change.apply(child);
            } else if (child == null) {
                throw DynamoException.validation(INVALID_PATH);
            } else {
                updated = modifyIn(child, elements, i + 1, create, change);
            }
            Map<String, AttributeValue> copy = new LinkedHashMap<>(map.values());
            if (updated == null) {
                copy.remove(key);
            } else {
                copy.put(key, updated);
            }
            return AttributeValue.m(copy);
        }
        int index = (Integer) element;
        if (!(container instanceof AttributeValue.L list)) {
            throw DynamoException.validation(INVALID_PATH);
        }
        List<AttributeValue> copy = new ArrayList<>(list.values());
        if (index >= copy.size()) {
            if (!last) {
                throw DynamoException.validation(INVALID_PATH);
            }
            if (!create) {
                return container; // REMOVE or DELETE of an element past the end: nothing to do
            }
            AttributeValue appended = change.apply(null);
            if (appended != null) {
                copy.add(appended);
            }
            return AttributeValue.l(copy);
        }
        AttributeValue updated = last ? change.apply(copy.get(index))
                : modifyIn(copy.get(index), elements, i + 1, create, change);
        if (updated == null) {
            copy.remove(index);
        } else {
            copy.set(index, updated);
        }
        return AttributeValue.l(copy);
    }
}
