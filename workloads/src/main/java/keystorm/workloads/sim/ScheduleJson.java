package keystorm.workloads.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.checker.history.Values;
import keystorm.engine.fault.Bug;
import keystorm.engine.fault.FaultJson;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.nemesis.NemesisKind;

/**
 * A {@link Schedule} as JSON: one object, its steps one per line so that two schedules diff line
 * by line. Times are virtual nanoseconds; faults are {@link FaultJson}'s; a client step's
 * {@code f} and {@code value} are its invocation's, as the history writes them.
 * <pre>
 * {"format":"keystorm-schedule","version":1,
 * "parameters":{"seed":7,"workload":"register","workloadSeed":7,"keys":5,
 *   "keyDistribution":{"kind":"uniform","keys":5},"tablePrefix":"ks-1f2e3d4c-","consistencyModel":null,
 *   "concurrency":5,"timeLimitNanos":1000000000,"rate":0.0,"nemesis":["pause"],
 *   "nemesisIntervalNanos":200000000,"bugs":["lost-update"],"replicaLag":{"kind":"fixed","nanos":0},
 *   "sync":"always","engineSeed":-4417...},
 * "mainEndNanos":1000000000,"finalEndNanos":-1,
 * "steps":[
 * {"step":"client","thread":0,"nanos":0,"f":"write","value":["k3g0",2],"stepSeed":812...,"final":false},
 * {"step":"fault","nanos":200013000,"fault":{"fault":"pause"}}
 * ]}
 * </pre>
 */
final class ScheduleJson {
    private static final String FORMAT = "keystorm-schedule";

    private ScheduleJson() {
    }

    static String write(Schedule schedule) {
        StringBuilder out = new StringBuilder();
        out.append("{\"format\":\"").append(FORMAT).append("\",\"version\":").append(Schedule.FORMAT_VERSION).append(",\n");
        out.append("\"parameters\":").append(text(parameters(schedule.parameters()))).append(",\n");
        out.append("\"mainEndNanos\":").append(schedule.mainEndNanos())
                .append(",\"finalEndNanos\":").append(schedule.finalEndNanos()).append(",\n");
        out.append("\"steps\":[");
        List<Schedule.Step> steps = schedule.steps();
        for (int i = 0; i < steps.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append(text(step(steps.get(i))));
        }
        out.append("\n]}\n");
        return out.toString();
    }

