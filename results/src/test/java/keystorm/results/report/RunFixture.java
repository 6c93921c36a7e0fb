package keystorm.results.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Writes a test run directory the way keystorm test does (test.json, history.jsonl, results.json),
 * from a seeded schedule, and remembers what it wrote for the tests to compare with: every client
 * completion's time and outcome, and the fault windows by the contract's rule.
 */
final class RunFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A client completion: when, its outcome (ok, fail, info), its invocation's time. */
    record Completion(long timeNanos, String type, long invokeNanos, long invokeIndex, long index) {
    }

    record Written(Path dir, long lines, List<Completion> completions, List<double[]> faults, List<String> faultNames,
                   List<Long> anomalyIndices) {
    }

    /**
     * @param seconds the run's length
     * @param concurrency processes
     * @param meanLatencyMicros an operation's mean latency; a process invokes again 0-2x that after a completion
     * @param remember keep every completion (false for the multi-million-line history)
     */
    static Written write(Path dir, double seconds, int concurrency, long meanLatencyMicros, long seed, boolean remember)
            throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        long end = (long) (seconds * 1e9);
        // nemesis: failover at 20%..35% (heal-all closes it), squeeze at 50%, failover again at 55%, both healed at 70%,
        // partition at 85% never healed (lasts to the end)
        long[][] nemesis = {
                {(long) (end * 0.20), (long) (end * 0.205), 0}, {(long) (end * 0.35), (long) (end * 0.351), 1},
                {(long) (end * 0.50), (long) (end * 0.501), 2}, {(long) (end * 0.55), (long) (end * 0.552), 0},
                {(long) (end * 0.70), (long) (end * 0.702), 1}, {(long) (end * 0.85), (long) (end * 0.851), 3}};
        String[] nemesisF = {"failover", "heal-all", "squeeze", "net-partition"};
        List<double[]> faults = List.of(new double[] {nemesis[0][0] / 1e9, nemesis[1][1] / 1e9},
                new double[] {nemesis[2][0] / 1e9, nemesis[4][1] / 1e9}, new double[] {nemesis[3][0] / 1e9, nemesis[4][1] / 1e9},
                new double[] {nemesis[5][0] / 1e9, Double.NaN});
        List<String> faultNames = List.of("failover", "squeeze", "failover", "net-partition");

        // events: [time, kind (0 invoke, 1 complete, 2 nemesis invoke, 3 nemesis complete), process slot, nemesis i]
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[4], b[4]));
        long tie = 0;
        int[] process = new int[concurrency];
        long[] invokeAt = new long[concurrency];
        long[] invokeIndex = new long[concurrency];
        String[] f = new String[concurrency];
        long[] value = new long[concurrency];
        for (int p = 0; p < concurrency; p++) {
            process[p] = p;
            queue.add(new long[] {random.nextInt((int) Math.max(1, meanLatencyMicros * 1000)), 0, p, -1, tie++});
        }
        for (int i = 0; i < nemesis.length; i++) {
            queue.add(new long[] {nemesis[i][0], 2, -1, i, tie++});
            queue.add(new long[] {nemesis[i][1], 3, -1, i, tie++});
        }
        List<Completion> completions = remember ? new ArrayList<>() : null;
        List<Long> anomaly = new ArrayList<>();
        long index = 0;
        StringBuilder line = new StringBuilder(160);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("history.jsonl"), StandardCharsets.UTF_8)) {
            while (!queue.isEmpty()) {
                long[] e = queue.poll();
                long t = e[0];
                int p = (int) e[2];
                line.setLength(0);
                line.append("{\"index\":").append(index).append(",\"time\":").append(t).append(",\"process\":");
                switch ((int) e[1]) {
                    case 0 -> {
                        if (t >= end) {
                            continue;
                        }
                        f[p] = random.nextInt(3) == 0 ? "write" : "read";
                        value[p] = random.nextInt(100);
                        invokeAt[p] = t;
                        invokeIndex[p] = index;
                        line.append(process[p]).append(",\"type\":\"invoke\",\"f\":\"").append(f[p]).append("\",\"value\":")
                                .append(f[p].equals("write") ? "[\"k" + value[p] % 7 + "\"," + value[p] + "]" : "[\"k" + value[p] % 7 + "\",null]")
                                .append('}');
                        long latency = (long) (-Math.log(1 - random.nextDouble()) * meanLatencyMicros * 1000) + 1000;
                        queue.add(new long[] {t + latency, 1, p, -1, tie++});
                    }
                    case 1 -> {
                        int roll = random.nextInt(100);
                        String type = roll < 3 ? "fail" : roll < 4 ? "info" : "ok";
                        line.append(process[p]).append(",\"type\":\"").append(type).append("\",\"f\":\"").append(f[p])
                                .append("\",\"value\":[\"k").append(value[p] % 7).append("\",").append(value[p]).append(']');
                        if (!type.equals("ok")) {
                            line.append(",\"error\":\"").append(type.equals("fail") ? "ConditionalCheckFailed" : "timeout").append('"');
                        }
                        line.append('}');
                        if (remember) {
                            completions.add(new Completion(t, type, invokeAt[p], invokeIndex[p], index));
                        }
                        if (anomaly.size() < 4 && t > end / 3 && type.equals("ok") && f[p].equals("write")) {
                            anomaly.add(invokeIndex[p]);
                            anomaly.add(index);
                        }
                        if (type.equals("info")) {
                            process[p] += concurrency; // Jepsen's rule: an indeterminate process never issues again
                        }
                        queue.add(new long[] {t + random.nextInt((int) Math.max(1, 2 * meanLatencyMicros * 1000)), 0, p, -1, tie++});
                    }
                    case 2 -> line.append("\"nemesis\",\"type\":\"invoke\",\"f\":\"").append(nemesisF[(int) nemesis[(int) e[3]][2]])
                            .append("\",\"value\":null}");
                    case 3 -> line.append("\"nemesis\",\"type\":\"info\",\"f\":\"").append(nemesisF[(int) nemesis[(int) e[3]][2]])
                            .append("\",\"value\":\"done\"}");
                    default -> throw new IllegalStateException();
                }
                out.append(line).append('\n');
                index++;
            }
        }
        return new Written(dir, index, completions, faults, faultNames, anomaly);
    }

    /** test.json and results.json for a written history: an invalid run with two anomalies, one with a figure. */
    static void writeJson(Written w, double seconds, boolean withInsights) throws IOException {
        ObjectNode test = JSON.createObjectNode().put("format", 1).put("kind", "test").put("name", "register")
                .put("started", "2026-12-02T04:30:00.123Z")
                .put("command", "keystorm test --workload register --nemesis failover,squeeze --time-limit 10 --seed 5")
                .put("seed", 5);
        ObjectNode options = test.putObject("options").put("workload", "register").put("target", "embedded")
                .put("timeLimitSeconds", seconds).put("concurrency", 5).put("seed", 5);
        options.putArray("nemeses").add("failover").add("squeeze");
        Files.writeString(w.dir().resolve("test.json"), JSON.writeValueAsString(test));

        long ok = w.completions() == null ? 0 : w.completions().stream().filter(c -> c.type().equals("ok")).count();
        ObjectNode r = JSON.createObjectNode().put("format", 1).put("kind", "test").put("workload", "register").put("seed", 5)
                .put("validity", "invalid").put("operations", w.completions() == null ? 0 : w.completions().size())
                .put("ok", ok).put("fail", 0).put("info", 0).put("abandoned", 0).put("wallSeconds", seconds)
                .put("throughput", 100.0).put("throttledShare", 0.02);
        r.putObject("latencyMillis").put("p50", 1.2).put("p90", 2.5).put("p99", 7.5).put("p999", 12.0).put("max", 30.0);
        r.put("checker", "register: invalid\n  G1c: T1 -> T2 -> T1 on k3\n  lost: write 4 to k5 acknowledged, never read </script> <b>x</b>");
        ArrayNode anomalies = r.putArray("anomalies");
        ObjectNode g1c = anomalies.addObject().put("kind", "G1c").put("key", "k3")
                .put("explanation", "T1 wrote k3 = 4, T2 read it (wr); T2 wrote k3 = 5, T1 read that (wr): a cycle.");
        g1c.putArray("indices").add(w.anomalyIndices().get(0)).add(w.anomalyIndices().get(1)).add(w.anomalyIndices().get(2))
                .add(w.anomalyIndices().get(3));
        ObjectNode figure = g1c.putObject("figure");
        figure.putArray("nodes").add(node("T1", "T1 process 1 write k3 4", 1, w.anomalyIndices().get(0)))
                .add(node("T2", "T2 process 2 write k3 5", 2, w.anomalyIndices().get(2)));
        figure.putArray("edges").add(edge("T1", "T2", "wr", "T2 read T1's write of 4"))
                .add(edge("T2", "T1", "wr", "T1 read T2's write of 5"));
        ObjectNode lost = anomalies.addObject().put("kind", "lost").put("explanation", "write 4 to k5 was acknowledged but no read saw it");
        lost.putArray("indices").add(w.anomalyIndices().get(1));
        if (withInsights) {
            ArrayNode partitions = r.putArray("partitions");
            for (int s = 0; s < (int) seconds; s++) {
                ObjectNode sample = partitions.addObject().put("second", s).put("lengthSeconds", 1.0).put("table", "register");
                ArrayNode ps = sample.putArray("partitions");
                for (int p = 0; p < 4; p++) {
                    ps.addObject().put("id", p).put("index", p).put("parentId", -1).put("lowHash", "0" + p).put("retired", false)
                            .put("consumedReadUnits", 10.0 * (p + 1) + s).put("consumedWriteUnits", p == 2 ? 900.0 : 5.0)
                            .put("throttledReadUnits", p == 2 && s > seconds / 2 ? 40.0 : 0.0).put("throttledWriteUnits", 0.0)
                            .put("throttledRequests", p == 2 && s > seconds / 2 ? 12 : 0);
                }
            }
            ArrayNode keys = r.putArray("topKeysPerMinute");
            ObjectNode minute = keys.addObject().put("minute", 0).put("table", "register");
            minute.putArray("accessed").add(key("k3", 900, 300)).add(key("k1", 40, 20));
            minute.putArray("throttled").add(key("k3", 40, 12));
            ArrayNode access = r.putArray("access");
            access.add(access("GetItem", "key-lookup", 800, 800, 0, 800, 800));
            access.add(access("PutItem", "write", 300, 0, 300, 300, 0));
            access.add(access("Scan", "scan", 6, 1200, 0, 7, 4800));
        }
        Files.writeString(w.dir().resolve("results.json"), JSON.writeValueAsString(r));
    }

    private static ObjectNode node(String id, String label, int process, long index) {
        return JSON.createObjectNode().put("id", id).put("label", label).put("process", process).put("index", index);
    }

    private static ObjectNode edge(String from, String to, String label, String because) {
        return JSON.createObjectNode().put("from", from).put("to", to).put("label", label).put("because", because);
    }

    private static ObjectNode key(String key, double units, long requests) {
        return JSON.createObjectNode().put("key", key).put("units", units).put("requests", requests);
    }

    private static ObjectNode access(String op, String kind, long requests, double ru, double wu, long items, long scanned) {
        return JSON.createObjectNode().put("minute", 0).put("table", "register").put("operation", op).put("kind", kind)
                .put("requests", requests).put("readUnits", ru).put("writeUnits", wu).put("items", items)
                .put("scannedItems", scanned);
    }
}
