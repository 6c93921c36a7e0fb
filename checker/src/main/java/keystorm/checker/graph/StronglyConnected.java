package keystorm.checker.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tarjan's strongly connected components, iterative (a history of a million transactions would
 * overflow any thread's stack if recursive), over the edges whose type mask meets
 * {@code allowed}. Only components of two or more vertices are returned: a cycle lives in one.
 */
public final class StronglyConnected {
    private StronglyConnected() {
    }

    public static List<int[]> components(Digraph graph, int allowed) {
        int n = graph.vertices();
        int[] index = new int[n];
        int[] low = new int[n];
        Arrays.fill(index, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int stackSize = 0;
        int[] callVertex = new int[n];
        int[] callEdge = new int[n];
        int next = 0;
        List<int[]> components = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callVertex[0] = root;
            callEdge[0] = graph.start(root);
            index[root] = low[root] = next++;
            stack[stackSize++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callVertex[depth];
                int e = callEdge[depth];
                if (e < graph.end(v)) {
                    callEdge[depth] = e + 1;
                    if ((graph.mask(e) & allowed) == 0) {
                        continue;
                    }
                    int w = graph.target(e);
                    if (index[w] < 0) {
                        index[w] = low[w] = next++;
                        stack[stackSize++] = w;
                        onStack[w] = true;
                        depth++;
                        callVertex[depth] = w;
                        callEdge[depth] = graph.start(w);
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int size = 0;
                    int top = stackSize;
                    do {
                        size++;
                    } while (stack[--top] != v);
                    int[] component = Arrays.copyOfRange(stack, stackSize - size, stackSize);
                    for (int member : component) {
                        onStack[member] = false;
                    }
                    stackSize -= size;
                    if (size > 1) {
                        Arrays.sort(component);
                        components.add(component);
                    }
                }
                depth--;
                if (depth >= 0) {
                    int parent = callVertex[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return components;
    }
}
