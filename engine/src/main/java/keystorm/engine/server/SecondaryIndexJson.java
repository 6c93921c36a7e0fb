package keystorm.engine.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.GlobalSecondaryIndex;
import keystorm.engine.api.GlobalSecondaryIndexDescription;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.LocalSecondaryIndex;
import keystorm.engine.api.LocalSecondaryIndexDescription;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ProjectionType;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.TableDescription;

/**
 * CreateTable's GlobalSecondaryIndexes and LocalSecondaryIndexes members, read into the API
 * records, and the index descriptions of a table written back. Members of the wrong JSON type are
 * SerializationExceptions (through {@link JsonIn}); the rules that depend on a member's presence,
 * which the API records cannot tell from an empty list (an empty index list, NonKeyAttributes given
 * as {@code []}), are checked here, with DynamoDB's wording; everything else is
 * {@code TableSchema.of}'s.
 */
final class SecondaryIndexJson {
    private SecondaryIndexJson() {
    }

    static List<GlobalSecondaryIndex> globals(JsonIn in) {
        List<GlobalSecondaryIndex> out = new ArrayList<>();
        List<JsonNode> nodes = in.list("GlobalSecondaryIndexes", n -> n);
        if (nodes == null) {
            return out;
        }
        if (nodes.isEmpty()) {
            throw DynamoException.validation("One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty");
        }
        for (int i = 0; i < nodes.size(); i++) {
            out.add(global(JsonIn.structure(nodes.get(i)), "globalSecondaryIndexes." + (i + 1) + ".member."));
        }
        return out;
    }

    /** One global index's members (also UpdateTable's GlobalSecondaryIndexUpdates Create), {@code where} naming it. */
    static GlobalSecondaryIndex global(JsonIn index, String where) {
        JsonIn throughput = index.object("ProvisionedThroughput");
        ProvisionedThroughput provisioned = throughput == null ? null : new ProvisionedThroughput(
                required(throughput.longValue("ReadCapacityUnits"), where + "provisionedThroughput.readCapacityUnits"),
                required(throughput.longValue("WriteCapacityUnits"), where + "provisionedThroughput.writeCapacityUnits"));
        return new GlobalSecondaryIndex(index.string("IndexName"), keySchema(index, where), projection(index, where),
                provisioned);
    }

    static List<LocalSecondaryIndex> locals(JsonIn in) {
        List<LocalSecondaryIndex> out = new ArrayList<>();
        List<JsonNode> nodes = in.list("LocalSecondaryIndexes", n -> n);
        if (nodes == null) {
            return out;
        }
        if (nodes.isEmpty()) {
            throw DynamoException.validation("One or more parameter values were invalid: List of LocalSecondaryIndexes is empty");
        }
        for (int i = 0; i < nodes.size(); i++) {
            JsonIn index = JsonIn.structure(nodes.get(i));
            String where = "localSecondaryIndexes." + (i + 1) + ".member.";
            out.add(new LocalSecondaryIndex(index.string("IndexName"), keySchema(index, where),
                    projection(index, where)));
        }
        return out;
    }

    /** The index's KeySchema; absent is refused here ("must not be null"), empty by TableSchema.of. */
    private static List<KeySchemaElement> keySchema(JsonIn index, String where) {
        List<KeySchemaElement> keys = index.list("KeySchema", n -> {
            JsonIn k = JsonIn.structure(n);
            return new KeySchemaElement(required(k.string("AttributeName"), where + "keySchema.member.attributeName"),
                    required(k.enumValue("KeyType", KeyType.class, where + "keySchema.member.keyType"),
                            where + "keySchema.member.keyType"));
        });
        return required(keys, where + "keySchema");
    }

    /** The index's Projection, or null when absent (TableSchema.of refuses that with the member's path). */
    private static Projection projection(JsonIn index, String where) {
        JsonIn projection = index.object("Projection");
        if (projection == null) {
            return null;
        }
        ProjectionType type = projection.enumValue("ProjectionType", ProjectionType.class,
                where + "projection.projectionType");
        List<String> nonKey = projection.list("NonKeyAttributes", JsonIn::text);
        if (nonKey != null && nonKey.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value '[]' at '" + where
                    + "projection.nonKeyAttributes' failed to satisfy constraint: Member must have length greater than "
                    + "or equal to 1");
        }
        return new Projection(type, nonKey);
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + what
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /** The table's GlobalSecondaryIndexes and LocalSecondaryIndexes, each omitted when empty, as DynamoDB omits them. */
    static void write(JsonGenerator json, TableDescription table) throws IOException {
        if (!table.globalSecondaryIndexes().isEmpty()) {
            json.writeArrayFieldStart("GlobalSecondaryIndexes");
            for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
                json.writeStartObject();
                json.writeStringField("IndexName", index.indexName());
                keySchema(json, index.keySchema());
                projection(json, index.projection());
                json.writeStringField("IndexStatus", index.indexStatus().name());
                if (index.backfilling()) {
                    json.writeBooleanField("Backfilling", true);
                }
                json.writeObjectFieldStart("ProvisionedThroughput");
                json.writeNumberField("NumberOfDecreasesToday", index.numberOfDecreasesToday());
                json.writeNumberField("ReadCapacityUnits", index.provisionedThroughput().readCapacityUnits());
                json.writeNumberField("WriteCapacityUnits", index.provisionedThroughput().writeCapacityUnits());
                json.writeEndObject();
                json.writeNumberField("IndexSizeBytes", index.indexSizeBytes());
                json.writeNumberField("ItemCount", index.itemCount());
                json.writeStringField("IndexArn", index.indexArn());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (!table.localSecondaryIndexes().isEmpty()) {
            json.writeArrayFieldStart("LocalSecondaryIndexes");
            for (LocalSecondaryIndexDescription index : table.localSecondaryIndexes()) {
                json.writeStartObject();
                json.writeStringField("IndexName", index.indexName());
                keySchema(json, index.keySchema());
                projection(json, index.projection());
                json.writeNumberField("IndexSizeBytes", index.indexSizeBytes());
                json.writeNumberField("ItemCount", index.itemCount());
                json.writeStringField("IndexArn", index.indexArn());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    private static void keySchema(JsonGenerator json, List<KeySchemaElement> keys) throws IOException {
        json.writeArrayFieldStart("KeySchema");
        for (KeySchemaElement k : keys) {
            json.writeStartObject();
            json.writeStringField("AttributeName", k.attributeName());
            json.writeStringField("KeyType", k.keyType().name());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void projection(JsonGenerator json, Projection projection) throws IOException {
        json.writeObjectFieldStart("Projection");
        json.writeStringField("ProjectionType", projection.projectionType().name());
        if (!projection.nonKeyAttributes().isEmpty()) {
            json.writeArrayFieldStart("NonKeyAttributes");
            for (String attribute : projection.nonKeyAttributes()) {
                json.writeString(attribute);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }
}
