package keystorm.checker.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the checker module, and helpers for history values. */
public final class Values {
    /** Reads every integer as a long, so 1 from JSON equals 1 from EDN. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    /** Parses a JSON value (e.g. {@code --initial}), integers as longs. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + json + " (" + e.getOriginalMessage() + ")");
        }
    }

    public static ArrayNode array(JsonNode... elements) {
        ArrayNode array = NODES.arrayNode();
        for (JsonNode element : elements) {
            array.add(element);
        }
        return array;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Compact text of a value for messages: JSON, nil as null. */
    public static String show(JsonNode value) {
        return value == null ? "null" : value.toString();
    }
}