    static Schedule read(String json) {
        JsonNode root;
        try {
            root = Values.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a schedule is JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new IllegalArgumentException("not a keystorm schedule (no \"format\":\"" + FORMAT + "\")");
        }
        long version = number(root, "version");
        if (version != Schedule.FORMAT_VERSION) {
            throw new IllegalArgumentException("schedule version " + version + ": this keystorm replays version "
                    + Schedule.FORMAT_VERSION + " only (the simulation's model differs)");
        }
        Schedule.Parameters parameters = parameters(field(root, "parameters"));
        JsonNode stepsNode = field(root, "steps");
        if (!stepsNode.isArray()) {
            throw new IllegalArgumentException("\"steps\" is an array");
        }
        List<Schedule.Step> steps = new ArrayList<>(stepsNode.size());
        for (int i = 0; i < stepsNode.size(); i++) {
            try {
                steps.add(step(stepsNode.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("step " + i + ": " + e.getMessage(), e);
            }
        }
        return new Schedule(parameters, steps, number(root, "mainEndNanos"), number(root, "finalEndNanos"));
    }

    // ---- parameters

    private static ObjectNode parameters(Schedule.Parameters p) {
        ObjectNode node = Values.object();
        node.put("seed", p.seed()).put("workload", p.workload()).put("workloadSeed", p.workloadSeed()).put("keys", p.keys());
        node.set("keyDistribution", distribution(p.keyDistribution()));
        node.put("tablePrefix", p.tablePrefix());
        if (p.consistencyModel() == null) {
            node.putNull("consistencyModel");
        } else {
            node.put("consistencyModel", p.consistencyModel().spelling());
        }
        node.put("concurrency", p.concurrency()).put("timeLimitNanos", p.timeLimit().toNanos()).put("rate", p.rate());
        ArrayNode nemesis = node.putArray("nemesis");
        p.nemesis().forEach(kind -> nemesis.add(kind.cliName()));
        node.put("nemesisIntervalNanos", p.nemesisInterval().toNanos());
        ArrayNode bugs = node.putArray("bugs");
        p.bugs().stream().sorted().forEach(bug -> bugs.add(bug.cliName()));
        node.set("replicaLag", lag(p.replicaLag()));
        node.put("sync", p.sync().name().toLowerCase(Locale.ROOT)).put("engineSeed", p.engineSeed());
        return node;
    }

    private static Schedule.Parameters parameters(JsonNode node) {
        int keys = Math.toIntExact(number(node, "keys"));
        JsonNode model = field(node, "consistencyModel");
        List<NemesisKind> nemesis = new ArrayList<>();
        for (JsonNode kind : array(node, "nemesis")) {
            nemesis.add(NemesisKind.byCliName(kind.asText()));
        }
        Set<Bug> bugs = EnumSet.noneOf(Bug.class);
        for (JsonNode name : array(node, "bugs")) {
            Bug bug = Bug.byCliName(name.asText());
            if (bug == null) {
                throw new IllegalArgumentException("unknown bug '" + name.asText() + "'");
            }
            bugs.add(bug);
        }
        SyncPolicy sync = SyncPolicy.byCliName(text(node, "sync"));
        if (sync == null) {
            throw new IllegalArgumentException("unknown sync policy '" + text(node, "sync") + "'");
        }
        return new Schedule.Parameters(number(node, "seed"), text(node, "workload"), number(node, "workloadSeed"), keys,
                distribution(field(node, "keyDistribution")), text(node, "tablePrefix"),
                model.isNull() ? null : ConsistencyModel.parse(model.asText()), Math.toIntExact(number(node, "concurrency")),
                Duration.ofNanos(number(node, "timeLimitNanos")), field(node, "rate").asDouble(), nemesis,
                Duration.ofNanos(number(node, "nemesisIntervalNanos")), bugs, lag(field(node, "replicaLag")), sync,
                number(node, "engineSeed"));
    }

    private static ObjectNode distribution(KeyDistribution distribution) {
        ObjectNode node = Values.object();
        switch (distribution) {
            case KeyDistribution.Uniform u -> node.put("kind", "uniform").put("keys", u.keys());
            case KeyDistribution.Zipf z -> node.put("kind", "zipf").put("keys", z.keys()).put("theta", z.theta())
                    .put("scrambled", z.scrambled()).put("scrambleSeed", z.scrambleSeed());
            case KeyDistribution.Hotspot h -> node.put("kind", "hotspot").put("keys", h.keys())
                    .put("fraction", h.fraction()).put("probability", h.probability());
            case KeyDistribution.Latest l -> node.put("kind", "latest").put("keys", l.keys()).put("theta", l.theta());
            case KeyDistribution.Exponential e -> node.put("kind", "exponential").put("keys", e.keys())
                    .put("percentile", e.percentile()).put("fraction", e.fraction());
            case KeyDistribution.Sequential s -> node.put("kind", "sequential").put("keys", s.keys());
        }
        return node;
    }

    private static KeyDistribution distribution(JsonNode node) {
        int keys = Math.toIntExact(number(node, "keys"));
        return switch (text(node, "kind")) {
            case "uniform" -> new KeyDistribution.Uniform(keys);
            // schedules written before zipf was scrambled have neither field (their keys were in rank order,
            // drawn by another algorithm: such a schedule replays with other keys either way)
            case "zipf" -> node.path("scrambled").asBoolean(true)
                    ? KeyDistribution.Zipf.scrambled(keys, field(node, "theta").asDouble(),
                            node.path("scrambleSeed").asLong(KeyDistribution.Zipf.DEFAULT_SCRAMBLE_SEED))
                    : KeyDistribution.Zipf.ordered(keys, field(node, "theta").asDouble());
            case "hotspot" -> new KeyDistribution.Hotspot(keys, field(node, "fraction").asDouble(),
                    field(node, "probability").asDouble());
            case "latest" -> new KeyDistribution.Latest(keys, field(node, "theta").asDouble());
            case "exponential" -> new KeyDistribution.Exponential(keys, field(node, "percentile").asDouble(),
                    field(node, "fraction").asDouble());
            case "sequential" -> new KeyDistribution.Sequential(keys);
            default -> throw new IllegalArgumentException("key distributions are uniform, zipf, hotspot, latest, "
                    + "exponential and sequential, not " + text(node, "kind"));
        };
    }

    private static ObjectNode lag(ReplicaLag lag) {
        ObjectNode node = Values.object();
        switch (lag) {
            case ReplicaLag.Fixed f -> node.put("kind", "fixed").put("nanos", f.nanos());
            case ReplicaLag.Uniform u -> node.put("kind", "uniform").put("minNanos", u.minNanos()).put("maxNanos", u.maxNanos());
            case ReplicaLag.Exponential e -> node.put("kind", "exponential").put("meanNanos", e.meanNanos());
        }
        return node;
    }

    private static ReplicaLag lag(JsonNode node) {
        return switch (text(node, "kind")) {
            case "fixed" -> new ReplicaLag.Fixed(number(node, "nanos"));
            case "uniform" -> new ReplicaLag.Uniform(number(node, "minNanos"), number(node, "maxNanos"));
            case "exponential" -> new ReplicaLag.Exponential(number(node, "meanNanos"));
            default -> throw new IllegalArgumentException("replica lags are fixed, uniform and exponential, not "
                    + text(node, "kind"));
        };
    }

    // ---- steps

    private static ObjectNode step(Schedule.Step step) {
        ObjectNode node = Values.object();
        switch (step) {
            case Schedule.ClientStep c -> {
                node.put("step", "client").put("thread", c.thread()).put("nanos", c.nanos()).put("f", c.f());
                node.set("value", c.value());
                node.put("stepSeed", c.stepSeed()).put("final", c.finalPhase());
            }
            case Schedule.FaultStep f -> {
                node.put("step", "fault").put("nanos", f.nanos());
                node.set("fault", FaultJson.write(f.fault()));
            }
        }
        return node;
    }

    private static Schedule.Step step(JsonNode node) {
        return switch (text(node, "step")) {
            case "client" -> new Schedule.ClientStep(Math.toIntExact(number(node, "thread")), number(node, "nanos"),
                    text(node, "f"), field(node, "value"), number(node, "stepSeed"), field(node, "final").asBoolean());
            case "fault" -> new Schedule.FaultStep(number(node, "nanos"), FaultJson.read(field(node, "fault")));
            default -> throw new IllegalArgumentException("a step is \"client\" or \"fault\", not " + text(node, "step"));
        };
    }

    /**
     * The value with every integer that fits a long as a long node, as {@link Values#JSON} reads
     * them: a payload encoded with an int (an idempotency attempt) then equals its reading.
     */
    static JsonNode canonical(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong() && !value.isLong()) {
            return LongNode.valueOf(value.longValue());
        }
        if (value.isArray()) {
            ArrayNode out = Values.NODES.arrayNode(value.size());
            value.forEach(element -> out.add(canonical(element)));
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = Values.object();
            value.properties().forEach(field -> out.set(field.getKey(), canonical(field.getValue())));
            return out;
        }
        return value;
    }

    // ---- fields

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing field \"" + name + "\"");
        }
        return value;
    }

    private static long number(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + name + "\" is an integer, not " + value);
        }
        return value.longValue();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + name + "\" is a string, not " + value);
        }
        return value.textValue();
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isArray()) {
            throw new IllegalArgumentException("\"" + name + "\" is an array, not " + value);
        }
        return value;
    }

    private static String text(JsonNode node) {
        try {
            return Values.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that does not write: " + e.getMessage(), e);
        }
    }
}
