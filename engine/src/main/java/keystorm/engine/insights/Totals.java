package keystorm.engine.insights;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * What an insights recorder counted since it started: what results.json of kind insights holds,
 * but its cost (the caller prices the units). Units are consumed units; throttled requests are
 * counted among the requests.
 *
 * @param startedEpochMillis when the recorder started (the engine's clock)
 * @param seconds            seconds since then
 * @param tables             per table, by name, in order
 * @param byKind             per access kind, those with requests only
 */
public record Totals(long startedEpochMillis, double seconds, long requests, double readUnits, double writeUnits,
                     long throttledRequests, Map<String, Table> tables, Map<AccessKind, Kind> byKind) {
    public Totals {
        tables = Map.copyOf(tables);
        byKind = Map.copyOf(byKind);
    }

    /**
     * One table's requests and units. {@code billingMode} is DynamoDB's ("PAY_PER_REQUEST",
     * "PROVISIONED"); a provisioned table's capacity is in {@code provisionedReadCapacityUnits} and
     * {@code provisionedWriteCapacityUnits} (0 for on demand).
     */
    public record Table(String billingMode, long requests, double readUnits, double writeUnits, long throttledRequests,
                        long provisionedReadCapacityUnits, long provisionedWriteCapacityUnits) {
    }

    public record Kind(long requests, double readUnits, double writeUnits) {
    }

    /**
     * results.json of kind insights without its "cost": format, kind, the counts, "tables" (with
     * the additions throttledRequests and, when provisioned, provisionedReadCapacityUnits and
     * provisionedWriteCapacityUnits) and "byKind".
     */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", 1);
        root.put("kind", "insights");
        root.put("startedEpochMillis", startedEpochMillis);
        root.put("seconds", seconds);
        root.put("requests", requests);
        root.put("readUnits", readUnits);
        root.put("writeUnits", writeUnits);
        root.put("throttledRequests", throttledRequests);
        ObjectNode byTable = root.putObject("tables");
        new java.util.TreeMap<>(tables).forEach((name, t) -> {
            ObjectNode node = byTable.putObject(name);
            node.put("billingMode", t.billingMode());
            node.put("requests", t.requests());
            node.put("readUnits", t.readUnits());
            node.put("writeUnits", t.writeUnits());
            node.put("throttledRequests", t.throttledRequests());
            if ("PROVISIONED".equals(t.billingMode())) {
                node.put("provisionedReadCapacityUnits", t.provisionedReadCapacityUnits());
                node.put("provisionedWriteCapacityUnits", t.provisionedWriteCapacityUnits());
            }
        });
        ObjectNode kinds = root.putObject("byKind");
        for (AccessKind kind : AccessKind.values()) {
            Kind k = byKind.get(kind);
            if (k != null) {
                kinds.putObject(kind.wireName()).put("requests", k.requests()).put("readUnits", k.readUnits())
                        .put("writeUnits", k.writeUnits());
            }
        }
        return root;
    }
}
