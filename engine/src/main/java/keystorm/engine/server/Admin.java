package keystorm.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import keystorm.engine.Engine;
import keystorm.engine.api.DynamoException;
import keystorm.engine.fault.Fault;
import keystorm.engine.fault.FaultJson;
import keystorm.engine.partition.KeyCounters;
import keystorm.engine.partition.Partition;

/**
 * The admin endpoint, for a harness in another process:
 * <ul>
 * <li>{@code GET /keystorm/metrics?table=T[&top=N]}: each current partition's hash range, consumed
 * and throttled units and replicas, in hash order; the partitions retired by splits for heat
 * ({@code retiredPartitions}, with what they counted until they split: a partition's counters are
 * its own, its children count from zero); and the top-N partition keys. A partition's
 * {@code id} is its number for life and {@code parentId} the one it was split from, so that a
 * heat map polled over time can follow splits;</li>
 * <li>{@code POST /keystorm/faults} with a JSON body naming a fault and its arguments:
 * {@code {"fault":"crash-leader","table":"T","partition":0}}; faults: {@code lag-spike}
 * (extraMillis, lengthMillis), {@code crash-leader}, {@code restart-replica} and
 * {@code isolate-replica} and {@code rejoin-replica} (replica), {@code squeeze} (fraction),
 * {@code skew-clock} (offsetMillis), {@code heal-all}, {@code crash}.</li>
 * </ul>
 * Answers JSON; a bad request is a 400 that says what is wrong.
 */
final class Admin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;

    Admin(Engine engine) {
        this.engine = engine;
    }

    DynamoServer.Reply handle(String method, String uri, String body) throws Exception {
        QueryStringDecoder query = new QueryStringDecoder(uri);
        try {
            if (method.equals("GET") && query.path().equals("/keystorm/metrics")) {
                String table = param(query, "table");
                int top = query.parameters().containsKey("top") ? Integer.parseInt(param(query, "top")) : 10;
                return ok(metrics(table, top));
            }
            if (method.equals("POST") && query.path().equals("/keystorm/faults")) {
                JsonNode request = JSON.readTree(body.isEmpty() ? "{}" : body);
                return ok(fault(request));
            }
            return reply(HttpResponseStatus.NOT_FOUND, error("no such admin resource: " + method + " " + query.path()
                    + " (GET /keystorm/metrics?table=T, POST /keystorm/faults)"));
        } catch (IllegalArgumentException | IllegalStateException | DynamoException e) {
            return reply(HttpResponseStatus.BAD_REQUEST, error(e.getMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return reply(HttpResponseStatus.BAD_REQUEST, error("malformed JSON: " + e.getOriginalMessage()));
        }
    }

    private static String param(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("missing query parameter '" + name + "'");
        }
        return values.getFirst();
    }

    private ObjectNode metrics(String table, int top) {
        ObjectNode out = JSON.createObjectNode();
        out.put("table", table);
        writePartitions(out.putArray("partitions"), engine.partitionMetrics(table));
        writePartitions(out.putArray("retiredPartitions"), engine.partitions(table).retiredMetrics());
        ArrayNode keys = out.putArray("hotKeys");
        for (KeyCounters.KeyUsage usage : engine.hotKeys(table, top)) {
            ObjectNode key = keys.addObject();
            key.put("key", usage.key().toString());
            key.put("readUnits", usage.readUnits());
            key.put("writeUnits", usage.writeUnits());
            key.put("throttledReadUnits", usage.throttledReadUnits());
            key.put("throttledWriteUnits", usage.throttledWriteUnits());
        }
        return out;
    }

    private static void writePartitions(ArrayNode partitions, List<Partition.Metrics> metrics) {
        for (Partition.Metrics m : metrics) {
            ObjectNode p = partitions.addObject();
            p.put("index", m.index());
            p.put("id", m.id());
            p.put("parentId", m.parentId());
            p.put("lowHash", Long.toUnsignedString(m.lowHash(), 16));
            // exclusive; 2^64 for the last partition
            p.put("highHash", m.last() ? "10000000000000000" : Long.toUnsignedString(m.highHash(), 16));
            p.put("hotKeyIsolated", m.hotKeyIsolated());
            p.put("consumedReadUnits", m.consumedReadUnits());
            p.put("consumedWriteUnits", m.consumedWriteUnits());
            p.put("throttledReadUnits", m.throttledReadUnits());
            p.put("throttledWriteUnits", m.throttledWriteUnits());
            p.put("throttledRequests", m.throttledRequests());
            p.put("leader", m.leader());
            ArrayNode replicas = p.putArray("replicas");
            for (Partition.ReplicaState r : m.replicas()) {
                ObjectNode replica = replicas.addObject();
                replica.put("id", r.id());
                replica.put("leader", r.leader());
                replica.put("down", r.down());
                replica.put("isolated", r.isolated());
                replica.put("pendingEntries", r.pendingEntries());
            }
        }
    }

    private ObjectNode fault(JsonNode request) {
        Fault fault = FaultJson.read(request);
        switch (fault) {
            case Fault.EngineFault f -> engine.faults().apply(f);
            case Fault.ProcessFault f -> throw new IllegalArgumentException("fault " + f.name() + " acts on the server's "
                    + "process (kill, restart, pause, resume): the harness runs it on a keystorm serve child; the server "
                    + "cannot run it on itself");
            case Fault.NetworkFault f -> throw new IllegalArgumentException("fault " + f.name() + " acts on the network "
                    + "between clients and server: the harness's TCP proxy runs it; the server cannot run it on itself");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("fault", fault.name());
        out.put("done", true);
        return out;
    }

    private static ObjectNode error(String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("error", message);
        return out;
    }

    private static DynamoServer.Reply ok(JsonNode body) throws Exception {
        return reply(HttpResponseStatus.OK, body);
    }

    private static DynamoServer.Reply reply(HttpResponseStatus status, JsonNode body) throws Exception {
        return new DynamoServer.Reply(status, "application/json", JSON.writeValueAsBytes(body));
    }
}
