package keystorm.checker.elle;

import keystorm.checker.op.MicroOp;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.checker.graph.Digraph;
import keystorm.checker.history.OpType;

/**
 * Elle's rw-register inference. Written values are unique per key, so a read names the write it
 * saw. The version order is only partly known: the initial state (a JSON null) comes before
 * every write, and a committed transaction that read v1 and then wrote v2 puts v1 before v2. From
 * those known version edges: ww between the writers, wr from a write to its readers, rw from the
 * readers of a version to the writers of the versions known to follow it directly (for the
 * initial state: the writes with no other known predecessor).
 */
final class RwRegisterInference {
    private final List<Txn> txns;
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final Map<String, Map<JsonNode, Txn>> writers = new HashMap<>();
    /** key -> version -> versions known to follow it directly */
    private final Map<String, Map<JsonNode, Set<JsonNode>>> successors = new HashMap<>();
    private String unknownReason;

    private RwRegisterInference(List<Txn> txns) {
        this.txns = txns;
    }

    static Inference infer(List<Txn> txns, boolean processEdges, boolean realtimeEdges) {
        return new RwRegisterInference(txns).run(processEdges, realtimeEdges);
    }

    private static final JsonNode INITIAL = keystorm.checker.history.Values.NODES.nullNode();

    private Inference run(boolean processEdges, boolean realtimeEdges) {
        Digraph.Builder builder = new Digraph.Builder(txns.size());
        indexWriters();
        if (unknownReason == null) {
            checkReadsAndOrder();
            dataEdges(builder);
        }
        OrderEdges.add(txns, builder, processEdges, realtimeEdges);
        return new Inference(txns, builder.build(), anomalies, this::explain, unknownReason);
    }

    private void indexWriters() {
        for (Txn txn : txns) {
            for (MicroOp op : txn.ops()) {
                if (op instanceof MicroOp.Write write) {
                    if (write.value().isNull()) {
                        unknownReason = txn.name() + " wrote null to key " + write.key()
                                + ": rw-register reserves null for the initial state";
                        return;
                    }
                    Txn previous = writers.computeIfAbsent(write.key(), k -> new HashMap<>()).put(write.value(), txn);
                    if (previous != null && previous != txn) {
                        unknownReason = "the value " + write.value() + " was written to key " + write.key() + " twice (by "
                                + previous.name() + " and " + txn.name() + "): rw-register needs unique written values";
                        return;
                    }
                }
            }
        }
    }

    private void checkReadsAndOrder() {
        Map<String, Map<JsonNode, List<Txn>>> readThenWrote = new HashMap<>();
        for (Txn txn : txns) {
            if (!txn.committed()) {
                continue;
            }
            Map<String, JsonNode> known = new HashMap<>();
            Map<String, JsonNode> externalRead = new HashMap<>();
            Map<String, Boolean> wrote = new HashMap<>();
            for (MicroOp op : txn.ops()) {
                switch (op) {
                    case MicroOp.Write write -> {
                        JsonNode before = externalRead.get(write.key());
                        if (before != null && !wrote.containsKey(write.key())) {
                            successors.computeIfAbsent(write.key(), k -> new HashMap<>())
                                    .computeIfAbsent(before, v -> new LinkedHashSet<>()).add(write.value());
                            readThenWrote.computeIfAbsent(write.key(), k -> new HashMap<>())
                                    .computeIfAbsent(before, v -> new ArrayList<>()).add(txn);
                        }
                        wrote.put(write.key(), true);
                        known.put(write.key(), write.value());
                    }
                    case MicroOp.ReadRegister read -> {
                        if (read.value() == null) {
                            continue;
                        }
                        JsonNode expected = known.get(read.key());
                        if (expected != null && !expected.equals(read.value())) {
                            anomalies.add(new Anomaly(AnomalyType.INTERNAL, List.of(txn), List.of(), txn.name() + " read key "
                                    + read.key() + " = " + read.value() + ", but its own earlier operations say it must be "
                                    + expected));
                        }
                        if (expected == null) {
                            externalRead.put(read.key(), read.value());
                        }
                        known.put(read.key(), read.value());
                        checkValue(txn, read);
                    }
                    default -> throw new IllegalStateException("not an rw-register operation: " + op);
                }
            }
        }
        for (Map.Entry<String, Map<JsonNode, List<Txn>>> key : readThenWrote.entrySet()) {
            for (Map.Entry<JsonNode, List<Txn>> version : key.getValue().entrySet()) {
                if (version.getValue().size() >= 2) {
                    List<Txn> both = version.getValue().subList(0, 2);
                    anomalies.add(new Anomaly(AnomalyType.LOST_UPDATE, both, List.of(), both.get(0).name() + " and "
                            + both.get(1).name() + " both read key " + key.getKey() + " = " + version.getKey()
                            + " and then both wrote it, and both committed: one update was made without seeing the other"));
                }
            }
        }
    }

