package keystorm.engine.expr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.Limits;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.ItemSize;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of
 * its expressions. DynamoDB rejects a placeholder that an expression uses but the request does
 * not define, and one the request defines but no expression uses; the second can only be
 * judged once every expression of the request is bound, hence {@link #checkAllUsed()}.
 *
 * <p>Not thread-safe: one context serves one request.
 */
public final class ExpressionContext {
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names == null ? Map.of() : Map.copyOf(names);
        this.values = values == null ? Map.of() : Map.copyOf(values);
        if (names != null && names.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeNames must not be empty");
        }
        if (values != null && values.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeValues must not be empty");
        }
        Limits limits = Limits.DYNAMODB;
        long substitutionBytes = 0;
        for (Map.Entry<String, String> name : this.names.entrySet()) {
            String key = name.getKey();
            checkKeyLength("ExpressionAttributeNames", key, limits);
            substitutionBytes += ItemSize.utf8Bytes(key) + ItemSize.utf8Bytes(name.getValue());
            if (!key.startsWith("#") || key.length() < 2) {
                throw DynamoException.validation(
                        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
            }
            if (name.getValue().isEmpty()) {
                throw DynamoException.validation(
                        "ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
            }
            if (ItemSize.nameTooLong(name.getValue())) {
                throw DynamoException.validation("ExpressionAttributeNames contains invalid value: Attribute name "
                        + "is longer than " + Limits.DYNAMODB.attributeNameBytesMax() + " bytes for key " + key);
            }
        }
        for (Map.Entry<String, AttributeValue> value : this.values.entrySet()) {
            String key = value.getKey();
            checkKeyLength("ExpressionAttributeValues", key, limits);
            substitutionBytes += ItemSize.bytes(key, value.getValue());
            if (!key.startsWith(":") || key.length() < 2) {
                throw DynamoException.validation(
                        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
        if (substitutionBytes > limits.substitutionBytesMax()) {
            throw DynamoException.validation("ExpressionAttributeNames and ExpressionAttributeValues have exceeded the "
                    + "maximum allowed size of " + Limits.bytesText(limits.substitutionBytesMax())
                    + " for all substitution variables; size: " + substitutionBytes);
        }
    }

    /** DynamoDB's bound on one placeholder, its {@code #} or {@code :} counted, in UTF-8 bytes. */
    private static void checkKeyLength(String member, String key, Limits limits) {
        int bytes = ItemSize.utf8Bytes(key);
        if (bytes > limits.placeholderBytesMax()) {
            throw DynamoException.validation(member + " contains invalid key: The expression attribute map contains a "
                    + "key that is too long; size of key: " + bytes);
        }
    }

    /**
     * The placeholders of a request that has expressions ({@code anyExpression}) or not. DynamoDB
     * refuses names or values in a request that has no expression to use them
     * ("ExpressionAttributeValues can only be specified when using expressions").
     */
    public static ExpressionContext of(ExpressionInput input, boolean anyExpression) {
        if (!anyExpression) {
            if (input.values() != null) {
                throw DynamoException.validation("ExpressionAttributeValues can only be specified when using expressions");
            }
            if (input.names() != null) {
                throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
        }
        return new ExpressionContext(input.names(), input.values());
    }

    /** A context for a request without placeholders. */
    public static ExpressionContext empty() {
        return new ExpressionContext(null, null);
    }

    /** Throws DynamoDB's ValidationException if a defined placeholder went unused. */
    public void checkAllUsed() {
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }

    /** Resolves a path's names, checking placeholders and reserved words; marks them used. */
    DocumentPath resolve(Path path) {
        List<Object> elements = new ArrayList<>(path.steps().size());
        for (Path.Step step : path.steps()) {
            switch (step) {
                case Path.Step.Name name -> elements.add(name(name.text()));
                case Path.Step.Index index -> elements.add(index.index());
            }
        }
        return new DocumentPath(elements);
    }

    private String name(String text) {
        if (text.startsWith("#")) {
            String resolved = names.get(text);
            if (resolved == null) {
                throw DynamoException.validation(
                        "Invalid expression: An expression attribute name used in the document path is not defined; attribute name: "
                                + text);
            }
            usedNames.add(text);
            return resolved;
        }
        if (ReservedWords.contains(text)) {
            throw DynamoException.validation(
                    "Invalid expression: Attribute name is a reserved keyword; reserved keyword: " + text);
        }
        return text;
    }

    /** The value of a {@code :placeholder}; marks it used. */
    AttributeValue value(String placeholder) {
        AttributeValue value = values.get(placeholder);
        if (value == null) {
            throw DynamoException.validation(
                    "Invalid expression: An expression attribute value used in expression is not defined; attribute value: "
                            + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }
}
