package keystorm.checker.elle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.checker.graph.CycleSearch;
import keystorm.checker.graph.Digraph;
import keystorm.checker.graph.StronglyConnected;

/**
 * Finds and names the cycles of a dependency graph, as Elle does: strongly connected components
 * first (a cycle lives inside one), then, inside each, the shortest cycle of each shape the
 * consistency model cares about. The name follows the cycle's edges (Adya; Elle):
 * <ul>
 * <li>only ww: G0; ww and wr: G1c;</li>
 * <li>exactly one rw: G-single; two or more rw, never two in a row: G-nonadjacent; two rw in a
 * row somewhere: G2-item;</li>
 * <li>with a process edge: the "-process" variant; with a realtime edge: "-realtime".</li>
 * </ul>
 * Searches at the process and realtime levels start from a process or realtime edge, so they
 * find only cycles the pure data graph does not have.
 */
final class CycleAnomalies {
    static final int EXAMPLES_PER_ANOMALY_MAX = 4;
    static final int ATTEMPTS_PER_SEARCH_MAX = 2_000;
    static final int COMPONENTS_MAX = 10_000;

    private static final int WW = Dependency.WW.ordinal();
    private static final int WR = Dependency.WR.ordinal();
    private static final int RW = Dependency.RW.ordinal();

    record Found(List<Anomaly> anomalies, boolean incomplete) {
    }

    /** One search: allowed edge types, the type of the first edge, how many rw, nonadjacent or not. */
    private record Shape(AnomalyType base, int allowed, int firstType, int rwMin, boolean nonadjacent) {
    }

    private final Inference inference;
    private final Set<AnomalyType> wanted;
    private final Map<AnomalyType, List<Anomaly>> found = new LinkedHashMap<>();
    /** Cycles already reported, by their rotation that starts at the lowest vertex: shapes overlap. */
    private final Set<List<Integer>> reported = new HashSet<>();
    private boolean incomplete;

    private CycleAnomalies(Inference inference, Set<AnomalyType> wanted) {
        this.inference = inference;
        this.wanted = wanted;
    }

    static Found find(Inference inference, Set<AnomalyType> wanted, boolean process, boolean realtime) {
        CycleAnomalies search = new CycleAnomalies(inference, wanted);
        search.level(AnomalyType.Level.DATA, 0, -1);
        if (process) {
            search.level(AnomalyType.Level.PROCESS, Dependency.PROCESS.bit(), Dependency.PROCESS.ordinal());
        }
        if (realtime) {
            search.level(AnomalyType.Level.REALTIME, Dependency.PROCESS.bit() | Dependency.REALTIME.bit(), Dependency.REALTIME.ordinal());
        }
        List<Anomaly> anomalies = new ArrayList<>();
        search.found.values().forEach(anomalies::addAll);
        return new Found(anomalies, search.incomplete);
    }

    private void level(AnomalyType.Level level, int extra, int firstType) {
        int ww = Dependency.WW.bit();
        int wr = Dependency.WR.bit();
        List<Shape> shapes = firstType < 0
                ? List.of(new Shape(AnomalyType.G0, ww, WW, 0, false), new Shape(AnomalyType.G1C, ww | wr, WR, 0, false),
                        new Shape(AnomalyType.G_SINGLE, ww | wr, RW, 1, false),
                        new Shape(AnomalyType.G_NONADJACENT, Dependency.DATA, RW, 2, true),
                        new Shape(AnomalyType.G2_ITEM, Dependency.DATA, RW, 1, false))
                : List.of(new Shape(AnomalyType.G0, ww | extra, firstType, 0, false),
                        new Shape(AnomalyType.G1C, ww | wr | extra, firstType, 0, false),
                        new Shape(AnomalyType.G_SINGLE, Dependency.DATA | extra, firstType, 1, false),
                        new Shape(AnomalyType.G_NONADJACENT, Dependency.DATA | extra, firstType, 2, true),
                        new Shape(AnomalyType.G2_ITEM, Dependency.DATA | extra, firstType, 1, false));
        Digraph graph = inference.graph();
        Map<Integer, List<int[]>> componentsByMask = new LinkedHashMap<>();
        // Every shape of this level lives inside a component of the graph of all its edge types:
        // when that graph has none (the usual case for a good history), nothing below can match.
        int levelMask = Dependency.DATA | extra;
        List<int[]> all = StronglyConnected.components(graph, levelMask);
        if (all.isEmpty()) {
            return;
        }
        componentsByMask.put(levelMask, all);
        for (Shape shape : shapes) {
            AnomalyType name = shape.base().at(level);
            if (!wanted.contains(name) || examples(name) >= EXAMPLES_PER_ANOMALY_MAX) {
                continue;
            }
            int allowedAll = shape.allowed() | (shape.firstType() == RW ? Dependency.RW.bit() : 0)
                    | (1 << shape.firstType());
            List<int[]> components = componentsByMask.computeIfAbsent(allowedAll,
                    mask -> StronglyConnected.components(graph, mask));
            int checked = 0;
            for (int[] component : components) {
                if (examples(name) >= EXAMPLES_PER_ANOMALY_MAX) {
                    break;
                }
                if (++checked > COMPONENTS_MAX) {
                    incomplete = true;
                    break;
                }
                CycleSearch search = new CycleSearch(graph, component);
                CycleSearch.Cycle cycle = search.find(shape.allowed(), shape.firstType(), RW, shape.rwMin(),
                        shape.nonadjacent(), ATTEMPTS_PER_SEARCH_MAX);
                if (cycle == null) {
                    incomplete |= search.capped();
                    continue;
                }
                AnomalyType classified = classify(cycle);
                if (classified == name || !wanted.contains(classified)) {
                    record(classified, cycle);
                } else if (examples(classified) < EXAMPLES_PER_ANOMALY_MAX) {
                    record(classified, cycle);
                }
            }
        }
    }

