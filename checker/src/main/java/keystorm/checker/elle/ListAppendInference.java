package keystorm.checker.elle;

import keystorm.checker.op.MicroOp;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.checker.graph.Digraph;

/**
 * Elle's list-append inference. Every append writes a unique element, so a read of a list is a
 * read of one exact version, and the versions of a key are the prefixes of its longest read: the
 * version order. From it:
 * <ul>
 * <li>ww: the writer of each element precedes the writer of the next one;</li>
 * <li>wr: a read ending in element e depends on e's writer;</li>
 * <li>rw: a read of the first j elements precedes the writer of element j+1.</li>
 * </ul>
 * and the anomalies visible without a cycle: reads that are not prefixes of one another
 * (incompatible-order), duplicate elements, reads of failed appends (G1a), of a transaction's
 * non-final append (G1b), of elements nobody appended (garbage-read), reads inconsistent with the
 * transaction's own earlier operations (internal), failed appends followed by others
 * (dirty-update), and two committed transactions appending after reading the same version
 * (lost-update). Only external reads (before the transaction's own appends to the key) and
 * committed readers make edges.
 */
final class ListAppendInference {
    private final List<Txn> txns;
    private final List<Anomaly> anomalies = new ArrayList<>();
    /** key -> element -> appending transaction */
    private final Map<String, Map<JsonNode, Txn>> writers = new HashMap<>();
    /** key -> the version order (the longest read) */
    private final Map<String, List<JsonNode>> orders = new HashMap<>();
    /** key -> element -> position in the version order */
    private final Map<String, Map<JsonNode, Integer>> positions = new HashMap<>();
    private String unknownReason;

    private ListAppendInference(List<Txn> txns) {
        this.txns = txns;
    }

    static Inference infer(List<Txn> txns, boolean processEdges, boolean realtimeEdges) {
        ListAppendInference inference = new ListAppendInference(txns);
        return inference.run(processEdges, realtimeEdges);
    }

    private Inference run(boolean processEdges, boolean realtimeEdges) {
        indexWriters();
        if (unknownReason == null) {
            orderVersions();
            checkReads();
        }
        Digraph.Builder builder = new Digraph.Builder(txns.size());
        if (unknownReason == null) {
            dataEdges(builder);
        }
        OrderEdges.add(txns, builder, processEdges, realtimeEdges);
        return new Inference(txns, builder.build(), anomalies, this::explain, unknownReason);
    }

    private void indexWriters() {
        for (Txn txn : txns) {
            for (MicroOp op : txn.ops()) {
                if (op instanceof MicroOp.Append append) {
                    Txn previous = writers.computeIfAbsent(append.key(), k -> new HashMap<>()).put(append.value(), txn);
                    if (previous != null) {
                        // Elle's list-append needs unique appends: with a duplicate, a read no longer names one version
                        unknownReason = "the value " + append.value() + " was appended to key " + append.key()
                                + " twice (by " + previous.name() + " and " + txn.name()
                                + "): list-append needs every appended value to be unique";
                        return;
                    }
                }
            }
        }
    }

    /** The longest committed read of each key, and incompatible-order where reads disagree. */
    private void orderVersions() {
        Map<String, Txn> longestReader = new HashMap<>();
        for (Txn txn : txns) {
            if (!txn.committed()) {
                continue;
            }
            for (MicroOp op : txn.ops()) {
                if (op instanceof MicroOp.ReadList read && read.values() != null) {
                    List<JsonNode> longest = orders.get(read.key());
                    if (longest == null || read.values().size() > longest.size()) {
                        orders.put(read.key(), read.values());
                        longestReader.put(read.key(), txn);
                    }
                }
            }
        }
        for (Txn txn : txns) {
            if (!txn.committed()) {
                continue;
            }
            for (MicroOp op : txn.ops()) {
                if (op instanceof MicroOp.ReadList read && read.values() != null) {
                    List<JsonNode> longest = orders.get(read.key());
                    if (!isPrefix(read.values(), longest)) {
                        Txn other = longestReader.get(read.key());
                        anomalies.add(new Anomaly(AnomalyType.INCOMPATIBLE_ORDER, List.of(txn, other), List.of(),
                                txn.name() + " read key " + read.key() + " = " + read.values() + " and " + other.name()
                                        + " read " + longest + ": neither is a prefix of the other, so they cannot both be"
                                        + " versions of one list"));
                    }
                }
            }
        }
        for (Map.Entry<String, List<JsonNode>> entry : orders.entrySet()) {
            Map<JsonNode, Integer> index = new HashMap<>();
            List<JsonNode> order = entry.getValue();
            for (int i = 0; i < order.size(); i++) {
                index.putIfAbsent(order.get(i), i);
            }
            positions.put(entry.getKey(), index);
            // dirty update: a failed append that later appends were made on top of
            Map<JsonNode, Txn> keyWriters = writers.getOrDefault(entry.getKey(), Map.of());
            for (int i = 0; i + 1 < order.size(); i++) {
                Txn failed = keyWriters.get(order.get(i));
                Txn next = keyWriters.get(order.get(i + 1));
                if (failed != null && failed.type() == keystorm.checker.history.OpType.FAIL && next != null && next != failed) {
                    anomalies.add(new Anomaly(AnomalyType.DIRTY_UPDATE, List.of(failed, next), List.of(), failed.name()
                            + " failed, yet its append of " + order.get(i) + " to key " + entry.getKey()
                            + " was followed by " + next.name() + "'s append of " + order.get(i + 1)));
                }
            }
        }
    }

