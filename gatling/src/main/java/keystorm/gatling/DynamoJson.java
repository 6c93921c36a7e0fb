package keystorm.gatling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.workloads.bench.BenchKey;
import keystorm.workloads.bench.TableMode;

/**
 * The request bodies of DynamoDB's JSON 1.0 protocol that the simulations send, and the error
 * type of a response. Reads are eventually consistent (DynamoDB's default, and YCSB's).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html">the
 *     API reference</a>
 */
public final class DynamoJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The retryable capacity errors (DynamoDB's "throttling" family); each says nothing was applied. */
    private static final Set<String> THROTTLING = Set.of("ProvisionedThroughputExceededException",
            "ThrottlingException", "RequestLimitExceeded");

    private DynamoJson() {
    }

    /** {@code pk} S HASH, {@code sk} S RANGE, billed as {@code mode}. */
    public static String createTable(String table, TableMode mode) {
        ObjectNode body = JSON.createObjectNode().put("TableName", table);
        ArrayNode attributes = body.putArray("AttributeDefinitions");
        attributes.addObject().put("AttributeName", BenchKey.PARTITION_KEY).put("AttributeType", "S");
        attributes.addObject().put("AttributeName", BenchKey.SORT_KEY).put("AttributeType", "S");
        ArrayNode schema = body.putArray("KeySchema");
        schema.addObject().put("AttributeName", BenchKey.PARTITION_KEY).put("KeyType", "HASH");
        schema.addObject().put("AttributeName", BenchKey.SORT_KEY).put("KeyType", "RANGE");
        switch (mode) {
            case TableMode.OnDemand onDemand -> body.put("BillingMode", "PAY_PER_REQUEST");
            case TableMode.Provisioned provisioned -> {
                body.put("BillingMode", "PROVISIONED");
                body.putObject("ProvisionedThroughput")
                        .put("ReadCapacityUnits", provisioned.readCapacityUnits())
                        .put("WriteCapacityUnits", provisioned.writeCapacityUnits());
            }
        }
        return write(body);
    }

    public static String describeTable(String table) {
        return write(JSON.createObjectNode().put("TableName", table));
    }

    public static String getItem(String table, BenchKey key) {
        ObjectNode body = JSON.createObjectNode().put("TableName", table);
        key(body.putObject("Key"), key);
        return write(body);
    }

    /** One table's keys (at most 100, DynamoDB's limit for one BatchGetItem). */
    public static String batchGetItem(String table, List<BenchKey> keys) {
        if (keys.isEmpty() || keys.size() > 100) {
            throw new IllegalArgumentException("a BatchGetItem reads 1 to 100 keys, not " + keys.size());
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putObject("RequestItems").putObject(table).putArray("Keys");
        for (BenchKey key : keys) {
            key(array.addObject(), key);
        }
        return write(body);
    }

    public static String putItem(String table, BenchKey key, Map<String, String> fields) {
        ObjectNode body = JSON.createObjectNode().put("TableName", table);
        ObjectNode item = body.putObject("Item");
        key(item, key);
        fields.forEach((name, value) -> item.putObject(name).put("S", value));
        return write(body);
    }

    /** {@code SET #f0 = :v0, #f1 = :v1 ...}: names through placeholders, so no field name is ever a reserved word. */
    public static String updateItem(String table, BenchKey key, Map<String, String> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an update sets at least one field");
        }
        ObjectNode body = JSON.createObjectNode().put("TableName", table);
        key(body.putObject("Key"), key);
        ObjectNode names = JSON.createObjectNode();
        ObjectNode values = JSON.createObjectNode();
        StringBuilder expression = new StringBuilder("SET ");
        int i = 0;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (i > 0) {
                expression.append(", ");
            }
            expression.append("#f").append(i).append(" = :v").append(i);
            names.put("#f" + i, field.getKey());
            values.putObject(":v" + i).put("S", field.getValue());
            i++;
        }
        body.put("UpdateExpression", expression.toString());
        body.set("ExpressionAttributeNames", names);
        body.set("ExpressionAttributeValues", values);
        return write(body);
    }

    /**
     * The short error type of a response body ({@code ProvisionedThroughputExceededException} from
     * {@code com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException}); empty when
     * the body is not a DynamoDB error.
     */
    public static String errorType(String body) {
        JsonNode type;
        try {
            type = JSON.readTree(body).path("__type");
        } catch (JsonProcessingException | RuntimeException e) {
            return "";
        }
        if (!type.isTextual()) {
            return "";
        }
        String text = type.asText();
        return text.substring(text.lastIndexOf('#') + 1);
    }

    public static boolean isThrottling(String errorType) {
        return THROTTLING.contains(errorType);
    }

    private static void key(ObjectNode into, BenchKey key) {
        into.putObject(BenchKey.PARTITION_KEY).put("S", key.pk());
        into.putObject(BenchKey.SORT_KEY).put("S", key.sk());
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson could not write a tree it built", e);
        }
    }
}
