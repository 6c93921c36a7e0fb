package keystorm.results.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A results.json as keystorm bench writes it: two strategies, the first with partitions and top keys. */
final class BenchFixture {
    private BenchFixture() {
    }

    static ObjectNode results() {
        ObjectNode r = RunFixture.JSON.createObjectNode().put("format", 1).put("kind", "bench");
        r.putObject("options").put("workload", "ycsb-a").put("target", "embedded");
        ArrayNode strategies = r.putArray("strategies");
        strategies.add(strategy("natural", 950, true));
        strategies.add(strategy("suffix:4", 1000, false));
        return r;
    }

    // partitions as PartitionSampler.Rates: units a second, "second" when the sample was taken (its end)
    static ObjectNode strategy(String name, double throughput, boolean partitions) {
        ObjectNode s = RunFixture.JSON.createObjectNode().put("strategy", name).put("table", "bench-" + name)
                .put("throughputOpsPerSecond", throughput).put("windowSeconds", 10.0).put("throttledShare", 0.01);
        ArrayNode ops = s.putArray("operations");
        ops.addObject().put("op", "read").put("count", 5000).put("ok", 4950).put("throttled", 50).put("failed", 0)
                .put("indeterminate", 0).put("p50Millis", 0.4).put("p90Millis", 0.9).put("p99Millis", 2.5).put("p999Millis", 6.0)
                .put("maxMillis", 11.0).put("meanMillis", 0.5);
        ops.addObject().put("op", "update").put("count", 4500).put("ok", 4500).put("throttled", 0).put("failed", 0)
                .put("indeterminate", 0).put("p50Millis", 0.6).put("p90Millis", 1.1).put("p99Millis", 3.0).put("p999Millis", 7.0)
                .put("maxMillis", 12.0).put("meanMillis", 0.7);
        ArrayNode intervals = s.putArray("intervals");
        for (int i = 0; i < 10; i++) {
            ObjectNode in = intervals.addObject().put("startOffsetNanos", i * 1_000_000_000L).put("lengthNanos", 1_000_000_000L);
            ArrayNode o = in.putArray("ops");
            o.addObject().put("ok", 495).put("throttled", 5).put("failed", 0).put("indeterminate", 0)
                    .put("okP50Nanos", 400_000 + i * 1000).put("okP99Nanos", 2_500_000);
            o.addObject().put("ok", 450).put("throttled", 0).put("failed", 0).put("indeterminate", 0)
                    .put("okP50Nanos", 600_000).put("okP99Nanos", 3_000_000 + i * 10_000);
        }
        s.putObject("cost").put("runSeconds", 10.0).put("requests", 9500).put("readUnits", 5000).put("writeUnits", 4500)
                .put("onDemandRun", 0.0123).put("onDemandPerMillion", 1.3).put("provisionedMonth", 42.0);
        if (partitions) {
            ArrayNode ps = s.putArray("partitions");
            for (int sec = 0; sec < 10; sec++) {
                ArrayNode p = ps.addObject().put("second", sec + 1).put("lengthSeconds", 1.0).putArray("partitions");
                for (int id = 0; id < 2; id++) {
                    p.addObject().put("index", id).put("id", id).put("parentId", -1).put("lowHash", "00")
                            .put("consumedReadUnits", 100.0 * (id + 1)).put("consumedWriteUnits", 20.0)
                            .put("throttledReadUnits", id == 1 ? 5.0 : 0).put("throttledWriteUnits", 0.0).put("throttledRequests", id)
                            .put("retired", false);
                }
            }
            ArrayNode keys = s.putArray("topKeysPerMinute");
            ObjectNode m = keys.addObject().put("minute", 0);
            m.putArray("accessed").addObject().put("key", "user42").put("units", 900.0).put("requests", 300);
            m.putArray("throttled").addObject().put("key", "user42").put("units", 50.0).put("requests", 50);
        } else {
            s.put("partitionsNote", "partitions are not sampled over HTTP");
            s.putArray("partitions");
            s.putArray("topKeysPerMinute");
        }
        return s;
    }
}
