package keystorm.engine.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * Faults as JSON, the body of {@code POST /keystorm/faults} and a nemesis op's value: one object
 * whose {@code "fault"} names it, with its arguments beside it, durations in whole milliseconds:
 * <pre>
 * {"fault":"crash-leader","table":"T","partition":0}
 * {"fault":"lag-spike","extraMillis":200,"lengthMillis":5000}
 * {"fault":"squeeze","table":"T","partition":0,"fraction":0.1}
 * {"fault":"skew-clock","offsetMillis":-3000}
 * {"fault":"net-delay","delayMillis":50,"jitterMillis":10}
 * {"fault":"net-drop","probability":0.2}
 * {"fault":"kill"}
 * </pre>
 * The only place where fault names are read as strings. Fields it does not know are ignored,
 * as the admin endpoint always has.
 */
public final class FaultJson {
    /** Every fault's wire name, in the order of {@link Fault}'s records. */
    public static final List<String> NAMES = List.of("lag-spike", "crash-leader", "restart-replica", "isolate-replica",
            "rejoin-replica", "squeeze", "skew-clock", "crash", "heal-all", "kill", "restart", "pause", "resume",
            "net-delay", "net-drop", "net-reset", "net-blackhole", "net-heal");

    private FaultJson() {}

    /**
     * The fault a JSON object describes. Throws IllegalArgumentException naming the field at
     * fault and what it takes, or, for an unknown fault, the known names.
     */
    public static Fault read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a fault is a JSON object, not " + describe(node));
        }
        JsonNode nameNode = node.get("fault");
        if (nameNode == null || !nameNode.isTextual()) {
            throw new IllegalArgumentException("field 'fault' takes the fault's name, a string; known: " + String.join(", ", NAMES));
        }
        String name = nameNode.textValue();
        try {
            return switch (name) {
                case "lag-spike" -> new Fault.LagSpike(millis(node, "extraMillis"), millis(node, "lengthMillis"));
                case "crash-leader" -> new Fault.CrashLeader(text(node, "table"), index(node, "partition"));
                case "restart-replica" -> new Fault.RestartReplica(text(node, "table"), index(node, "partition"),
                        index(node, "replica"));
                case "isolate-replica" -> new Fault.IsolateReplica(text(node, "table"), index(node, "partition"),
                        index(node, "replica"));
                case "rejoin-replica" -> new Fault.RejoinReplica(text(node, "table"), index(node, "partition"),
                        index(node, "replica"));
                case "squeeze" -> new Fault.SqueezeCapacity(text(node, "table"), index(node, "partition"),
                        fraction(node, "fraction", "a number in (0, 1]"));
                case "skew-clock" -> new Fault.SkewClock(millis(node, "offsetMillis"));
                case "crash" -> new Fault.Crash();
                case "heal-all" -> new Fault.HealAll();
                case "kill" -> new Fault.Kill();
                case "restart" -> new Fault.Restart();
                case "pause" -> new Fault.Pause();
                case "resume" -> new Fault.Resume();
                case "net-delay" -> new Fault.NetDelay(millis(node, "delayMillis"), millis(node, "jitterMillis"));
                case "net-drop" -> new Fault.NetDrop(fraction(node, "probability", "a number in [0, 1]"));
                case "net-reset" -> new Fault.NetReset();
                case "net-blackhole" -> new Fault.NetBlackhole();
                case "net-heal" -> new Fault.NetHeal();
                default -> throw new IllegalArgumentException("unknown fault '" + name + "'; known: " + String.join(", ", NAMES));
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("unknown fault")) {
                throw e;
            }
            throw new IllegalArgumentException("fault " + name + ": " + e.getMessage(), e);
        }
    }

    /** The JSON object {@link #read} reads back as the same fault. Durations must be whole milliseconds. */
    public static ObjectNode write(Fault fault) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("fault", fault.name());
        switch (fault) {
            case Fault.LagSpike f -> {
                out.put("extraMillis", wholeMillis(f, "extra", f.extra()));
                out.put("lengthMillis", wholeMillis(f, "length", f.length()));
            }
            case Fault.CrashLeader f -> out.put("table", f.table()).put("partition", f.partition());
            case Fault.RestartReplica f -> out.put("table", f.table()).put("partition", f.partition()).put("replica", f.replica());
            case Fault.IsolateReplica f -> out.put("table", f.table()).put("partition", f.partition()).put("replica", f.replica());
            case Fault.RejoinReplica f -> out.put("table", f.table()).put("partition", f.partition()).put("replica", f.replica());
            case Fault.SqueezeCapacity f -> out.put("table", f.table()).put("partition", f.partition()).put("fraction", f.fraction());
            case Fault.SkewClock f -> out.put("offsetMillis", wholeMillis(f, "offset", f.offset()));
            case Fault.NetDelay f -> {
                out.put("delayMillis", wholeMillis(f, "delay", f.delay()));
                out.put("jitterMillis", wholeMillis(f, "jitter", f.jitter()));
            }
            case Fault.NetDrop f -> out.put("probability", f.probability());
            case Fault.Crash f -> { }
            case Fault.HealAll f -> { }
            case Fault.Kill f -> { }
            case Fault.Restart f -> { }
            case Fault.Pause f -> { }
            case Fault.Resume f -> { }
            case Fault.NetReset f -> { }
            case Fault.NetBlackhole f -> { }
            case Fault.NetHeal f -> { }
        }
        return out;
    }

    private static long wholeMillis(Fault fault, String field, Duration value) {
        // The wire speaks milliseconds; truncating silently would make the fault sent differ from the one built.
        if (value.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("fault " + fault.name() + ": " + field + " must be whole milliseconds to be "
                    + "written as JSON: " + value);
        }
        return value.toMillis();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' takes a string, not " + describe(value));
        }
        return value.textValue();
    }

    private static long integer(JsonNode node, String field, String takes) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber() || !value.canConvertToLong()
                || (!value.isIntegralNumber() && value.doubleValue() != Math.rint(value.doubleValue()))) {
            throw new IllegalArgumentException("field '" + field + "' takes " + takes + ", not " + describe(value));
        }
        return value.longValue();
    }

    private static int index(JsonNode node, String field) {
        long value = integer(node, field, "a whole number, 0 or more");
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + field + "' takes a whole number, 0 or more, not " + value);
        }
        return (int) value;
    }

    private static Duration millis(JsonNode node, String field) {
        long value = integer(node, field, "whole milliseconds");
        long max = Fault.DURATION_MAX.toMillis();
        if (Math.abs(value) > max) { // the record would say so too, but Duration.ofMillis must not overflow first
            throw new IllegalArgumentException("field '" + field + "' takes at most " + max + " milliseconds either way, not " + value);
        }
        return Duration.ofMillis(value);
    }

    private static double fraction(JsonNode node, String field, String takes) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' takes " + takes + ", not " + describe(value));
        }
        return value.doubleValue();
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
