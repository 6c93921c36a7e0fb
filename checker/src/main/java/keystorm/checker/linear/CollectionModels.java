package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    /** An append-only list: {@code append} (input: element), {@code read} (output: the list). */
    record ListModel() implements Model {
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
        public Object step(Object state, Call call) {
            List<JsonNode> elements = (List<JsonNode>) state;
            return switch (call.f()) {
                case "append" -> {
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
            return call.f().startsWith("r") && call.output() != null ? "the list to be " + Values.show(call.output()) : null;
        }
    }
}
