package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.checker.history.Call;
import keystorm.checker.history.Values;

/** The set, counter and append-only list models: one call adds, a read must see the whole state. */
final class CollectionModels {
    private CollectionModels() {
    }

    /** A grow-only set: {@code add} (input: element), {@code read} (output: all elements). */
    record SetModel() implements Model {
        @Override
        public Object initialState(JsonNode initial) {
            Set<JsonNode> elements = new HashSet<>();
            if (initial != null && initial.isArray()) {
                initial.forEach(elements::add);
            }
            return Set.copyOf(elements);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object step(Object state, Call call) {
            Set<JsonNode> elements = (Set<JsonNode>) state;
            return switch (call.f()) {
                case "add" -> {
                    Set<JsonNode> next = new HashSet<>(elements);
                    next.add(call.input());
                    yield Set.copyOf(next);
                }
                case "read" -> {
                    if (call.indeterminate()) {
                        yield elements;
                    }
                    if (!call.output().isArray()) {
                        throw new IllegalArgumentException("a set read returns a list: " + call.describe());
                    }
                    Set<JsonNode> seen = new HashSet<>();
                    call.output().forEach(seen::add);
                    yield seen.equals(elements) ? elements : null;
                }
                default -> throw new IllegalArgumentException("a set knows add and read, not " + call.describe());
            };
        }

        @Override
        public String needs(Call call) {
            return call.f().equals("read") && call.output() != null ? "the set to be " + Values.show(call.output()) : null;
        }
    }

    /** A counter: {@code add} (input: a number, may be negative), {@code read} (output: the total). */
    record CounterModel() implements Model {
        @Override
        public Object initialState(JsonNode initial) {
            return initial == null || initial.isNull() ? BigDecimal.ZERO : initial.decimalValue().stripTrailingZeros();
        }

        @Override
        public Object step(Object state, Call call) {
            BigDecimal total = (BigDecimal) state;
            return switch (call.f()) {
                case "add", "increment" -> {
                    if (!call.input().isNumber()) {
                        throw new IllegalArgumentException("a counter adds numbers: " + call.describe());
                    }
                    yield total.add(call.input().decimalValue()).stripTrailingZeros();
                }
                case "read" -> call.indeterminate() || (call.output().isNumber()
                        && call.output().decimalValue().compareTo(total) == 0) ? total : null;
                default -> throw new IllegalArgumentException("a counter knows add and read, not " + call.describe());
            };
        }

        @Override
        public String needs(Call call) {
            return call.f().equals("read") && call.output() != null ? "the counter at " + Values.show(call.output()) : null;
        }

        @Override
        public String describe(Object state) {
            return "the counter at " + ((BigDecimal) state).toPlainString();
        }
    }

    /**
     * An append-only list: {@code append} (input: element), {@code read} (output: the list).
     *
     * <p>The order of appends matters to the state, so the memo cannot merge orders the way it
     * does for a set, and a window of k concurrent appends is k! states. When every element is
     * appended once, the reads say where each element they show must land: an append-only list
     * never moves an element, so an element a read shows at index i was appended onto exactly
     * the read's first i elements. {@link #forCalls} learns those prefixes and the model then
     * refuses an append anywhere else: the search follows the observed order instead of trying
     * every order of the window.
     *
     * @param prefixes for each element some read shows, the list it was appended onto
     */
    record ListModel(Map<JsonNode, List<JsonNode>> prefixes) implements Model {
        ListModel() {
            this(Map.of());
        }

        @Override
        public Object initialState(JsonNode initial) {
            List<JsonNode> elements = new ArrayList<>();
            if (initial != null && initial.isArray()) {
                initial.forEach(elements::add);
            }
            return List.copyOf(elements);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Model forCalls(List<Call> calls, Object initialState) {
            // An element appended twice (or already there at the start) can land in two places.
            Map<JsonNode, Integer> appended = new HashMap<>();
            ((List<JsonNode>) initialState).forEach(e -> appended.merge(e, 1, Integer::sum));
            for (Call call : calls) {
                if (call.f().equals("append")) {
                    appended.merge(call.input(), 1, Integer::sum);
                }
            }
            Map<JsonNode, List<JsonNode>> learned = new HashMap<>();
            Set<JsonNode> disputed = new HashSet<>();
            for (Call call : calls) {
                if (!call.f().startsWith("r") || call.indeterminate() || call.output() == null || !call.output().isArray()) {
                    continue;
                }
                List<JsonNode> seen = new ArrayList<>();
                call.output().forEach(seen::add);
                for (int i = 0; i < seen.size(); i++) {
                    JsonNode element = seen.get(i);
                    if (appended.getOrDefault(element, 0) != 1 || disputed.contains(element)) {
                        continue;
                    }
                    List<JsonNode> prefix = List.copyOf(seen.subList(0, i));
                    List<JsonNode> before = learned.putIfAbsent(element, prefix);
                    if (before != null && !before.equals(prefix)) {
                        // reads disagree: the search will find no order; leave the reads to say so
                        learned.remove(element);
                        disputed.add(element);
                    }
                }
            }
            return learned.isEmpty() ? this : new ListModel(Map.copyOf(learned));
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object step(Object state, Call call) {
            List<JsonNode> elements = (List<JsonNode>) state;
            return switch (call.f()) {
                case "append" -> {
                    List<JsonNode> onto = prefixes.get(call.input());
                    if (onto != null && !onto.equals(elements)) {
                        yield null;
                    }
                    List<JsonNode> next = new ArrayList<>(elements);
                    next.add(call.input());
                    yield List.copyOf(next);
                }
                case "read", "r" -> {
                    if (call.indeterminate()) {
                        yield elements;
                    }
                    JsonNode output = call.output();
                    List<JsonNode> seen = new ArrayList<>();
                    if (output.isArray()) {
                        output.forEach(seen::add);
                    } else if (!output.isNull()) {
                        throw new IllegalArgumentException("a list read returns a list: " + call.describe());
                    }
                    yield seen.equals(elements) ? elements : null;
                }
                default -> throw new IllegalArgumentException("a list knows append and read, not " + call.describe());
            };
        }

        @Override
        public String needs(Call call) {
            if (call.f().equals("append") && prefixes.containsKey(call.input())) {
                return "the list to be " + prefixes.get(call.input()) + " (where reads show it landed)";
            }
            return call.f().startsWith("r") && call.output() != null ? "the list to be " + Values.show(call.output()) : null;
        }
    }
}
