package keystorm.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ListTagsOfResourceResponse;
import keystorm.engine.api.Tag;

/**
 * DynamoDB's tagging rules ("Tagging restrictions in DynamoDB"; the TagResource reference): at most
 * {@link #TAGS_MAX} tags a table; keys of 1 to 128 and values of 0 to 256 Unicode characters, of letters,
 * digits, white space and {@code _ . : / = + - @}; the prefix {@code aws:} reserved; a ResourceArn naming a
 * table ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME}, any Region and account: the engine has one of
 * each), not one of its indexes.
 */
final class Tags {
    static final int TAGS_MAX = 50;
    static final int KEY_LENGTH_MAX = 128;
    static final int VALUE_LENGTH_MAX = 256;
    /** ListTagsOfResource's page: all of a table's tags fit in one, as clients that never follow NextToken expect. */
    static final int PAGE_MAX = TAGS_MAX;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern TABLE_ARN = Pattern.compile("arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]+:table/([^/]+)");

    private Tags() {
    }

    /** The table a ResourceArn names; a malformed ARN, or an index's, is a ValidationException. */
    static String tableOf(String arn) {
        if (arn == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'resourceArn' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        if (arn.isEmpty() || arn.length() > 1283) {
            throw DynamoException.validation("1 validation error detected: Value '" + arn + "' at 'resourceArn' failed "
                    + "to satisfy constraint: Member must have length between 1 and 1283");
        }
        if (!arn.startsWith("arn:")) {
            throw DynamoException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn
                    + " (ARNs must start with 'arn:')");
        }
        var matcher = TABLE_ARN.matcher(arn);
        if (!matcher.matches()) {
            throw DynamoException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        return matcher.group(1);
    }

    /** The tags after TagResource adds {@code added} (a key given again replaces its value). */
    static TreeMap<String, String> add(TreeMap<String, String> current, List<Tag> added) {
        if (added == null || added.isEmpty()) {
            throw DynamoException.validation("Atleast one Tag needs to be provided as Input.");
        }
        TreeMap<String, String> next = new TreeMap<>(current);
        for (int i = 0; i < added.size(); i++) {
            Tag tag = added.get(i);
            checkKey(tag.key(), "tags." + (i + 1) + ".member.key");
            checkValue(tag.value(), "tags." + (i + 1) + ".member.value");
            next.put(tag.key(), tag.value());
        }
        if (next.size() > TAGS_MAX) {
            throw DynamoException.validation("One or more parameter values were invalid: Number of Tags exceed the "
                    + "current limit for the provided ResourceArn (at most " + TAGS_MAX + ")");
        }
        return next;
    }

    /** The tags after UntagResource removes {@code keys} (a key the table does not have is no error). */
    static TreeMap<String, String> remove(TreeMap<String, String> current, List<String> keys) {
        if (keys == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        TreeMap<String, String> next = new TreeMap<>(current);
        for (int i = 0; i < keys.size(); i++) {
            checkKey(keys.get(i), "tagKeys." + (i + 1) + ".member");
            next.remove(keys.get(i));
        }
        return next;
    }

    /** One page of tags in key order, from after the key {@code nextToken} carries. */
    static ListTagsOfResourceResponse page(TreeMap<String, String> tags, String nextToken, int pageMax) {
        Map<String, String> rest = tags;
        if (nextToken != null) {
            String after;
            try {
                after = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw DynamoException.validation("Invalid NextToken: " + nextToken);
            }
            rest = tags.tailMap(after, false);
        }
        List<Tag> page = new ArrayList<>();
        for (Map.Entry<String, String> entry : rest.entrySet()) {
            if (page.size() == pageMax) {
                return new ListTagsOfResourceResponse(page, Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(page.getLast().key().getBytes(StandardCharsets.UTF_8)));
            }
            page.add(new Tag(entry.getKey(), entry.getValue()));
        }
        return new ListTagsOfResourceResponse(page, null);
    }

    private static void checkKey(String key, String where) {
        if (key == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + where
                    + "' failed to satisfy constraint: Member must not be null");
        }
        int length = key.codePointCount(0, key.length());
        if (length < 1 || length > KEY_LENGTH_MAX) {
            throw DynamoException.validation("1 validation error detected: Value '" + key + "' at '" + where
                    + "' failed to satisfy constraint: Member must have length " + (length < 1
                    ? "greater than or equal to 1" : "less than or equal to " + KEY_LENGTH_MAX));
        }
        if (!ALLOWED.matcher(key).matches()) {
            throw DynamoException.validation("One or more parameter values were invalid: Invalid tag key: " + key
                    + " (letters, digits, white space and _ . : / = + - @ only)");
        }
        if (key.startsWith("aws:")) {
            throw DynamoException.validation("One or more parameter values were invalid: Tag key " + key
                    + " uses the prefix aws:, which is reserved for AWS use");
        }
    }

    private static void checkValue(String value, String where) {
        if (value == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + where
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (value.codePointCount(0, value.length()) > VALUE_LENGTH_MAX) {
            throw DynamoException.validation("1 validation error detected: Value '" + value + "' at '" + where
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + VALUE_LENGTH_MAX);
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw DynamoException.validation("One or more parameter values were invalid: Invalid tag value: " + value
                    + " (letters, digits, white space and _ . : / = + - @ only)");
        }
    }

    /** ResourceNotFoundException for a well-formed table ARN of no table. */
    static DynamoException notFound(String arn) {
        return new DynamoException(ErrorType.ResourceNotFoundException,
                "Requested resource not found: ResourceArn: " + arn + " not found");
    }
}
