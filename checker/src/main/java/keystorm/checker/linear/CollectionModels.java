package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import keystorm.checker.history.Call;
import keystorm.checker.history.Values;
import keystorm.checker.op.CounterOp;
import keystorm.checker.op.ListOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.SetOp;

/** The set, counter and append-only list models: one call adds, a read must see the whole state. */
final class CollectionModels {
    private CollectionModels() {
    }

    /** A grow-only set of integers: {@code add} (input: element), {@code read} (output: all elements). */
    record SetModel() implements Model<Set<Long>, SetOp, SetOp> {
        private static final CallDecoder<SetOp, SetOp> DECODER = CallDecoder.of(OpJson.Family.SET, SetOp.class);

        @Override
        public Set<Long> initialState(JsonNode initial) {
            Set<Long> elements = new HashSet<>();
            if (initial != null && initial.isArray()) {
                for (JsonNode element : initial) {
                    if (!element.isIntegralNumber() || !element.canConvertToLong()) {
                        throw new IllegalArgumentException("a set holds integers, not " + element);
                    }
                    elements.add(element.longValue());
                }
            }
            return Set.copyOf(elements);
        }

        @Override
        public CallDecoder<SetOp, SetOp> decoder() {
            return DECODER;
        }

        @Override
        public Optional<Set<Long>> step(Set<Long> elements, Call<SetOp, SetOp> call) {
            return switch (call.input()) {
                case SetOp.Add add -> {
                    Set<Long> next = new HashSet<>(elements);
                    next.add(add.element());
                    yield Optional.of(Set.copyOf(next));
                }
                case SetOp.Read read -> call.indeterminate() || ((SetOp.Read) call.output()).elements().equals(elements)
                        ? Optional.of(elements) : Optional.empty();
            };
        }

        @Override
        public String needs(Call<SetOp, SetOp> call) {
            return call.output() instanceof SetOp.Read seen
                    ? "the set to be " + Values.show(OpJson.encode(seen).value()) : null;
        }
    }

    /** A counter: {@code add} (input: an integer, may be negative), {@code read} (output: the total). */
    record CounterModel() implements Model<Long, CounterOp, CounterOp> {
        private static final CallDecoder<CounterOp, CounterOp> DECODER =
                CallDecoder.of(OpJson.Family.COUNTER, CounterOp.class);

        @Override
        public Long initialState(JsonNode initial) {
            if (initial == null || initial.isNull()) {
                return 0L;
            }
            if (!initial.isIntegralNumber() || !initial.canConvertToLong()) {
                throw new IllegalArgumentException("a counter starts at an integer, not " + initial);
            }
            return initial.longValue();
        }

        @Override
        public CallDecoder<CounterOp, CounterOp> decoder() {
            return DECODER;
        }

        @Override
        public Optional<Long> step(Long total, Call<CounterOp, CounterOp> call) {
            return switch (call.input()) {
                case CounterOp.Add add -> Optional.of(Math.addExact(total, add.delta()));
                case CounterOp.Read read -> call.indeterminate() || total.equals(((CounterOp.Read) call.output()).value())
                        ? Optional.of(total) : Optional.empty();
            };
        }

        @Override
        public String needs(Call<CounterOp, CounterOp> call) {
            return call.output() instanceof CounterOp.Read seen ? "the counter at " + seen.value() : null;
        }

        @Override
        public String describe(Long state) {
            return "the counter at " + state;
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
    record ListModel(Map<JsonNode, List<JsonNode>> prefixes) implements Model<List<JsonNode>, ListOp, ListOp> {
        private static final CallDecoder<ListOp, ListOp> DECODER = CallDecoder.of(OpJson.Family.LIST, ListOp.class);

        ListModel() {
            this(Map.of());
        }

        @Override
        public List<JsonNode> initialState(JsonNode initial) {
            List<JsonNode> elements = new ArrayList<>();
            if (initial != null && initial.isArray()) {
                initial.forEach(elements::add);
            }
            return List.copyOf(elements);
        }

        @Override
        public CallDecoder<ListOp, ListOp> decoder() {
            return DECODER;
        }

        @Override
        public Model<List<JsonNode>, ListOp, ListOp> forCalls(List<Call<ListOp, ListOp>> calls, List<JsonNode> initialState) {
            // An element appended twice (or already there at the start) can land in two places.
            Map<JsonNode, Integer> appended = new HashMap<>();
            initialState.forEach(e -> appended.merge(e, 1, Integer::sum));
            for (Call<ListOp, ListOp> call : calls) {
                if (call.input() instanceof ListOp.Append append) {
                    appended.merge(append.element(), 1, Integer::sum);
                }
            }
            Map<JsonNode, List<JsonNode>> learned = new HashMap<>();
            Set<JsonNode> disputed = new HashSet<>();
            for (Call<ListOp, ListOp> call : calls) {
                if (!(call.output() instanceof ListOp.Read read)) {
                    continue;
                }
                List<JsonNode> seen = read.elements();
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
        public Optional<List<JsonNode>> step(List<JsonNode> elements, Call<ListOp, ListOp> call) {
            return switch (call.input()) {
                case ListOp.Append append -> {
                    List<JsonNode> onto = prefixes.get(append.element());
                    if (onto != null && !onto.equals(elements)) {
                        yield Optional.empty();
                    }
                    List<JsonNode> next = new ArrayList<>(elements);
                    next.add(append.element());
                    yield Optional.of(List.copyOf(next));
                }
                case ListOp.Read read -> call.indeterminate() || ((ListOp.Read) call.output()).elements().equals(elements)
                        ? Optional.of(elements) : Optional.empty();
            };
        }

        @Override
        public String needs(Call<ListOp, ListOp> call) {
            return switch (call.input()) {
                case ListOp.Append append -> prefixes.containsKey(append.element())
                        ? "the list to be " + prefixes.get(append.element()) + " (where reads show it landed)" : null;
                case ListOp.Read read -> call.output() instanceof ListOp.Read seen
                        ? "the list to be " + Values.show(OpJson.encode(seen).value()) : null;
            };
        }
    }
}
