package keystorm.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import keystorm.engine.api.DynamoException;

/**
 * DynamoDB's legacy conditional parameters (AttributesToGet, KeyConditions, QueryFilter,
 * ScanFilter, Expected, AttributeUpdates, ConditionalOperator) rewritten as the expression
 * parameters they stand for, on the request's JSON, before it is read: the engine knows only
 * expressions. Names and values go into generated placeholders ({@code #L0}, {@code :L0}), so
 * any attribute name works and every value is checked as the expression path checks it. The
 * generated expressions obey the 4 KB expression limit: about 270 attributes in one
 * AttributeUpdates or Expected.
 *
 * <p>As in DynamoDB, a request uses one style or the other: legacy parameters beside expression
 * parameters, or beside ExpressionAttributeNames/Values, are refused.
 */
final class LegacyParameters {
    static final List<String> LEGACY = List.of("AttributesToGet", "KeyConditions", "QueryFilter", "ScanFilter",
            "Expected", "AttributeUpdates", "ConditionalOperator");
    static final List<String> EXPRESSIONS = List.of("ProjectionExpression", "KeyConditionExpression",
            "FilterExpression", "ConditionExpression", "UpdateExpression");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The operators and how many values each takes (-1: one or more). */
    private static final Map<String, Integer> OPERATORS = Map.ofEntries(
            Map.entry("EQ", 1), Map.entry("NE", 1), Map.entry("LE", 1), Map.entry("LT", 1), Map.entry("GE", 1),
            Map.entry("GT", 1), Map.entry("NOT_NULL", 0), Map.entry("NULL", 0), Map.entry("CONTAINS", 1),
            Map.entry("NOT_CONTAINS", 1), Map.entry("BEGINS_WITH", 1), Map.entry("IN", -1), Map.entry("BETWEEN", 2));
    private static final Set<String> KEY_OPERATORS = Set.of("EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN");

    private final ObjectNode names = NODES.objectNode();
    private final ObjectNode values = NODES.objectNode();

    private LegacyParameters() {
    }

    /** The body with its legacy parameters rewritten; the body itself when it has none. */
    static JsonNode rewrite(JsonNode body) {
        if (body == null || !body.isObject() || !hasAny(body)) {
            return body;
        }
        List<String> legacy = LEGACY.stream().filter(body::has).toList();
        // KeyConditions may stand beside a FilterExpression or ProjectionExpression (DynamoDB allows
        // it), not beside a KeyConditionExpression; the other legacy parameters beside no expression.
        List<String> expressions = EXPRESSIONS.stream().filter(body::has).toList();
        List<String> clashing = legacy.stream().filter(p -> !p.equals("KeyConditions")).toList();
        if (!clashing.isEmpty() && !expressions.isEmpty() || legacy.contains("KeyConditions")
                && expressions.contains("KeyConditionExpression")) {
            throw DynamoException.validation("Can not use both expression and non-expression parameters in the "
                    + "same request: Non-expression parameters: {" + String.join(", ", legacy)
                    + "} Expression parameters: {" + String.join(", ", expressions) + "}");
        }
        if (expressions.isEmpty()) {
            for (String placeholders : List.of("ExpressionAttributeNames", "ExpressionAttributeValues")) {
                if (body.has(placeholders)) {
                    throw DynamoException.validation(placeholders + " can only be specified when using expressions");
                }
            }
        }
        ObjectNode out = ((ObjectNode) body).deepCopy();
        LegacyParameters rewriter = new LegacyParameters();
        String joiner = rewriter.conditionalOperator(out.remove("ConditionalOperator"),
                Stream.of("Expected", "QueryFilter", "ScanFilter").anyMatch(p -> body.has(p) && !body.get(p).isEmpty()));
        JsonNode attributesToGet = out.remove("AttributesToGet");
        JsonNode select = body.get("Select");
        if (attributesToGet != null && select != null && !"SPECIFIC_ATTRIBUTES".equals(select.asText())) {
            throw DynamoException.validation("Cannot specify the AttributesToGet when choosing to get "
                    + select.asText());
        }
        if (attributesToGet != null) {
            out.put("ProjectionExpression", rewriter.projection(attributesToGet));
        }
        JsonNode keyConditions = out.remove("KeyConditions");
        if (keyConditions != null) {
            out.put("KeyConditionExpression", rewriter.conditions(keyConditions, "KeyConditions", " AND ", true));
        }
        for (String filter : List.of("QueryFilter", "ScanFilter")) {
            JsonNode conditions = out.remove(filter);
            if (conditions != null && !conditions.isEmpty()) {
                out.put("FilterExpression", rewriter.conditions(conditions, filter, joiner, false));
            }
        }
        JsonNode expected = out.remove("Expected");
        if (expected != null && !expected.isEmpty()) {
            out.put("ConditionExpression", rewriter.expected(expected, joiner));
        }
        JsonNode updates = out.remove("AttributeUpdates");
        if (updates != null && !updates.isEmpty()) {
            out.put("UpdateExpression", rewriter.updates(updates));
        }
        merge(out, "ExpressionAttributeNames", rewriter.names);
        merge(out, "ExpressionAttributeValues", rewriter.values);
        return out;
    }

