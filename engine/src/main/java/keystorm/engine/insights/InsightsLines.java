package keystorm.engine.insights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads insights.jsonl back as typed lines. Bad input is an {@link IllegalArgumentException}
 * naming the file, the line and the field; a blank line is skipped, and so is a last line cut
 * short (a server killed while writing it leaves a partial line, never a wrong one).
 */
public final class InsightsLines {
    static final ObjectMapper JSON = new ObjectMapper();

    private InsightsLines() {
    }

    /** Every line of {@code jsonl}, in file order. */
    public static List<InsightsLine> read(Path jsonl) throws IOException {
        List<InsightsLine> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String text = reader.readLine();
            int number = 0;
            while (text != null) {
                number++;
                String next = reader.readLine();
                if (!text.isBlank()) {
                    try {
                        lines.add(parse(text));
                    } catch (JsonProcessingException e) {
                        if (next != null) {
                            throw new IllegalArgumentException(jsonl + ":" + number + ": not a JSON object: "
                                    + e.getOriginalMessage());
                        }
                        // a last line cut short: skipped
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(jsonl + ":" + number + ": " + e.getMessage());
                    }
                }
                text = next;
            }
        }
        return lines;
    }

    /** One line; {@link IllegalArgumentException} naming the field that is missing or wrong. */
    public static InsightsLine parse(String text) throws JsonProcessingException {
        JsonNode line = JSON.readTree(text);
        if (line == null || !line.isObject()) {
            throw new IllegalArgumentException("a line is a JSON object");
        }
        String type = text(line, "type");
        return switch (type) {
            case "partitions" -> {
                List<InsightsLine.PartitionUnits> rows = new ArrayList<>();
                for (JsonNode p : array(line, "partitions")) {
                    rows.add(new InsightsLine.PartitionUnits(integer(p, "id"), integer(p, "index"),
                            integer(p, "parentId"), text(p, "lowHash"), bool(p, "retired"),
                            number(p, "consumedReadUnits"), number(p, "consumedWriteUnits"),
                            number(p, "throttledReadUnits"), number(p, "throttledWriteUnits"),
                            count(p, "throttledRequests")));
                }
                yield new InsightsLine.Partitions(count(line, "epochMillis"), number(line, "second"),
                        number(line, "lengthSeconds"), text(line, "table"), rows);
            }
            case "keys" -> new InsightsLine.Keys(count(line, "epochMillis"), count(line, "minute"),
                    number(line, "lengthSeconds"), text(line, "table"), keys(array(line, "accessed")),
                    keys(array(line, "throttled")), line.has("unitsErrorMax") ? number(line, "unitsErrorMax") : 0);
            case "access" -> {
                String name = text(line, "operation");
                Operation operation;
                try {
                    operation = Operation.byWireName(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("field operation: " + e.getMessage());
                }
                yield new InsightsLine.Access(count(line, "epochMillis"), count(line, "minute"),
                        number(line, "lengthSeconds"), text(line, "table"), operation, count(line, "requests"),
                        number(line, "readUnits"), number(line, "writeUnits"), count(line, "items"),
                        line.has("scannedItems") ? OptionalLong.of(count(line, "scannedItems")) : OptionalLong.empty(),
                        line.has("throttledRequests") ? count(line, "throttledRequests") : 0);
            }
            default -> throw new IllegalArgumentException("field type is partitions, keys or access, not '" + type + "'");
        };
    }

    private static List<InsightsLine.KeyUnits> keys(JsonNode array) {
        List<InsightsLine.KeyUnits> keys = new ArrayList<>();
        for (JsonNode k : array) {
            keys.add(new InsightsLine.KeyUnits(text(k, "key"), count(k, "requests"), number(k, "units")));
        }
        return keys;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field " + name + " is a string, not " + value);
        }
        return value.asText();
    }

    private static double number(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("field " + name + " is a number, not " + value);
        }
        return value.asDouble();
    }

    private static long count(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("field " + name + " is a whole number, not " + value);
        }
        return value.asLong();
    }

    private static int integer(JsonNode node, String name) {
        long value = count(node, name);
        if (value != (int) value) {
            throw new IllegalArgumentException("field " + name + " is out of range: " + value);
        }
        return (int) value;
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("field " + name + " is true or false, not " + value);
        }
        return value.asBoolean();
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isArray()) {
            throw new IllegalArgumentException("field " + name + " is an array, not " + value);
        }
        return value;
    }
}
