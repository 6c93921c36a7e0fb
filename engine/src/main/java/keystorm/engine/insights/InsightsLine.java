package keystorm.engine.insights;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.OptionalLong;

/**
 * One line of insights.jsonl (FILE CONTRACT, format 1), typed. {@code epochMillis} is the
 * wall-clock start of the line's interval (so lines of a restarted server line up); {@code second}
 * and {@code minute} count from the recorder's start; {@code lengthSeconds} is the interval's
 * length (a recorder's last interval, written at close, is shorter). {@link #toJson()} is exactly
 * the line as written; {@link InsightsLines#read} parses them back.
 */
public sealed interface InsightsLine {
    long epochMillis();

    String table();

    /** The line as insights.jsonl holds it (with "type" and "epochMillis"). */
    ObjectNode toJson();

    /**
     * Every partition's units in one interval: the differences of the engine's cumulative
     * counters between the interval's ends, never negative. A partition split during the interval
     * is there, {@code retired}, with its units up to the split; its children count from zero. A
     * table's line is left out for an interval in which it consumed, refused and split nothing.
     */
    record Partitions(long epochMillis, double second, double lengthSeconds, String table,
                      List<PartitionUnits> partitions) implements InsightsLine {
        public Partitions {
            partitions = List.copyOf(partitions);
        }

        public ObjectNode toJson() {
            ObjectNode line = start("partitions", epochMillis);
            line.put("second", second);
            line.put("lengthSeconds", lengthSeconds);
            line.put("table", table);
            ArrayNode rows = line.putArray("partitions");
            for (PartitionUnits p : partitions) {
                ObjectNode row = rows.addObject();
                row.put("id", p.id());
                row.put("index", p.index());
                row.put("parentId", p.parentId());
                row.put("lowHash", p.lowHash());
                row.put("retired", p.retired());
                row.put("consumedReadUnits", p.consumedReadUnits());
                row.put("consumedWriteUnits", p.consumedWriteUnits());
                row.put("throttledReadUnits", p.throttledReadUnits());
                row.put("throttledWriteUnits", p.throttledWriteUnits());
                row.put("throttledRequests", p.throttledRequests());
            }
            return line;
        }
    }

    /**
     * One partition in one interval: units (not units a second) consumed and refused in it.
     * {@code lowHash} is the unsigned low end of its hash range in hex (as the bench and the admin
     * endpoint write it); {@code index} is -1 once retired; {@code parentId} -1 for none.
     */
    record PartitionUnits(int id, int index, int parentId, String lowHash, boolean retired, double consumedReadUnits,
                          double consumedWriteUnits, double throttledReadUnits, double throttledWriteUnits,
                          long throttledRequests) {
    }

    /**
     * One table's top partition keys in one minute: the most accessed by weighted units (3 x WCU +
     * RCU) of their answered requests, the most throttled by throttled requests, then units.
     * {@code unitsErrorMax} (an addition to the contract) bounds the undercount of any key's units:
     * 0 unless the table had more keys in the minute than the recorder counts one by one.
     */
    record Keys(long epochMillis, long minute, double lengthSeconds, String table, List<KeyUnits> accessed,
                List<KeyUnits> throttled, double unitsErrorMax) implements InsightsLine {
        public Keys {
            accessed = List.copyOf(accessed);
            throttled = List.copyOf(throttled);
        }

        public ObjectNode toJson() {
            ObjectNode line = start("keys", epochMillis);
            line.put("minute", minute);
            line.put("lengthSeconds", lengthSeconds);
            line.put("table", table);
            keys(line.putArray("accessed"), accessed);
            keys(line.putArray("throttled"), throttled);
            line.put("unitsErrorMax", unitsErrorMax);
            return line;
        }

        private static void keys(ArrayNode out, List<KeyUnits> keys) {
            for (KeyUnits k : keys) {
                out.addObject().put("key", k.key()).put("requests", k.requests()).put("units", k.units());
            }
        }
    }

    /** A partition-key value as text (a string as itself, a number as its digits, binary as base64). */
    record KeyUnits(String key, long requests, double units) {
    }

    /**
     * One table's requests of one operation in one minute: consumed units, items answered, and
     * for Query and Scan the items examined ({@code scannedItems}, their ScannedCount; absent for
     * the others). {@code throttledRequests} is an addition to the contract.
     */
    record Access(long epochMillis, long minute, double lengthSeconds, String table, Operation operation,
                  long requests, double readUnits, double writeUnits, long items, OptionalLong scannedItems,
                  long throttledRequests) implements InsightsLine {
        public AccessKind kind() {
            return operation.kind();
        }

        public ObjectNode toJson() {
            ObjectNode line = start("access", epochMillis);
            line.put("minute", minute);
            line.put("lengthSeconds", lengthSeconds);
            line.put("table", table);
            line.put("operation", operation.wireName());
            line.put("kind", operation.kind().wireName());
            line.put("requests", requests);
            line.put("readUnits", readUnits);
            line.put("writeUnits", writeUnits);
            line.put("items", items);
            scannedItems.ifPresent(n -> line.put("scannedItems", n));
            line.put("throttledRequests", throttledRequests);
            return line;
        }
    }

    private static ObjectNode start(String type, long epochMillis) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("type", type);
        line.put("epochMillis", epochMillis);
        return line;
    }
}