    private int examples(AnomalyType name) {
        return found.getOrDefault(name, List.of()).size();
    }

    /** Names a cycle by its edges. */
    static AnomalyType classify(CycleSearch.Cycle cycle) {
        int[] types = cycle.types();
        int rw = 0;
        boolean wr = false;
        boolean process = false;
        boolean realtime = false;
        boolean adjacentRw = false;
        for (int i = 0; i < types.length; i++) {
            int type = types[i];
            rw += type == RW ? 1 : 0;
            wr |= type == WR;
            process |= type == Dependency.PROCESS.ordinal();
            realtime |= type == Dependency.REALTIME.ordinal();
            adjacentRw |= type == RW && types[(i + 1) % types.length] == RW;
        }
        AnomalyType base = rw == 0 ? (wr ? AnomalyType.G1C : AnomalyType.G0) : rw == 1 ? AnomalyType.G_SINGLE
                : adjacentRw ? AnomalyType.G2_ITEM : AnomalyType.G_NONADJACENT;
        return base.at(realtime ? AnomalyType.Level.REALTIME : process ? AnomalyType.Level.PROCESS : AnomalyType.Level.DATA);
    }

    private static List<Integer> canonical(CycleSearch.Cycle cycle) {
        int[] vertices = cycle.vertices();
        int start = 0;
        for (int i = 1; i < vertices.length; i++) {
            if (vertices[i] < vertices[start]) {
                start = i;
            }
        }
        List<Integer> key = new ArrayList<>(2 * vertices.length);
        for (int i = 0; i < vertices.length; i++) {
            key.add(vertices[(start + i) % vertices.length]);
            key.add(cycle.types()[(start + i) % vertices.length]);
        }
        return key;
    }

    private void record(AnomalyType name, CycleSearch.Cycle cycle) {
        List<Anomaly> list = found.computeIfAbsent(name, n -> new ArrayList<>());
        if (list.size() >= EXAMPLES_PER_ANOMALY_MAX || !reported.add(canonical(cycle))) {
            return;
        }
        List<Txn> txns = inference.txns();
        List<Anomaly.Step> steps = new ArrayList<>();
        List<Txn> members = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int[] vertices = cycle.vertices();
        for (int i = 0; i < vertices.length; i++) {
            Txn from = txns.get(vertices[i]);
            Txn to = txns.get(vertices[(i + 1) % vertices.length]);
            Dependency type = Dependency.values()[cycle.types()[i]];
            String because = inference.explainer().explain(from, to, type);
            steps.add(new Anomaly.Step(from, to, type, because));
            members.add(from);
            text.append("    ").append(i + 1).append(". ").append(from.name()).append(" -").append(type.label())
                    .append("-> ").append(to.name()).append(": ").append(because).append('\n');
        }
        text.append("    so ").append(members.getFirst().name()).append(" would have to come before itself: a cycle");
        list.add(new Anomaly(name, members, steps, text.toString()));
    }
}