    private static boolean isPrefix(List<JsonNode> shorter, List<JsonNode> longer) {
        return shorter.size() <= longer.size() && longer.subList(0, shorter.size()).equals(shorter);
    }

    /** The read anomalies that need no graph. */
    private void checkReads() {
        Map<String, Map<List<JsonNode>, List<Txn>>> readThenAppended = new HashMap<>();
        for (Txn txn : txns) {
            if (!txn.committed()) {
                continue;
            }
            Map<String, List<JsonNode>> expected = new HashMap<>();   // what this txn knows each key holds
            Map<String, List<JsonNode>> ownAppends = new HashMap<>();
            Map<String, List<JsonNode>> externalReads = new HashMap<>();
            for (MicroOp op : txn.ops()) {
                switch (op) {
                    case MicroOp.Append append -> {
                        ownAppends.computeIfAbsent(append.key(), k -> new ArrayList<>()).add(append.value());
                        List<JsonNode> known = expected.get(append.key());
                        if (known != null) {
                            known.add(append.value());
                        }
                        if (externalReads.containsKey(append.key())) {
                            readThenAppended.computeIfAbsent(append.key(), k -> new HashMap<>())
                                    .computeIfAbsent(externalReads.get(append.key()), v -> new ArrayList<>()).add(txn);
                            externalReads.remove(append.key()); // count the transaction once
                        }
                    }
                    case MicroOp.ReadList read -> {
                        if (read.values() == null) {
                            continue;
                        }
                        checkElements(txn, read);
                        List<JsonNode> known = expected.get(read.key());
                        List<JsonNode> mine = ownAppends.getOrDefault(read.key(), List.of());
                        boolean internalMismatch = known != null ? !known.equals(read.values())
                                : !mine.isEmpty() && !endsWith(read.values(), mine);
                        if (internalMismatch) {
                            anomalies.add(new Anomaly(AnomalyType.INTERNAL, List.of(txn), List.of(), txn.name() + " read key "
                                    + read.key() + " = " + read.values() + ", but its own earlier operations say it must be "
                                    + (known != null ? known : "a list ending in " + mine)));
                        }
                        if (known == null && mine.isEmpty()) {
                            externalReads.put(read.key(), read.values());
                        }
                        expected.put(read.key(), new ArrayList<>(read.values()));
                    }
                    default -> throw new IllegalStateException("not a list-append operation: " + op);
                }
            }
        }
        for (Map.Entry<String, Map<List<JsonNode>, List<Txn>>> key : readThenAppended.entrySet()) {
            for (Map.Entry<List<JsonNode>, List<Txn>> version : key.getValue().entrySet()) {
                List<Txn> both = version.getValue();
                if (both.size() >= 2) {
                    anomalies.add(new Anomaly(AnomalyType.LOST_UPDATE, both.subList(0, 2), List.of(), both.get(0).name() + " and "
                            + both.get(1).name() + " both read key " + key.getKey() + " = " + version.getKey()
                            + " and then both appended to it, and both committed: one update was made without seeing the other"));
                }
            }
        }
    }

    private static boolean endsWith(List<JsonNode> values, List<JsonNode> suffix) {
        return values.size() >= suffix.size() && values.subList(values.size() - suffix.size(), values.size()).equals(suffix);
    }

    private void checkElements(Txn reader, MicroOp.ReadList read) {
        Set<JsonNode> seen = new HashSet<>();
        Map<JsonNode, Txn> keyWriters = writers.getOrDefault(read.key(), Map.of());
        for (JsonNode element : read.values()) {
            if (!seen.add(element)) {
                anomalies.add(new Anomaly(AnomalyType.DUPLICATE_ELEMENTS, List.of(reader), List.of(), reader.name() + " read key "
                        + read.key() + " = " + read.values() + ", which holds " + element + " more than once"));
            }
            Txn writer = keyWriters.get(element);
            if (writer == null) {
                anomalies.add(new Anomaly(AnomalyType.GARBAGE_READ, List.of(reader), List.of(), reader.name() + " read key "
                        + read.key() + " = " + read.values() + ", but no transaction appended " + element + " to it"));
            } else if (writer.type() == keystorm.checker.history.OpType.FAIL && writer != reader) {
                anomalies.add(new Anomaly(AnomalyType.G1A, List.of(reader, writer), List.of(), reader.name() + " read key "
                        + read.key() + " = " + read.values() + ", including " + element + ", appended by " + writer.name()
                        + ", which failed (an aborted read)"));
            }
        }
        if (!read.values().isEmpty()) {
            JsonNode last = read.values().getLast();
            Txn writer = keyWriters.get(last);
            if (writer != null && writer != reader && writer.type() != keystorm.checker.history.OpType.FAIL
                    && !isFinalAppend(writer, read.key(), last)) {
                anomalies.add(new Anomaly(AnomalyType.G1B, List.of(reader, writer), List.of(), reader.name() + " read key "
                        + read.key() + " = " + read.values() + ", ending in " + last + ", but " + writer.name()
                        + " appended more to " + read.key() + " after " + last + ": an intermediate read"));
            }
        }
    }

