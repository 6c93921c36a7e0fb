package keystorm.checker;

import java.util.List;
import java.util.Objects;

/**
 * One anomaly a checker found, in the form a report draws it: what kind it is (named as the
 * checker names it: {@code G1c}, {@code lost}, {@code wrong-total}, {@code nonlinearizable}...),
 * the explanation a person reads, the history lines of the operations involved (their
 * invocations and completions, to mark them on the latency plot and to draw the processes'
 * timeline around them), and, where the anomaly is a shape, its figure.
 *
 * @param key the key it concerns, or null when it concerns several or none
 * @param indices history line indices ({@code "index"} of the JSONL history) of the operations
 *     involved, ascending; may be empty when the anomaly is about the history as a whole
 * @param figure the cycle of an Elle anomaly, or the operations of a counterexample, as a graph;
 *     null when there is nothing to draw but the timeline
 */
public record Evidence(String kind, String key, String explanation, List<Long> indices, Figure figure) {
    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(explanation, "explanation");
        indices = indices.stream().distinct().sorted().toList();
    }

    /**
     * A graph to draw: operations as nodes, dependencies as labelled edges (a cycle's
     * {@code ww}, {@code wr}, {@code rw}, {@code process}, {@code realtime}).
     */
    public record Figure(List<Node> nodes, List<Edge> edges) {
        public Figure {
            nodes = List.copyOf(nodes);
            edges = List.copyOf(edges);
        }
    }

    /**
     * @param id unique within the figure
     * @param label what the node shows ("T12", "process 3 read k1 -> 2")
     * @param process the logical client that ran it, or -1
     * @param index the history line of its invocation, or -1
     */
    public record Node(String id, String label, int process, long index) {
    }

    /** @param because why the dependency holds, in words */
    public record Edge(String from, String to, String label, String because) {
    }
}
