package keystorm.checker.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shortest cycles of a required shape inside one strongly connected component, by breadth-first
 * search from the far end of a chosen first edge back to its start. A shape says which edge types
 * may be used, which type the first edge has, and whether two "special" edges (rw, for Elle) may
 * follow one another. Searches only inside the component, so cost follows its size, not the
 * history's.
 */
public final class CycleSearch {
    /** A cycle: vertices v0..vk-1 with edges v0->v1 ... vk-1->v0; {@code types[i]} the type chosen for edge i. */
    public record Cycle(int[] vertices, int[] types) {
        public int length() {
            return vertices.length;
        }
    }

    private final Digraph graph;
    private final int[] member;
    private final int[] component;
    private boolean capped;

    /**
     * @param component the vertices of one strongly connected component, sorted
     */
    public CycleSearch(Digraph graph, int[] component) {
        this.graph = graph;
        this.component = component;
        this.member = new int[graph.vertices()];
        Arrays.fill(member, -1);
        for (int i = 0; i < component.length; i++) {
            member[component[i]] = i;
        }
    }

    /**
     * A shortest cycle whose edges all have types in {@code allowed}, starting with an edge of type
     * {@code firstType}, containing at least {@code specialsMin} edges of type {@code special} (the
     * first edge counts), and, if {@code nonadjacent}, never two {@code special} edges in a row
     * (around the cycle too). Edges of type {@code special} are only taken if allowed. Tries first
     * edges in vertex order, at most {@code attemptsMax} of them. Returns null if none is found.
     */
    public Cycle find(int allowed, int firstType, int special, int specialsMin, boolean nonadjacent, int attemptsMax) {
        capped = false;
        int attempts = 0;
        for (int a : component) {
            for (int e = graph.start(a); e < graph.end(a); e++) {
                int b = graph.target(e);
                if (member[b] < 0 || (graph.mask(e) & (1 << firstType)) == 0) {
                    continue;
                }
                if (++attempts > attemptsMax) {
                    capped = true;
                    return null;
                }
                Cycle cycle = pathBack(a, b, firstType, allowed, special, specialsMin, nonadjacent);
                if (cycle != null) {
                    return cycle;
                }
            }
        }
        return null;
    }

    /** Whether the last {@link #find} gave up at its attempt limit (so "none found" is not "none exists"). */
    public boolean capped() {
        return capped;
    }

    /**
     * BFS from b to a over states (vertex, specials so far capped at specialsMin, last edge
     * special), with the edge a->b of type firstType closing the cycle.
     */
    private Cycle pathBack(int a, int b, int firstType, int allowed, int special, int specialsMin, boolean nonadjacent) {
        int levels = specialsMin + 1;
        int states = component.length * levels * 2;
        int[] parent = new int[states];
        int[] parentType = new int[states];
        Arrays.fill(parent, -2);
        boolean firstSpecial = firstType == special;
        int startCount = Math.min(firstSpecial ? 1 : 0, specialsMin);
        int start = state(member[b], startCount, firstSpecial, levels);
        parent[start] = -1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int local = s / (levels * 2);
            int count = (s / 2) % levels;
            boolean lastSpecial = (s & 1) == 1;
            int v = component[local];
            for (int e = graph.start(v); e < graph.end(v); e++) {
                int w = graph.target(e);
                if (member[w] < 0) {
                    continue;
                }
                int mask = graph.mask(e) & allowed;
                if (mask == 0) {
                    continue;
                }
                // prefer a non-special type for this edge when the edge has several
                int plain = mask & ~(1 << special);
                for (int option = 0; option < 2; option++) {
                    boolean takeSpecial = option == 1;
                    if (takeSpecial ? (mask & (1 << special)) == 0 : plain == 0) {
                        continue;
                    }
                    if (takeSpecial && nonadjacent && lastSpecial) {
                        continue;
                    }
                    int nextCount = Math.min(count + (takeSpecial ? 1 : 0), specialsMin);
                    if (w == a) {
                        // closing edge into a: the cycle's first edge (special or not) follows it
                        if (nextCount >= specialsMin && !(nonadjacent && takeSpecial && firstSpecial)) {
                            int[] chosen = {takeSpecial ? special : Integer.numberOfTrailingZeros(plain)};
                            return build(a, s, parent, parentType, levels, firstType, chosen[0]);
                        }
                        continue;
                    }
                    int t = state(member[w], nextCount, takeSpecial, levels);
                    if (parent[t] == -2) {
                        parent[t] = s;
                        parentType[t] = takeSpecial ? special : Integer.numberOfTrailingZeros(plain);
                        queue.add(t);
                    }
                }
            }
        }
        return null;
    }

    private static int state(int local, int count, boolean lastSpecial, int levels) {
        return (local * levels + count) * 2 + (lastSpecial ? 1 : 0);
    }

    private Cycle build(int a, int last, int[] parent, int[] parentType, int levels, int firstType, int closingType) {
        List<Integer> vertices = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        types.add(closingType); // edge from the last state's vertex into a
        for (int s = last; s != -1; s = parent[s]) {
            vertices.add(component[s / (levels * 2)]);
            if (parent[s] != -1) {
                types.add(parentType[s]);
            }
        }
        // vertices: [v_k, ..., b]; edge types: [v_k->a, v_{k-1}->v_k, ..., b->...]
        int k = vertices.size();
        int[] cycleVertices = new int[k + 1];
        int[] cycleTypes = new int[k + 1];
        cycleVertices[0] = a;
        cycleTypes[0] = firstType;
        for (int i = 0; i < k; i++) {
            cycleVertices[i + 1] = vertices.get(k - 1 - i);
        }
        // edge i+1 goes from cycleVertices[i+1] to cycleVertices[i+2] (or a)
        for (int i = 0; i < k; i++) {
            cycleTypes[i + 1] = types.get(k - 1 - i);
        }
        return new Cycle(cycleVertices, cycleTypes);
    }
}
