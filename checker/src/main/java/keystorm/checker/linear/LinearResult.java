package keystorm.checker.linear;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.Call;

/**
 * The linearizability verdict: one {@link KeyVerdict} per key, and the overall validity (invalid
 * if any key is, else unknown if any key is, else valid). {@code reason} explains an UNKNOWN
 * that concerns the whole history (a history the model cannot read).
 */
public record LinearResult(String model, List<KeyVerdict> keys, Validity validity, String reason) implements Result {
    /** Past this many keys, valid keys are summarised rather than listed. */
    static final int KEYS_LISTED_MAX = 20;

    public LinearResult {
        keys = List.copyOf(keys);
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        if (reason != null) {
            out.append("could not check: ").append(reason).append('\n');
        }
        int valid = 0;
        for (KeyVerdict key : keys) {
            if (key.validity() == Validity.VALID && keys.size() > KEYS_LISTED_MAX) {
                valid++;
                continue;
            }
            out.append(describe(key));
        }
        if (valid > 0) {
            out.append(valid).append(" more keys valid\n");
        }
        out.append("linearizable (").append(model).append(", ").append(keys.size())
                .append(keys.size() == 1 ? " key" : " keys").append("): ").append(validity.word()).append('\n');
        return out.toString();
    }

    /** How many of the prefix's last calls the evidence marks, to show where the search was when it stuck. */
    static final int PREFIX_TAIL = 3;

    /**
     * One piece of evidence per invalid key: the text {@link #render()} prints for it, the history
     * lines of the stuck call, the calls refused or leading nowhere after the prefix, and the
     * prefix's last {@value #PREFIX_TAIL} calls; the figure is the state after the prefix with
     * an edge to each call that could not come next, and one to the stuck call.
     */
    @Override
    public List<Evidence> evidence() {
        List<Evidence> out = new java.util.ArrayList<>();
        for (KeyVerdict key : keys) {
            if (key.validity() != Validity.INVALID) {
                continue;
            }
            List<Call<?, ?>> involved = new java.util.ArrayList<>();
            if (key.stuck() != null) {
                involved.add(key.stuck());
            }
            key.blocked().forEach(b -> involved.add(b.call()));
            involved.addAll(key.deadEnds());
            involved.addAll(key.prefix().subList(Math.max(0, key.prefix().size() - PREFIX_TAIL), key.prefix().size()));
            List<Long> indices = new java.util.ArrayList<>();
            for (Call<?, ?> call : involved) {
                for (long index : new long[] {call.invokeIndex(), call.returnIndex()}) {
                    if (index >= 0 && index != Long.MAX_VALUE) {
                        indices.add(index);
                    }
                }
            }
            out.add(new Evidence("nonlinearizable", key.key(), describe(key).strip(), indices, figure(key)));
        }
        return out;
    }

    private static Evidence.Figure figure(KeyVerdict key) {
        List<Evidence.Node> nodes = new java.util.ArrayList<>();
        List<Evidence.Edge> edges = new java.util.ArrayList<>();
        nodes.add(new Evidence.Node("prefix", "after " + key.prefix().size() + " of " + key.calls() + " operations: "
                + key.stateAfterPrefix(), -1, -1));
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.function.Function<Call<?, ?>, String> node = call -> {
            String id = "C" + call.id();
            if (ids.add(id)) {
                boolean stuck = key.stuck() != null && key.stuck().id() == call.id();
                nodes.add(new Evidence.Node(id, (stuck ? "stuck: " : "") + call.describe(), call.process(),
                        call.invokeIndex()));
            }
            return id;
        };
        for (KeyVerdict.Blocked blocked : key.blocked()) {
            edges.add(new Evidence.Edge("prefix", node.apply(blocked.call()), "refused", blocked.needs() == null
                    ? "the model refuses it after the prefix" : "the model refuses it after the prefix: it needs "
                    + blocked.needs()));
        }
        for (Call<?, ?> deadEnd : key.deadEnds()) {
            edges.add(new Evidence.Edge("prefix", node.apply(deadEnd), "dead end",
                    "it can come next, but every order that follows fails"));
        }
        if (key.stuck() != null && !ids.contains("C" + key.stuck().id())) {
            edges.add(new Evidence.Edge("prefix", node.apply(key.stuck()), "stuck",
                    "it returned at event " + key.stuck().returnIndex() + " and had to take effect before, but could not"));
        }
        return new Evidence.Figure(nodes, edges);
    }

    private static String describe(KeyVerdict key) {
        String name = key.key() == null ? "history" : "key " + key.key();
        StringBuilder out = new StringBuilder();
        out.append(name).append(": ").append(key.validity().word()).append(" (").append(key.calls()).append(" operations");
        if (key.configurations() > 0) {
            out.append(", ").append(key.configurations()).append(" configurations searched");
        }
        out.append(")\n");
        if (key.reason() != null) {
            out.append("  ").append(key.reason()).append('\n');
        }
        if (key.validity() == Validity.INVALID) {
            out.append("  The longest linearizable prefix places ").append(key.prefix().size()).append(" of ")
                    .append(key.calls()).append(" operations and leaves ").append(key.stateAfterPrefix()).append(".\n");
            Call<?, ?> stuck = key.stuck();
            if (stuck != null) {
                out.append("  Then ").append(stuck.describe()).append(" (invoked at event ").append(stuck.invokeIndex())
                        .append(", returned at event ").append(stuck.returnIndex())
                        .append(") had to take effect before it returned, but no order of the operations concurrent with it allows that:\n");
            }
            for (KeyVerdict.Blocked blocked : key.blocked()) {
                out.append("    - ").append(blocked.call().describe()).append(" [events ").append(blocked.call().invokeIndex())
                        .append("..").append(position(blocked.call().returnIndex())).append("] cannot come next");
                if (blocked.needs() != null) {
                    out.append(": it needs ").append(blocked.needs());
                }
                out.append('\n');
            }
            for (Call<?, ?> deadEnd : key.deadEnds()) {
                out.append("    - ").append(deadEnd.describe()).append(" [events ").append(deadEnd.invokeIndex())
                        .append("..").append(position(deadEnd.returnIndex()))
                        .append("] can come next, but every order that follows fails\n");
            }
            out.append("  Timeline: ").append(Timeline.fileName(key)).append('\n');
        }
        return out.toString();
    }

    private static String position(long index) {
        return index == Long.MAX_VALUE ? "end" : Long.toString(index);
    }

    @Override
    public Map<String, String> artifacts() {
        Map<String, String> files = new LinkedHashMap<>();
        for (KeyVerdict key : keys) {
            if (key.validity() == Validity.INVALID) {
                files.put(Timeline.fileName(key), Timeline.html(key, describe(key)));
            }
        }
        return files;
    }
}