    /** Adds the generated placeholders to the request's own (KeyConditions beside a FilterExpression). */
    private static void merge(ObjectNode request, String member, ObjectNode generated) {
        if (generated.isEmpty()) {
            return;
        }
        JsonNode own = request.get(member);
        if (own instanceof ObjectNode ownObject) {
            generated.fields().forEachRemaining(e -> {
                if (ownObject.has(e.getKey())) {
                    throw DynamoException.validation(member + " may not use " + e.getKey() + " beside KeyConditions: "
                            + "keystorm names KeyConditions' placeholders so");
                }
                ownObject.set(e.getKey(), e.getValue());
            });
        } else if (own == null) {
            request.set(member, generated);
        } // anything else is malformed, and reading the request says so
    }

    /** The common case, checked without allocating: no legacy parameter at all. */
    private static boolean hasAny(JsonNode body) {
        for (String parameter : LEGACY) {
            if (body.has(parameter)) {
                return true;
            }
        }
        return false;
    }

    private String conditionalOperator(JsonNode operator, boolean hasConditions) {
        if (operator == null) {
            return " AND ";
        }
        if (!hasConditions) {
            throw DynamoException.validation("ConditionalOperator can only be used when Filter or Expected "
                    + "conditions are present");
        }
        return switch (operator.asText()) {
            case "AND" -> " AND ";
            case "OR" -> " OR ";
            default -> throw DynamoException.validation("1 validation error detected: Value '" + operator.asText()
                    + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[AND, OR]");
        };
    }

    private String name(String attribute) {
        String placeholder = "#L" + names.size();
        names.put(placeholder, attribute);
        return placeholder;
    }

    private String value(JsonNode attributeValue) {
        String placeholder = ":L" + values.size();
        values.set(placeholder, attributeValue);
        return placeholder;
    }

    private String projection(JsonNode attributesToGet) {
        if (!attributesToGet.isArray() || attributesToGet.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value at 'attributesToGet' failed to "
                    + "satisfy constraint: Member must have length greater than or equal to 1");
        }
        Set<String> seen = new HashSet<>();
        List<String> paths = new ArrayList<>();
        for (JsonNode attribute : attributesToGet) {
            if (!seen.add(attribute.asText())) {
                throw DynamoException.validation("One or more parameter values were invalid: Duplicate value in "
                        + "attribute name: " + attribute.asText());
            }
            paths.add(name(attribute.asText()));
        }
        return String.join(", ", paths);
    }

    /** KeyConditions, QueryFilter or ScanFilter: name to {ComparisonOperator, AttributeValueList}. */
    private String conditions(JsonNode conditions, String parameter, String joiner, boolean key) {
        if (!conditions.isObject()) {
            throw JsonIn.serialization("Unexpected value type in payload: " + parameter + " is a map");
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = conditions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> condition = it.next();
            JsonNode operator = condition.getValue().get("ComparisonOperator");
            if (operator == null) {
                throw DynamoException.validation("One or more parameter values were invalid: ComparisonOperator is "
                        + "required for " + parameter + " on " + condition.getKey());
            }
            if (key && !KEY_OPERATORS.contains(operator.asText()) && OPERATORS.containsKey(operator.asText())) {
                throw DynamoException.validation("Unsupported operator on KeyConditions: " + operator.asText());
            }
            parts.add(comparison(condition.getKey(), operator.asText(), condition.getValue().get("AttributeValueList"),
                    parameter));
        }
        return String.join(joiner, parts);
    }

