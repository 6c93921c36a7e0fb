package keystorm.checker.elle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.op.MicroOp;

/**
 * Elle's verdict as data: the anomalies (each with its transactions and, for cycles, its steps),
 * the weakest models they rule out and the strongest they leave possible. Rendered as a numbered
 * explanation per anomaly, and as Graphviz DOT files (SVG too when {@code dot} is installed).
 */
public record ElleResult(String checker, ConsistencyModel model, Validity validity, int transactions, List<Anomaly> anomalies,
                         Set<ConsistencyModel> weakestViolated, Set<ConsistencyModel> strongestPossible, String reason) implements Result {
    public ElleResult {
        anomalies = List.copyOf(anomalies);
        weakestViolated = Set.copyOf(weakestViolated);
        strongestPossible = Set.copyOf(strongestPossible);
    }

    static ElleResult unknown(String checker, ConsistencyModel model, int transactions, String reason) {
        return new ElleResult(checker, model, Validity.UNKNOWN, transactions, List.of(), Set.of(), Set.of(), reason);
    }

    /** Anomaly type to how many were reported, in the order of their names. */
    public Map<AnomalyType, Integer> counts() {
        Map<AnomalyType, Integer> counts = new TreeMap<>(AnomalyType.BY_SPELLING);
        anomalies.forEach(a -> counts.merge(a.type(), 1, Integer::sum));
        return counts;
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(transactions).append(" transactions");
        if (!anomalies.isEmpty()) {
            out.append("; anomalies: ");
            StringBuilder list = new StringBuilder();
            counts().forEach((type, count) -> list.append(list.isEmpty() ? "" : ", ").append(type.spelling()).append(" (")
                    .append(count).append(')'));
            out.append(list);
        }
        out.append('\n');
        if (reason != null) {
            out.append("  ").append(reason).append('\n');
        }
        Map<AnomalyType, Integer> numbers = new EnumMap<>(AnomalyType.class);
        for (Anomaly anomaly : anomalies) {
            int number = numbers.merge(anomaly.type(), 1, Integer::sum);
            out.append(anomaly.type().spelling()).append(" #").append(number).append(":\n");
            out.append(anomaly.cycle().isEmpty() ? "    " + anomaly.explanation() : anomaly.explanation()).append('\n');
            if (!anomaly.cycle().isEmpty()) {
                out.append("    graph: ").append(dotName(anomaly.type(), number)).append('\n');
            }
        }
        if (!weakestViolated.isEmpty()) {
            out.append("not ").append(names(weakestViolated))
                    .append(" (the weakest models these anomalies rule out)\n");
            out.append("may still be ").append(strongestPossible.isEmpty() ? "nothing keystorm knows"
                    : names(strongestPossible)).append('\n');
        }
        out.append(checker).append(" under ").append(model.spelling()).append(": ").append(validity.word()).append('\n');
        return out.toString();
    }

    /** The models' names, in alphabetical order. */
    private static String names(Set<ConsistencyModel> models) {
        return String.join(", ", models.stream().map(ConsistencyModel::spelling).sorted().toList());
    }

    private static String dotName(AnomalyType anomaly, int number) {
        return "elle-" + anomaly.spelling() + "-" + number + ".dot";
    }

    @Override
    public Map<String, String> artifacts() {
        Map<String, String> files = new LinkedHashMap<>();
        Map<AnomalyType, Integer> numbers = new EnumMap<>(AnomalyType.class);
        for (Anomaly anomaly : anomalies) {
            int number = numbers.merge(anomaly.type(), 1, Integer::sum);
            if (anomaly.cycle().isEmpty()) {
                continue;
            }
            String dot = dot(anomaly);
            files.put(dotName(anomaly.type(), number), dot);
            String svg = svg(dot);
            if (svg != null) {
                files.put(dotName(anomaly.type(), number).replace(".dot", ".svg"), svg);
            }
        }
        return files;
    }

    /**
     * One piece of evidence per anomaly, in the order they were found: its spelling as the kind,
     * its explanation, the invocations and completions of its transactions, and for a cycle its
     * figure (the transactions as nodes, the steps as edges labelled as the DOT file labels them).
     */
    @Override
    public List<Evidence> evidence() {
        List<Evidence> out = new java.util.ArrayList<>();
        for (Anomaly anomaly : anomalies) {
            java.util.Set<Long> indices = new java.util.TreeSet<>();
            java.util.Map<Integer, Txn> involved = new LinkedHashMap<>();
            anomaly.txns().forEach(t -> involved.putIfAbsent(t.id(), t));
            anomaly.cycle().forEach(step -> {
                involved.putIfAbsent(step.from().id(), step.from());
                involved.putIfAbsent(step.to().id(), step.to());
            });
            for (Txn txn : involved.values()) {
                for (long index : new long[] {txn.invokeIndex(), txn.completeIndex()}) {
                    if (index >= 0 && index != Long.MAX_VALUE) {
                        indices.add(index);
                    }
                }
            }
            out.add(new Evidence(anomaly.type().spelling(), null, java.util.Objects.requireNonNullElse(anomaly.explanation(), anomaly.type().spelling()).strip(),
                    List.copyOf(indices), figure(anomaly)));
        }
        return out;
    }

    /** The cycle as a graph, or null for an anomaly that is not one. */
    static Evidence.Figure figure(Anomaly anomaly) {
        if (anomaly.cycle().isEmpty()) {
            return null;
        }
        java.util.Map<Integer, Evidence.Node> nodes = new LinkedHashMap<>();
        List<Evidence.Edge> edges = new java.util.ArrayList<>();
        for (Anomaly.Step step : anomaly.cycle()) {
            for (Txn txn : List.of(step.from(), step.to())) {
                nodes.computeIfAbsent(txn.id(), id -> new Evidence.Node(txn.name(), txn.name() + " (process "
                        + txn.process() + "): " + shortText(txn.ops()), txn.process(), txn.invokeIndex()));
            }
            edges.add(new Evidence.Edge(step.from().name(), step.to().name(), step.type().label(), step.because()));
        }
        return new Evidence.Figure(List.copyOf(nodes.values()), edges);
    }

    /** "append x 1, r y [1 2]": a transaction's micro-operations, a read's unknown value as "?". */
    static String shortText(List<MicroOp> ops) {
        StringBuilder out = new StringBuilder();
        for (MicroOp op : ops) {
            out.append(out.isEmpty() ? "" : ", ").append(switch (op) {
                case MicroOp.Append a -> "append " + a.key() + " " + a.value();
                case MicroOp.ReadList r -> "r " + r.key() + " " + (r.values() == null ? "?"
                        : r.values().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" ", "[", "]")));
                case MicroOp.Write w -> "w " + w.key() + " " + w.value();
                case MicroOp.ReadRegister r -> "r " + r.key() + " " + (r.value() == null ? "?" : r.value());
            });
        }
        return out.toString();
    }

    static String dot(Anomaly anomaly) {
        StringBuilder out = new StringBuilder("digraph \"" + anomaly.type().spelling() + "\" {\n  rankdir=LR;\n"
                + "  node [shape=box, fontname=\"monospace\"];\n  edge [fontname=\"monospace\"];\n");
        for (Anomaly.Step step : anomaly.cycle()) {
            out.append("  \"").append(step.from().name()).append("\" [label=\"").append(step.from().name())
                    .append("\\nprocess ").append(step.from().process()).append("\"];\n");
        }
        for (Anomaly.Step step : anomaly.cycle()) {
            String color = switch (step.type()) {
                case WW -> "black";
                case WR -> "blue";
                case RW -> "red";
                case PROCESS -> "darkgreen";
                case REALTIME -> "orange";
            };
            out.append("  \"").append(step.from().name()).append("\" -> \"").append(step.to().name())
                    .append("\" [label=\"").append(step.type().label()).append("\", color=").append(color)
                    .append(", tooltip=\"").append(step.because().replace("\"", "'")).append("\"];\n");
        }
        return out.append("}\n").toString();
    }

    /** Graphviz's SVG of the DOT text, or null when {@code dot} is not installed or fails. */
    static String svg(String dot) {
        try {
            Process process = new ProcessBuilder("dot", "-Tsvg").redirectErrorStream(false).start();
            process.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            byte[] svg = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            return new String(svg, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
