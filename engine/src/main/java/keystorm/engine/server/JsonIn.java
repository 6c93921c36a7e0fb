package keystorm.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;

/**
 * Reads the members of a DynamoDB JSON request. A member of the wrong JSON type is a
 * SerializationException, as DynamoDB answers it; a value of the right type that DynamoDB
 * refuses (an attribute value with no type or two, a set with duplicates) a ValidationException.
 * Members DynamoDB does not know are ignored, as DynamoDB ignores them.
 */
final class JsonIn {
    private final JsonNode node;

    JsonIn(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw serialization("Start of structure or map expected");
        }
        this.node = node;
    }

    static DynamoException serialization(String message) {
        return new DynamoException(ErrorType.SerializationException, message);
    }

    boolean has(String member) {
        JsonNode value = node.get(member);
        return value != null && !value.isNull();
    }

    private JsonNode get(String member, JsonNodeType type) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.getNodeType() != type) {
            throw serialization(type == JsonNodeType.STRING ? "NUMBER_VALUE cannot be converted to String"
                    .replace("NUMBER_VALUE", value.getNodeType().name() + "_VALUE")
                    : "Unexpected value type in payload for member " + member + ": expected " + type.name().toLowerCase()
                    + ", found " + value.getNodeType().name().toLowerCase());
        }
        return value;
    }

    String string(String member) {
        JsonNode value = get(member, JsonNodeType.STRING);
        return value == null ? null : value.textValue();
    }

    Boolean bool(String member) {
        JsonNode value = get(member, JsonNodeType.BOOLEAN);
        return value == null ? null : value.booleanValue();
    }

    Integer integer(String member) {
        JsonNode value = get(member, JsonNodeType.NUMBER);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw serialization("Unexpected value for member " + member + ": " + value + " is not a 32-bit integer");
        }
        return value.intValue();
    }

    Long longValue(String member) {
        JsonNode value = get(member, JsonNodeType.NUMBER);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw serialization("Unexpected value for member " + member + ": " + value + " is not a 64-bit integer");
        }
        return value.longValue();
    }

    JsonIn object(String member) {
        JsonNode value = get(member, JsonNodeType.OBJECT);
        return value == null ? null : new JsonIn(value);
    }

    <T> List<T> list(String member, Function<JsonNode, T> element) {
        JsonNode value = get(member, JsonNodeType.ARRAY);
        if (value == null) {
            return null;
        }
        List<T> out = new ArrayList<>(value.size());
        for (JsonNode e : value) {
            out.add(element.apply(e));
        }
        return out;
    }

    <T> Map<String, T> map(String member, Function<JsonNode, T> element) {
        JsonNode value = get(member, JsonNodeType.OBJECT);
        if (value == null) {
            return null;
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            out.put(entry.getKey(), element.apply(entry.getValue()));
        }
        return out;
    }

    Map<String, AttributeValue> attributes(String member) {
        return map(member, JsonIn::attributeValue);
    }

    Item item(String member) {
        Map<String, AttributeValue> attributes = attributes(member);
        return attributes == null ? null : Item.of(attributes);
    }

    Map<String, String> strings(String member) {
        return map(member, JsonIn::text);
    }

    static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw serialization(node.getNodeType().name() + "_VALUE cannot be converted to String");
        }
        return node.textValue();
    }

    static JsonIn structure(JsonNode node) {
        return new JsonIn(node);
    }

    <E extends Enum<E>> E enumValue(String member, Class<E> type, String what) {
        String text = string(member);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw DynamoException.validation("1 validation error detected: Value '" + text + "' at '" + what
                    + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** One attribute value: an object with exactly one type member. */
    static AttributeValue attributeValue(JsonNode node) {
        if (!node.isObject()) {
            throw serialization("Unexpected value type in payload: an AttributeValue must be an object");
        }
        int present = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            if (!it.next().getValue().isNull()) {
                present++;
            }
        }
        if (present == 0) {
            throw DynamoException.validation("Supplied AttributeValue is empty, must contain exactly one of the "
                    + "supported datatypes");
        }
        if (present > 1) {
            throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, must contain "
                    + "exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> only = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isNull()) {
                only = entry;
            }
        }
        JsonNode value = only.getValue();
        return switch (only.getKey()) {
            case "S" -> new AttributeValue.S(text(value));
            case "N" -> new AttributeValue.N(Num.parse(text(value)));
            case "B" -> new AttributeValue.B(base64(value));
            case "BOOL" -> {
                if (!value.isBoolean()) {
                    throw serialization("Unexpected value type in payload: BOOL must be true or false");
                }
                yield new AttributeValue.Bool(value.booleanValue());
            }
            case "NULL" -> {
                if (!value.isBoolean()) {
                    throw serialization("Unexpected value type in payload: NULL must be true");
                }
                if (!value.booleanValue()) {
                    throw DynamoException.validation("One or more parameter values were invalid: Null attribute value "
                            + "types must have the value of true");
                }
                yield AttributeValue.NULL;
            }
            case "SS" -> new AttributeValue.SS(set(value, JsonIn::text));
            case "NS" -> new AttributeValue.NS(set(value, e -> Num.parse(text(e))));
            case "BS" -> new AttributeValue.BS(set(value, JsonIn::base64));
            case "L" -> {
                if (!value.isArray()) {
                    throw serialization("Unexpected value type in payload: L must be an array");
                }
                List<AttributeValue> list = new ArrayList<>(value.size());
                for (JsonNode e : value) {
                    list.add(attributeValue(e));
                }
                yield new AttributeValue.L(list);
            }
            case "M" -> {
                if (!value.isObject()) {
                    throw serialization("Unexpected value type in payload: M must be an object");
                }
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    map.put(entry.getKey(), attributeValue(entry.getValue()));
                }
                yield new AttributeValue.M(map);
            }
            default -> throw DynamoException.validation("Supplied AttributeValue is empty, must contain exactly one "
                    + "of the supported datatypes");
        };
    }

    private static <T> Set<T> set(JsonNode node, Function<JsonNode, T> element) {
        if (!node.isArray()) {
            throw serialization("Unexpected value type in payload: a set must be an array");
        }
        Set<T> out = new LinkedHashSet<>();
        List<String> raw = new ArrayList<>();
        for (JsonNode e : node) {
            raw.add(e.asText());
            out.add(element.apply(e));
        }
        if (out.size() != raw.size()) {
            throw DynamoException.validation("One or more parameter values were invalid: Input collection " + raw
                    + " contains duplicates.");
        }
        return out;
    }

    /** A B value; base64 that is not strict and padded is a SerializationException, as DynamoDB answers it. */
    private static Bytes base64(JsonNode node) {
        try {
            return Bytes.fromBase64(text(node));
        } catch (IllegalArgumentException e) {
            throw serialization(e.getMessage());
        }
    }
}
