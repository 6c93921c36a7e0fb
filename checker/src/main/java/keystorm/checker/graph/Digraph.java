package keystorm.checker.graph;

import java.util.Arrays;

/**
 * A directed graph over vertices 0..n-1 whose edges carry a small set of types (a bitmask of up
 * to 8 types), in compressed sparse rows: built once from an edge list, then read. Knows nothing
 * of transactions: Elle's analyses give it numbers, and take cycles back.
 *
 * <p>Built for a million vertices and tens of millions of edges: edges are packed into longs
 * ({@code from << 32 | to << 3 | type}), sorted, and merged, so parallel edges of different
 * types become one edge with several type bits.
 */
public final class Digraph {
    public static final int TYPES_MAX = 8;
    static final int VERTICES_MAX = 1 << 29;

    private final int vertices;
    private final int[] offsets;
    private final int[] targets;
    private final byte[] masks;

    private Digraph(int vertices, int[] offsets, int[] targets, byte[] masks) {
        this.vertices = vertices;
        this.offsets = offsets;
        this.targets = targets;
        this.masks = masks;
    }

    public int vertices() {
        return vertices;
    }

    public int edges() {
        return targets.length;
    }

    /** Edges out of {@code v} are at positions {@code start(v)} to {@code end(v)} - 1. */
    public int start(int v) {
        return offsets[v];
    }

    public int end(int v) {
        return offsets[v + 1];
    }

    public int target(int position) {
        return targets[position];
    }

    public int mask(int position) {
        return masks[position] & 0xff;
    }

    /** The type mask of the edge from {@code a} to {@code b}, 0 if there is none. */
    public int mask(int a, int b) {
        int lo = offsets[a];
        int hi = offsets[a + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int t = targets[mid];
            if (t < b) {
                lo = mid + 1;
            } else if (t > b) {
                hi = mid - 1;
            } else {
                return masks[mid] & 0xff;
            }
        }
        return 0;
    }

    /** Collects edges, then builds the graph. Self-edges are dropped (a transaction does not depend on itself). */
    public static final class Builder {
        private final int vertices;
        private long[] edges = new long[1024];
        private int size;

        public Builder(int vertices) {
            if (vertices < 0 || vertices > VERTICES_MAX) {
                throw new IllegalArgumentException("vertices must be in [0, " + VERTICES_MAX + "]: " + vertices);
            }
            this.vertices = vertices;
        }

        public Builder add(int from, int to, int type) {
            if (from < 0 || from >= vertices || to < 0 || to >= vertices) {
                throw new IndexOutOfBoundsException("edge " + from + " -> " + to + " outside 0.." + (vertices - 1));
            }
            if (type < 0 || type >= TYPES_MAX) {
                throw new IllegalArgumentException("type must be in [0, " + TYPES_MAX + "): " + type);
            }
            if (from == to) {
                return this;
            }
            if (size == edges.length) {
                edges = Arrays.copyOf(edges, edges.length * 2);
            }
            edges[size++] = ((long) from << 32) | ((long) to << 3) | type;
            return this;
        }

        public Digraph build() {
            long[] sorted = Arrays.copyOf(edges, size);
            Arrays.sort(sorted);
            int[] offsets = new int[vertices + 1];
            int[] targets = new int[size];
            byte[] masks = new byte[size];
            int count = 0;
            long previous = -1;
            for (long edge : sorted) {
                long pair = edge >>> 3;
                int type = (int) (edge & 7);
                if (pair == previous) {
                    masks[count - 1] |= (byte) (1 << type);
                    continue;
                }
                previous = pair;
                int from = (int) (edge >>> 32);
                targets[count] = (int) ((edge >>> 3) & 0x1fffffff);
                masks[count] = (byte) (1 << type);
                offsets[from + 1]++;
                count++;
            }
            for (int v = 0; v < vertices; v++) {
                offsets[v + 1] += offsets[v];
            }
            return new Digraph(vertices, offsets, Arrays.copyOf(targets, count), Arrays.copyOf(masks, count));
        }
    }
}
