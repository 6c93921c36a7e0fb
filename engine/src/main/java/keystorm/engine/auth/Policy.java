package keystorm.engine.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An IAM identity-based policy document, the subset DynamoDB users write: Version, Id, and Statement (one object or a
 * list) of Sid, Effect, Action or NotAction, Resource or NotResource, and Condition. A malformed document is refused
 * with an IllegalArgumentException naming the statement (from 0) and the field, e.g.
 * {@code Statement[2].Effect: expected Allow or Deny, not 'allow'}. Policy variables ({@code ${aws:username}}) are
 * not substituted: they stay literal text.
 */
public record Policy(Optional<String> version, List<Statement> statements) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> TOP_FIELDS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");

    public Policy {
        statements = List.copyOf(statements);
    }

    public static Policy parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("policy: not JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("policy: empty document");
        }
        return parse(node);
    }

    public static Policy parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("policy: expected a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!TOP_FIELDS.contains(name)) {
                throw new IllegalArgumentException("policy: unknown field '" + name + "' (expected Version, Id, Statement)");
            }
        }
        Optional<String> version = Optional.empty();
        if (node.has("Version")) {
            JsonNode v = node.get("Version");
            if (!v.isTextual() || !VERSIONS.contains(v.asText())) {
                throw new IllegalArgumentException("Version: expected 2012-10-17 or 2008-10-17, not " + v);
            }
            version = Optional.of(v.asText());
        }
        JsonNode statementNode = node.get("Statement");
        if (statementNode == null) {
            throw new IllegalArgumentException("Statement: missing");
        }
        List<JsonNode> items = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(items::add);
        } else {
            items.add(statementNode);
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            statements.add(statement(i, items.get(i)));
        }
        return new Policy(version, statements);
    }

    private static Statement statement(int index, JsonNode node) {
        String at = "Statement[" + index + "]";
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": expected an object, not " + node.getNodeType().toString().toLowerCase());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.equals("Principal") || name.equals("NotPrincipal")) {
                throw new IllegalArgumentException(at + "." + name + ": not allowed in an identity-based policy");
            }
            if (!STATEMENT_FIELDS.contains(name)) {
                throw new IllegalArgumentException(at + ": unknown field '" + name + "' (expected one of Sid, Effect, Action, NotAction, Resource, NotResource, Condition)");
            }
        }
        Optional<String> sid = Optional.empty();
        if (node.has("Sid")) {
            if (!node.get("Sid").isTextual()) {
                throw new IllegalArgumentException(at + ".Sid: expected a string");
            }
            sid = Optional.of(node.get("Sid").asText());
        }
        JsonNode effectNode = node.get("Effect");
        if (effectNode == null) {
            throw new IllegalArgumentException(at + ".Effect: missing");
        }
        Statement.Effect effect = switch (effectNode.isTextual() ? effectNode.asText() : "") {
            case "Allow" -> Statement.Effect.ALLOW;
            case "Deny" -> Statement.Effect.DENY;
            default -> throw new IllegalArgumentException(at + ".Effect: expected Allow or Deny, not "
                    + (effectNode.isTextual() ? "'" + effectNode.asText() + "'" : effectNode.toString()));
        };
        String actionField = exactlyOne(at, node, "Action", "NotAction");
        List<String> actions = strings(at + "." + actionField, node.get(actionField));
        for (String action : actions) {
            if (!action.equals("*") && !action.contains(":")) {
                throw new IllegalArgumentException(at + "." + actionField + ": expected service:action (e.g. dynamodb:GetItem) or *, not '" + action + "'");
            }
        }
        String resourceField = exactlyOne(at, node, "Resource", "NotResource");
        List<String> resources = strings(at + "." + resourceField, node.get(resourceField));
        for (String resource : resources) {
            // IAM refuses a Resource that is neither * nor a six-field ARN ("must be in ARN format or *")
            if (!resource.equals("*") && !(resource.startsWith("arn:") && resource.split(":", 6).length == 6)) {
                throw new IllegalArgumentException(at + "." + resourceField + ": expected an ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME) or *, not '" + resource + "'");
            }
        }
        List<Condition> conditions = node.has("Condition") ? conditions(at + ".Condition", node.get("Condition")) : List.of();
        return new Statement(index, sid, effect, actions, actionField.equals("NotAction"), resources,
                resourceField.equals("NotResource"), conditions);
    }

    private static String exactlyOne(String at, JsonNode node, String field, String notField) {
        boolean has = node.has(field);
        boolean hasNot = node.has(notField);
        if (has == hasNot) {
            throw new IllegalArgumentException(at + "." + field + ": " + (has ? "both " + field + " and " + notField + " given" : "missing (expected " + field + " or " + notField + ")"));
        }
        return has ? field : notField;
    }

    private static List<String> strings(String at, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw new IllegalArgumentException(at + "[" + i + "]: expected a string, not " + node.get(i));
                }
                out.add(node.get(i).asText());
            }
        } else {
            throw new IllegalArgumentException(at + ": expected a string or a non-empty list of strings, not " + node);
        }
        return out;
    }

    private static List<Condition> conditions(String at, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": expected an object {operator: {key: value or list}}");
        }
        List<Condition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext();) {
            Map.Entry<String, JsonNode> op = ops.next();
            String opAt = at + "." + op.getKey();
            if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                throw new IllegalArgumentException(opAt + ": expected a non-empty object {key: value or list}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext();) {
                Map.Entry<String, JsonNode> key = keys.next();
                String keyAt = opAt + "." + key.getKey();
                List<String> values = new ArrayList<>();
                JsonNode v = key.getValue();
                List<JsonNode> raw = new ArrayList<>();
                if (v.isArray()) {
                    v.forEach(raw::add);
                } else {
                    raw.add(v);
                }
                if (raw.isEmpty()) {
                    throw new IllegalArgumentException(keyAt + ": expected a value or a non-empty list");
                }
                for (JsonNode value : raw) {
                    // IAM accepts numbers and booleans here and compares their text
                    if (!value.isValueNode() || value.isNull()) {
                        throw new IllegalArgumentException(keyAt + ": expected a string, not " + value);
                    }
                    values.add(value.asText());
                }
                try {
                    out.add(Condition.of(op.getKey(), key.getKey(), values));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(opAt + ": " + e.getMessage());
                }
            }
        }
        return out;
    }
}