    private String comparison(String attribute, String operator, JsonNode list, String parameter) {
        Integer arity = OPERATORS.get(operator);
        if (arity == null) {
            throw DynamoException.validation("1 validation error detected: Value '" + operator + "' at '"
                    + Character.toLowerCase(parameter.charAt(0)) + parameter.substring(1) + "." + attribute
                    + ".member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        }
        int count = list == null || !list.isArray() ? 0 : list.size();
        if (arity >= 0 ? count != arity : count == 0) {
            throw DynamoException.validation("One or more parameter values were invalid: Invalid number of "
                    + "argument(s) for the " + operator + " ComparisonOperator");
        }
        checkTypes(operator, list);
        String path = name(attribute);
        return switch (operator) {
            case "EQ" -> path + " = " + value(list.get(0));
            case "NE" -> path + " <> " + value(list.get(0));
            case "LE" -> path + " <= " + value(list.get(0));
            case "LT" -> path + " < " + value(list.get(0));
            case "GE" -> path + " >= " + value(list.get(0));
            case "GT" -> path + " > " + value(list.get(0));
            case "NOT_NULL" -> "attribute_exists(" + path + ")";
            case "NULL" -> "attribute_not_exists(" + path + ")";
            case "CONTAINS" -> "contains(" + path + ", " + value(list.get(0)) + ")";
            case "NOT_CONTAINS" -> "(attribute_exists(" + path + ") AND NOT contains(" + path + ", "
                    + value(list.get(0)) + "))";
            case "BEGINS_WITH" -> "begins_with(" + path + ", " + value(list.get(0)) + ")";
            case "BETWEEN" -> path + " BETWEEN " + value(list.get(0)) + " AND " + value(list.get(1));
            case "IN" -> {
                List<String> candidates = new ArrayList<>();
                list.forEach(v -> candidates.add(value(v)));
                yield path + " IN (" + String.join(", ", candidates) + ")";
            }
            default -> throw new AssertionError(operator);
        };
    }

    /** Which value types each operator takes: all but EQ and NE compare scalars only, IN and BETWEEN of one type. */
    private static void checkTypes(String operator, JsonNode list) {
        Set<String> allowed = switch (operator) {
            case "EQ", "NE", "NULL", "NOT_NULL" -> null;
            case "BEGINS_WITH" -> Set.of("S", "B");
            default -> Set.of("S", "N", "B");
        };
        if (allowed == null || list == null) {
            return;
        }
        String first = null;
        for (JsonNode value : list) {
            String type = value.isObject() && value.size() == 1 ? value.fieldNames().next() : "?";
            if (!allowed.contains(type)) {
                throw DynamoException.validation("One or more parameter values were invalid: ComparisonOperator "
                        + operator + " is not valid for " + type + " AttributeValue type");
            }
            if (first != null && !first.equals(type)) {
                throw DynamoException.validation("One or more parameter values were invalid: AttributeValues inside "
                        + "AttributeValueList must be of same type");
            }
            first = type;
        }
    }

    /** Expected: name to {Value, Exists} or {ComparisonOperator, AttributeValueList}. */
    private String expected(JsonNode expected, String joiner) {
        if (!expected.isObject()) {
            throw JsonIn.serialization("Unexpected value type in payload: Expected is a map");
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String attribute = entry.getKey();
            JsonNode condition = entry.getValue();
            JsonNode operator = condition.get("ComparisonOperator");
            JsonNode exists = condition.get("Exists");
            JsonNode given = condition.get("Value");
            if (operator != null) {
                if (exists != null || given != null) {
                    throw DynamoException.validation("One or more parameter values were invalid: Value or Exists "
                            + "cannot be used with ComparisonOperator for Attribute: " + attribute);
                }
                parts.add(comparison(attribute, operator.asText(), condition.get("AttributeValueList"), "expected"));
            } else if (exists != null && !exists.asBoolean()) {
                if (given != null) {
                    throw DynamoException.validation("One or more parameter values were invalid: Value cannot be "
                            + "used when Exists is false for Attribute: " + attribute);
                }
                parts.add("attribute_not_exists(" + name(attribute) + ")");
            } else if (given != null) {
                parts.add(name(attribute) + " = " + value(given));
            } else {
                throw DynamoException.validation("One or more parameter values were invalid: Value must be "
                        + "provided when Exists is " + (exists == null ? "null" : "true") + " for Attribute: "
                        + attribute);
            }
        }
        return String.join(joiner, parts);
    }

    /** AttributeUpdates: name to {Value, Action PUT (the default) | ADD | DELETE}. */
    private String updates(JsonNode updates) {
        if (!updates.isObject()) {
            throw JsonIn.serialization("Unexpected value type in payload: AttributeUpdates is a map");
        }
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = updates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode update = entry.getValue();
            String action = update.has("Action") ? update.get("Action").asText() : "PUT";
            JsonNode given = update.get("Value");
            String path = name(entry.getKey());
            switch (action) {
                case "PUT" -> {
                    if (given == null) {
                        throw DynamoException.validation("One or more parameter values were invalid: Only DELETE "
                                + "action is allowed when no attribute value is specified");
                    }
                    sets.add(path + " = " + value(given));
                }
                case "DELETE" -> {
                    if (given == null) {
                        removes.add(path);
                    } else {
                        deletes.add(path + " " + value(given));
                    }
                }
                case "ADD" -> {
                    if (given == null) {
                        throw DynamoException.validation("One or more parameter values were invalid: Only DELETE "
                                + "action is allowed when no attribute value is specified");
                    }
                    if (given.has("L")) {
                        // legacy ADD appends to a list, which the ADD clause of an expression does not do
                        sets.add(path + " = list_append(if_not_exists(" + path + ", " + value(emptyList()) + "), "
                                + value(given) + ")");
                    } else {
                        adds.add(path + " " + value(given));
                    }
                }
                default -> throw DynamoException.validation("1 validation error detected: Value '" + action
                        + "' at 'attributeUpdates." + entry.getKey() + ".member.action' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
            }
        }
        StringBuilder expression = new StringBuilder();
        clause(expression, "SET", sets);
        clause(expression, "REMOVE", removes);
        clause(expression, "ADD", adds);
        clause(expression, "DELETE", deletes);
        return expression.toString();
    }

    private static JsonNode emptyList() {
        ObjectNode empty = NODES.objectNode();
        empty.putArray("L");
        return empty;
    }

    private static void clause(StringBuilder expression, String keyword, List<String> actions) {
        if (!actions.isEmpty()) {
            if (!expression.isEmpty()) {
                expression.append(' ');
            }
            expression.append(keyword).append(' ').append(String.join(", ", actions));
        }
    }
}