    private static boolean isFinalAppend(Txn txn, String key, JsonNode value) {
        JsonNode last = null;
        for (MicroOp op : txn.ops()) {
            if (op instanceof MicroOp.Append append && append.key().equals(key)) {
                last = append.value();
            }
        }
        return value.equals(last);
    }

    private void dataEdges(Digraph.Builder builder) {
        for (Map.Entry<String, List<JsonNode>> entry : orders.entrySet()) {
            Map<JsonNode, Txn> keyWriters = writers.getOrDefault(entry.getKey(), Map.of());
            List<JsonNode> order = entry.getValue();
            for (int i = 0; i + 1 < order.size(); i++) {
                Txn a = keyWriters.get(order.get(i));
                Txn b = keyWriters.get(order.get(i + 1));
                if (a != null && b != null && a.type() != keystorm.checker.history.OpType.FAIL
                        && b.type() != keystorm.checker.history.OpType.FAIL) {
                    builder.add(a.id(), b.id(), Dependency.WW.ordinal());
                }
            }
        }
        for (Txn txn : txns) {
            if (!txn.committed()) {
                continue;
            }
            Set<String> touched = new HashSet<>();
            for (MicroOp op : txn.ops()) {
                if (!touched.add(op.key())) {
                    continue; // only the first operation on a key can be an external read
                }
                if (!(op instanceof MicroOp.ReadList read) || read.values() == null) {
                    continue;
                }
                Map<JsonNode, Txn> keyWriters = writers.getOrDefault(read.key(), Map.of());
                if (!read.values().isEmpty()) {
                    Txn writer = keyWriters.get(read.values().getLast());
                    if (writer != null && writer.type() != keystorm.checker.history.OpType.FAIL) {
                        builder.add(writer.id(), txn.id(), Dependency.WR.ordinal());
                    }
                }
                List<JsonNode> order = orders.get(read.key());
                int length = read.values().size();
                if (order != null && length < order.size() && isPrefix(read.values(), order)) {
                    Txn next = keyWriters.get(order.get(length));
                    if (next != null && next.type() != keystorm.checker.history.OpType.FAIL) {
                        builder.add(txn.id(), next.id(), Dependency.RW.ordinal());
                    }
                }
            }
        }
    }

    /** Re-derives why an edge exists, for the few edges of a reported cycle. */
    private String explain(Txn from, Txn to, Dependency type) {
        switch (type) {
            case WW -> {
                for (MicroOp op : from.ops()) {
                    if (op instanceof MicroOp.Append append) {
                        Integer position = positions.getOrDefault(append.key(), Map.of()).get(append.value());
                        List<JsonNode> order = orders.get(append.key());
                        if (position != null && position + 1 < order.size()
                                && writers.get(append.key()).get(order.get(position + 1)) == to) {
                            return from.name() + " appended " + append.value() + " to " + append.key() + ", and " + to.name()
                                    + " appended " + order.get(position + 1) + " right after it in " + append.key()
                                    + "'s version order " + abbreviate(order);
                        }
                    }
                }
            }
            case WR -> {
                for (MicroOp op : to.ops()) {
                    if (op instanceof MicroOp.ReadList read && read.values() != null && !read.values().isEmpty()
                            && writers.getOrDefault(read.key(), Map.of()).get(read.values().getLast()) == from) {
                        return from.name() + " appended " + read.values().getLast() + " to " + read.key() + ", and "
                                + to.name() + " read " + read.key() + " = " + abbreviate(read.values())
                                + ", which ends with it, so " + to.name() + " read " + from.name() + "'s write";
                    }
                }
            }
            case RW -> {
                for (MicroOp op : from.ops()) {
                    if (op instanceof MicroOp.ReadList read && read.values() != null) {
                        List<JsonNode> order = orders.get(read.key());
                        int length = read.values().size();
                        if (order != null && length < order.size()
                                && writers.get(read.key()).get(order.get(length)) == to) {
                            return from.name() + " read " + read.key() + " = " + abbreviate(read.values()) + " without "
                                    + order.get(length) + ", which " + to.name() + " appended next, so " + from.name()
                                    + " read " + read.key() + " before " + to.name() + "'s write";
                        }
                    }
                }
            }
            case PROCESS, REALTIME -> {
                return OrderEdges.explain(from, to, type);
            }
        }
        return from.name() + " -" + type.label() + "-> " + to.name();
    }

    static String abbreviate(List<JsonNode> values) {
        if (values.size() <= 8) {
            return values.toString();
        }
        return "[" + values.get(0) + ", " + values.get(1) + ", ... " + (values.size() - 4) + " more ..., "
                + values.get(values.size() - 2) + ", " + values.getLast() + "]";
    }
}
