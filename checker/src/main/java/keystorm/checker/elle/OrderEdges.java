package keystorm.checker.elle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.checker.graph.Digraph;

/**
 * Process and realtime edges between committed transactions. Realtime: T1 -> T2 when T1
 * completed before T2 was invoked. Adding every such pair would be quadratic; as Elle does, each
 * invocation links only from the "frontier", the completed transactions not already implied by
 * a later completion, which gives the same reachability.
 */
final class OrderEdges {
    private OrderEdges() {
    }

    /** Adds the order edges the consistency model needs. */
    static void add(List<Txn> txns, Digraph.Builder builder, boolean process, boolean realtime) {
        if (process) {
            process(txns, builder);
        }
        if (realtime) {
            realtime(txns, builder);
        }
    }

    /** Why there is a process or realtime edge; null for the data edges, which the datatype explains. */
    static String explain(Txn from, Txn to, Dependency type) {
        return switch (type) {
            case PROCESS -> from.name() + " and " + to.name() + " ran on process " + from.process() + ", "
                    + from.name() + " first";
            case REALTIME -> from.name() + " completed (event " + from.completeIndex() + ") before " + to.name()
                    + " began (event " + to.invokeIndex() + ")";
            default -> null;
        };
    }

    static void process(List<Txn> txns, Digraph.Builder builder) {
        Map<Integer, Txn> last = new HashMap<>();
        for (Txn txn : txns) { // txns are in invocation order
            if (!txn.committed()) {
                continue;
            }
            Txn previous = last.put(txn.process(), txn);
            if (previous != null) {
                builder.add(previous.id(), txn.id(), Dependency.PROCESS.ordinal());
            }
        }
    }

    static void realtime(List<Txn> txns, Digraph.Builder builder) {
        record Event(long position, Txn txn, boolean invoke) {
        }
        List<Event> events = new ArrayList<>();
        for (Txn txn : txns) {
            if (!txn.committed()) {
                continue;
            }
            events.add(new Event(txn.invokeIndex(), txn, true));
            events.add(new Event(txn.completeIndex(), txn, false));
        }
        events.sort(Comparator.comparingLong(Event::position));
        Set<Integer> frontier = new HashSet<>();
        Map<Integer, int[]> predecessors = new HashMap<>();
        for (Event event : events) {
            int id = event.txn().id();
            if (event.invoke()) {
                int[] preds = frontier.stream().mapToInt(Integer::intValue).toArray();
                predecessors.put(id, preds);
                for (int p : preds) {
                    builder.add(p, id, Dependency.REALTIME.ordinal());
                }
            } else {
                for (int p : predecessors.remove(id)) {
                    frontier.remove(p); // implied through this transaction from now on
                }
                frontier.add(id);
            }
        }
    }
}