    private void checkValue(Txn reader, MicroOp.ReadRegister read) {
        if (read.value().isNull()) {
            return; // the initial state
        }
        Txn writer = writers.getOrDefault(read.key(), Map.of()).get(read.value());
        if (writer == null) {
            anomalies.add(new Anomaly(AnomalyType.GARBAGE_READ, List.of(reader), List.of(), reader.name() + " read key "
                    + read.key() + " = " + read.value() + ", but no transaction wrote that value"));
        } else if (writer.type() == OpType.FAIL) {
            anomalies.add(new Anomaly(AnomalyType.G1A, List.of(reader, writer), List.of(), reader.name() + " read key " + read.key()
                    + " = " + read.value() + ", written by " + writer.name() + ", which failed (an aborted read)"));
        } else if (writer != reader && !isFinalWrite(writer, read.key(), read.value())) {
            anomalies.add(new Anomaly(AnomalyType.G1B, List.of(reader, writer), List.of(), reader.name() + " read key " + read.key()
                    + " = " + read.value() + ", but " + writer.name() + " wrote " + read.key()
                    + " again afterwards: an intermediate read"));
        }
    }

    private static boolean isFinalWrite(Txn txn, String key, JsonNode value) {
        JsonNode last = null;
        for (MicroOp op : txn.ops()) {
            if (op instanceof MicroOp.Write write && write.key().equals(key)) {
                last = write.value();
            }
        }
        return value.equals(last);
    }

    /** The versions known to directly follow {@code version} (for the initial state: those with no known predecessor). */
    private Set<JsonNode> next(String key, JsonNode version) {
        Map<JsonNode, Set<JsonNode>> keySuccessors = successors.getOrDefault(key, Map.of());
        if (!version.isNull()) {
            return keySuccessors.getOrDefault(version, Set.of());
        }
        Set<JsonNode> roots = new LinkedHashSet<>(writers.getOrDefault(key, Map.of()).keySet());
        for (Map.Entry<JsonNode, Set<JsonNode>> entry : keySuccessors.entrySet()) {
            if (!entry.getKey().isNull()) {
                roots.removeAll(entry.getValue());
            }
        }
        return roots;
    }

    private void dataEdges(Digraph.Builder builder) {
        for (Map.Entry<String, Map<JsonNode, Set<JsonNode>>> key : successors.entrySet()) {
            Map<JsonNode, Txn> keyWriters = writers.getOrDefault(key.getKey(), Map.of());
            for (Map.Entry<JsonNode, Set<JsonNode>> edge : key.getValue().entrySet()) {
                Txn a = keyWriters.get(edge.getKey());
                for (JsonNode later : edge.getValue()) {
                    Txn b = keyWriters.get(later);
                    if (a != null && b != null && a.type() != OpType.FAIL && b.type() != OpType.FAIL) {
                        builder.add(a.id(), b.id(), Dependency.WW.ordinal());
                    }
                }
            }
        }
        Map<String, Set<JsonNode>> rootsCache = new HashMap<>();
        for (Txn txn : txns) {
            if (!txn.committed()) {
                continue;
            }
            Set<String> touched = new HashSet<>();
            for (MicroOp op : txn.ops()) {
                if (!touched.add(op.key()) || !(op instanceof MicroOp.ReadRegister read) || read.value() == null) {
                    continue;
                }
                Map<JsonNode, Txn> keyWriters = writers.getOrDefault(read.key(), Map.of());
                Txn writer = keyWriters.get(read.value());
                if (writer != null && writer.type() != OpType.FAIL) {
                    builder.add(writer.id(), txn.id(), Dependency.WR.ordinal());
                }
                Set<JsonNode> following = read.value().isNull()
                        ? rootsCache.computeIfAbsent(read.key(), k -> next(k, INITIAL)) : next(read.key(), read.value());
                for (JsonNode later : following) {
                    Txn next = keyWriters.get(later);
                    if (next != null && next.type() != OpType.FAIL) {
                        builder.add(txn.id(), next.id(), Dependency.RW.ordinal());
                    }
                }
            }
        }
    }

    private String explain(Txn from, Txn to, Dependency type) {
        switch (type) {
            case WW -> {
                for (MicroOp op : to.ops()) {
                    if (op instanceof MicroOp.Write write) {
                        for (MicroOp mine : from.ops()) {
                            if (mine instanceof MicroOp.Write earlier && earlier.key().equals(write.key())
                                    && next(write.key(), earlier.value()).contains(write.value())) {
                                return from.name() + " wrote " + write.key() + " = " + earlier.value() + ", and " + to.name()
                                        + " read that version and then wrote " + write.value() + ", so " + earlier.value()
                                        + " came right before " + write.value();
                            }
                        }
                    }
                }
            }
            case WR -> {
                for (MicroOp op : to.ops()) {
                    if (op instanceof MicroOp.ReadRegister read && read.value() != null && !read.value().isNull()
                            && writers.getOrDefault(read.key(), Map.of()).get(read.value()) == from) {
                        return to.name() + " read " + read.key() + " = " + read.value() + ", which " + from.name() + " wrote";
                    }
                }
            }
            case RW -> {
                for (MicroOp op : from.ops()) {
                    if (op instanceof MicroOp.ReadRegister read && read.value() != null) {
                        for (JsonNode later : next(read.key(), read.value())) {
                            if (writers.getOrDefault(read.key(), Map.of()).get(later) == to) {
                                return from.name() + " read " + read.key() + " = " + read.value() + ", a version before "
                                        + to.name() + "'s write of " + later + ", so " + from.name() + " read before "
                                        + to.name() + " wrote";
                            }
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
}
