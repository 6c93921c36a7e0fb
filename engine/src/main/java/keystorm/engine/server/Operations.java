package keystorm.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.engine.Engine;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BatchGetItemRequest;
import keystorm.engine.api.BatchGetItemResponse;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.BatchWriteItemResponse;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.KeysAndAttributes;
import keystorm.engine.api.ListTablesResponse;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ItemCollectionMetrics;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ReturnItemCollectionMetrics;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.Select;
import keystorm.engine.api.TableDescription;
import keystorm.engine.api.TableStatus;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactGetItemsResponse;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.api.ThrottledException;
import keystorm.engine.api.ThrottlingReason;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.UpdateTableRequest;
import keystorm.engine.api.DescribeLimitsResponse;
import keystorm.engine.api.GlobalSecondaryIndexUpdate;
import keystorm.engine.api.ListTagsOfResourceResponse;
import keystorm.engine.api.StreamSpecification;
import keystorm.engine.api.StreamViewType;
import keystorm.engine.api.Tag;
import keystorm.engine.api.TableStream;
import keystorm.engine.api.TimeToLiveDescription;
import keystorm.engine.api.TimeToLiveSpecification;
import keystorm.engine.api.ThroughputHistory;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/**
 * DynamoDB's operations over JSON: each reads its request members into the engine's request
 * record, calls the engine, and writes the response members DynamoDB writes. Errors, including
 * those of parsing, are {@link DynamoException}s, written by {@link #error}.
 */
public final class Operations {
    /** The operations served, by the name after {@code DynamoDB_20120810.} in X-Amz-Target. */
    public static final List<String> NAMES = List.of("CreateTable", "DescribeTable", "DeleteTable", "ListTables",
            "PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
            "TransactWriteItems", "TransactGetItems", "UpdateTable", "TagResource", "UntagResource",
            "ListTagsOfResource", "DescribeLimits", "DescribeEndpoints", "UpdateTimeToLive", "DescribeTimeToLive",
            "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction");

    private final Engine engine;
    private final StreamsOperations streams;
    /** The address DescribeEndpoints answers ({@code host:port}, no scheme, as DynamoDB's). */
    private final java.util.function.Supplier<String> address;

    public Operations(Engine engine) {
        this(engine, () -> "localhost:8000");
    }

    public Operations(Engine engine, java.util.function.Supplier<String> address) {
        this.engine = engine;
        this.streams = new StreamsOperations(engine);
        this.address = address;
    }

    private static final byte[] NO_BODY = new byte[0];

    /** Answers one request body; throws DynamoException for DynamoDB's errors. */
    public byte[] call(String operation, JsonNode body) {
        if (operation.startsWith(StreamsOperations.PREFIX)) {
            return streams.call(operation.substring(StreamsOperations.PREFIX.length()), body);
        }
        JsonIn in = new JsonIn(LegacyParameters.rewrite(body));
        try (JsonOut out = new JsonOut()) {
            out.json.writeStartObject();
            switch (operation) {
                case "CreateTable" -> table(out, "TableDescription", engine.createTable(createTable(in), tags(in)));
                case "UpdateTable" -> table(out, "TableDescription", engine.updateTable(updateTable(in)));
                // DynamoDB answers these two with an empty body, not an empty object
                case "TagResource" -> {
                    engine.tagResource(in.string("ResourceArn"), tags(in));
                    return NO_BODY;
                }
                case "UntagResource" -> {
                    engine.untagResource(in.string("ResourceArn"), in.list("TagKeys", JsonIn::text));
                    return NO_BODY;
                }
                case "ListTagsOfResource" -> listTags(out, engine.listTagsOfResource(in.string("ResourceArn"),
                        in.string("NextToken")));
                case "DescribeLimits" -> describeLimits(out, engine.describeLimits());
                case "DescribeEndpoints" -> describeEndpoints(out, address.get());
                case "UpdateTimeToLive" -> timeToLive(out, engine.updateTimeToLive(
                        required(in.string("TableName"), "tableName"), timeToLive(in)));
                case "DescribeTimeToLive" -> timeToLive(out, engine.describeTimeToLive(
                        required(in.string("TableName"), "tableName")));
                case "DescribeTable" -> table(out, "Table", engine.describeTable(in.string("TableName")));
                case "DeleteTable" -> table(out, "TableDescription", engine.deleteTable(in.string("TableName")));
                case "ListTables" -> listTables(out, engine.listTables(in.string("ExclusiveStartTableName"),
                        in.integer("Limit")));
                case "PutItem" -> {
                    ReturnItemCollectionMetrics metrics = collectionMetrics(in);
                    write(out, engine.putItem(new PutItemRequest(in.string("TableName"), in.item("Item"),
                            in.string("ConditionExpression"), expressions(in), returnValues(in),
                            onFailure(in), capacity(in))));
                    collectionMetrics(out, engine, in, metrics, in.item("Item") == null ? null
                            : in.item("Item").attributes());
                }
                case "GetItem" -> getItem(out, engine.getItem(new GetItemRequest(in.string("TableName"),
                        in.attributes("Key"), Boolean.TRUE.equals(in.bool("ConsistentRead")),
                        in.string("ProjectionExpression"), in.strings("ExpressionAttributeNames"), capacity(in))));
                case "UpdateItem" -> {
                    ReturnItemCollectionMetrics metrics = collectionMetrics(in);
                    write(out, engine.updateItem(new UpdateItemRequest(in.string("TableName"),
                            in.attributes("Key"), in.string("UpdateExpression"), in.string("ConditionExpression"),
                            expressions(in), returnValues(in), onFailure(in), capacity(in))));
                    collectionMetrics(out, engine, in, metrics, in.attributes("Key"));
                }
                case "DeleteItem" -> {
                    ReturnItemCollectionMetrics metrics = collectionMetrics(in);
                    write(out, engine.deleteItem(new DeleteItemRequest(in.string("TableName"),
                            in.attributes("Key"), in.string("ConditionExpression"), expressions(in), returnValues(in),
                            onFailure(in), capacity(in))));
                    collectionMetrics(out, engine, in, metrics, in.attributes("Key"));
                }
                case "Query" -> page(out, engine.query(new QueryRequest(in.string("TableName"),
                        in.string("KeyConditionExpression"), in.string("FilterExpression"),
                        in.string("ProjectionExpression"), expressions(in), select(in), in.integer("Limit"),
                        Boolean.TRUE.equals(in.bool("ConsistentRead")), in.bool("ScanIndexForward"),
                        in.attributes("ExclusiveStartKey"), capacity(in), in.string("IndexName"))));
                case "Scan" -> page(out, engine.scan(new ScanRequest(in.string("TableName"),
                        in.string("FilterExpression"), in.string("ProjectionExpression"), expressions(in), select(in),
                        in.integer("Limit"), Boolean.TRUE.equals(in.bool("ConsistentRead")),
                        in.attributes("ExclusiveStartKey"), in.integer("Segment"), in.integer("TotalSegments"),
                        capacity(in), in.string("IndexName"))));
                case "BatchGetItem" -> batchGet(out, engine.batchGetItem(new BatchGetItemRequest(
                        in.map("RequestItems", Operations::keysAndAttributes), capacity(in))));
                case "BatchWriteItem" -> batchWrite(out, engine.batchWriteItem(new BatchWriteItemRequest(
                        in.map("RequestItems", n -> listOf(n, Operations::writeRequest)), capacity(in))));
                case "TransactWriteItems" -> transactWrite(out, engine.transactWriteItems(new TransactWriteItemsRequest(
                        in.list("TransactItems", Operations::transactWriteItem), in.string("ClientRequestToken"),
                        capacity(in))));
                case "TransactGetItems" -> transactGet(out, engine.transactGetItems(new TransactGetItemsRequest(
                        in.list("TransactItems", Operations::transactGetItem), capacity(in))));
                case "ExecuteStatement" -> PartiqlJson.executeStatement(out, engine, in);
                case "BatchExecuteStatement" -> PartiqlJson.batchExecuteStatement(out, engine, in);
                case "ExecuteTransaction" -> PartiqlJson.executeTransaction(out, engine, in);
                default -> throw new DynamoException(ErrorType.UnknownOperationException, "");
            }
            out.json.writeEndObject();
            return out.toBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DynamoDB's error body: {@code {"__type":"com.amazonaws.dynamodb.v20120810#Name","message":"..."}}. */
    public static byte[] error(DynamoException e) {
        try (JsonOut out = new JsonOut()) {
            out.json.writeStartObject();
            out.json.writeStringField("__type", e.type().wireType());
            out.json.writeStringField("message", e.getMessage());
            if (e instanceof ConditionalCheckFailedException ccf && ccf.item() != null) {
                out.item("Item", ccf.item());
            }
            if (e instanceof ThrottledException throttled) {
                out.json.writeArrayFieldStart("ThrottlingReasons");
                for (ThrottlingReason reason : throttled.reasons()) {
                    out.json.writeStartObject();
                    out.json.writeStringField("reason", reason.reason());
                    out.json.writeStringField("resource", reason.resource());
                    out.json.writeEndObject();
                }
                out.json.writeEndArray();
            }
            if (e instanceof TransactionCanceledException cancelled) {
                out.json.writeArrayFieldStart("CancellationReasons");
                for (CancellationReason reason : cancelled.reasons()) {
                    out.json.writeStartObject();
                    out.json.writeStringField("Code", reason.code());
                    if (reason.message() != null) {
                        out.json.writeStringField("Message", reason.message());
                    }
                    out.item("Item", reason.item());
                    out.json.writeEndObject();
                }
                out.json.writeEndArray();
            }
            out.json.writeEndObject();
            return out.toBytes();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    // ---- requests

    private static CreateTableRequest createTable(JsonIn in) {
        List<AttributeDefinition> definitions = in.list("AttributeDefinitions", n -> {
            JsonIn d = JsonIn.structure(n);
            return new AttributeDefinition(required(d.string("AttributeName"), "attributeDefinitions.member.attributeName"),
                    required(d.enumValue("AttributeType", ScalarAttributeType.class,
                            "attributeDefinitions.member.attributeType"), "attributeDefinitions.member.attributeType"));
        });
        List<KeySchemaElement> keySchema = in.list("KeySchema", n -> {
            JsonIn k = JsonIn.structure(n);
            return new KeySchemaElement(required(k.string("AttributeName"), "keySchema.member.attributeName"),
                    required(k.enumValue("KeyType", KeyType.class, "keySchema.member.keyType"), "keySchema.member.keyType"));
        });
        JsonIn throughput = in.object("ProvisionedThroughput");
        ProvisionedThroughput provisioned = throughput == null ? null : new ProvisionedThroughput(
                required(throughput.longValue("ReadCapacityUnits"), "provisionedThroughput.readCapacityUnits"),
                required(throughput.longValue("WriteCapacityUnits"), "provisionedThroughput.writeCapacityUnits"));
        return new CreateTableRequest(in.string("TableName"), definitions, keySchema,
                in.enumValue("BillingMode", BillingMode.class, "billingMode"), provisioned,
                SecondaryIndexJson.globals(in), SecondaryIndexJson.locals(in), streamSpecification(in));
    }

    /** CreateTable's and TagResource's Tags: null when absent (TagResource refuses that, CreateTable does not). */
    private static List<Tag> tags(JsonIn in) {
        return in.list("Tags", n -> {
            JsonIn t = JsonIn.structure(n);
            return new Tag(t.string("Key"), t.string("Value"));
        });
    }

    private static UpdateTableRequest updateTable(JsonIn in) {
        for (String unsupported : List.of("SSESpecification", "ReplicaUpdates", "TableClass",
                "DeletionProtectionEnabled", "OnDemandThroughput", "WarmThroughput")) {
            if (in.has(unsupported)) {
                throw DynamoException.validation("keystorm does not support UpdateTable's " + unsupported + " yet");
            }
        }
        List<AttributeDefinition> definitions = in.list("AttributeDefinitions", n -> {
            JsonIn d = JsonIn.structure(n);
            return new AttributeDefinition(required(d.string("AttributeName"), "attributeDefinitions.member.attributeName"),
                    required(d.enumValue("AttributeType", ScalarAttributeType.class,
                            "attributeDefinitions.member.attributeType"), "attributeDefinitions.member.attributeType"));
        });
        List<GlobalSecondaryIndexUpdate> updates = in.list("GlobalSecondaryIndexUpdates", Operations::indexUpdate);
        return new UpdateTableRequest(in.string("TableName"), definitions,
                in.enumValue("BillingMode", BillingMode.class, "billingMode"), throughput(in.object("ProvisionedThroughput"),
                "provisionedThroughput"), updates, streamSpecification(in));
    }

    /**
     * CreateTable's and UpdateTable's StreamSpecification (null when absent): StreamEnabled is required, and
     * StreamViewType with it when it is true.
     */
    private static StreamSpecification streamSpecification(JsonIn in) {
        JsonIn spec = in.object("StreamSpecification");
        if (spec == null) {
            return null;
        }
        boolean enabled = required(spec.bool("StreamEnabled"), "streamSpecification.streamEnabled");
        StreamViewType viewType = spec.enumValue("StreamViewType", StreamViewType.class,
                "streamSpecification.streamViewType");
        if (enabled && viewType == null) {
            throw DynamoException.validation("One or more parameter values were invalid: "
                    + "StreamViewType is required when StreamEnabled is true");
        }
        return new StreamSpecification(enabled, viewType);
    }

    /**
     * UpdateTimeToLive's TimeToLiveSpecification: AttributeName and Enabled, both required (the engine checks the
     * name's length, in the same words, before it looks at the table).
     */
    private static TimeToLiveSpecification timeToLive(JsonIn in) {
        JsonIn spec = required(in.object("TimeToLiveSpecification"), "timeToLiveSpecification");
        String name = required(spec.string("AttributeName"), "timeToLiveSpecification.attributeName");
        boolean enabled = required(spec.bool("Enabled"), "timeToLiveSpecification.enabled");
        return new TimeToLiveSpecification(name, enabled);
    }

    private static ProvisionedThroughput throughput(JsonIn throughput, String where) {
        return throughput == null ? null : new ProvisionedThroughput(
                required(throughput.longValue("ReadCapacityUnits"), where + ".readCapacityUnits"),
                required(throughput.longValue("WriteCapacityUnits"), where + ".writeCapacityUnits"));
    }

    /** One GlobalSecondaryIndexUpdate: exactly one of Create, Update, Delete (members DynamoDB does not know count). */
    private static GlobalSecondaryIndexUpdate indexUpdate(JsonNode node) {
        JsonIn in = JsonIn.structure(node);
        int members = node.size();
        JsonIn create = in.object("Create");
        JsonIn update = in.object("Update");
        JsonIn delete = in.object("Delete");
        if (members != 1 || (create == null && update == null && delete == null)) {
            throw DynamoException.validation("One or more parameter values were invalid: One and only one of Create, "
                    + "Update or Delete must be specified in each GlobalSecondaryIndexUpdate");
        }
        if (delete != null) {
            return new GlobalSecondaryIndexUpdate.Delete(indexName(delete, "delete"));
        }
        if (update != null) {
            return new GlobalSecondaryIndexUpdate.Update(indexName(update, "update"),
                    throughput(update.object("ProvisionedThroughput"),
                            "globalSecondaryIndexUpdates.member.update.provisionedThroughput"));
        }
        return new GlobalSecondaryIndexUpdate.Create(SecondaryIndexJson.global(create,
                "globalSecondaryIndexUpdates.1.member.create."));
    }

    /** An index name as the API constrains it: 3 to 255 of [a-zA-Z0-9_.-]. */
    private static String indexName(JsonIn in, String action) {
        String name = required(in.string("IndexName"), "globalSecondaryIndexUpdates.member." + action + ".indexName");
        if (!name.matches("[a-zA-Z0-9_.-]{3,255}")) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at "
                    + "'globalSecondaryIndexUpdates.1.member." + action + ".indexName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 3 and 255");
        }
        return name;
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + what
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static ExpressionInput expressions(JsonIn in) {
        return new ExpressionInput(in.strings("ExpressionAttributeNames"), in.attributes("ExpressionAttributeValues"));
    }

    private static ReturnValue returnValues(JsonIn in) {
        return in.enumValue("ReturnValues", ReturnValue.class, "returnValues");
    }

    private static ReturnValuesOnConditionCheckFailure onFailure(JsonIn in) {
        return in.enumValue("ReturnValuesOnConditionCheckFailure", ReturnValuesOnConditionCheckFailure.class,
                "returnValuesOnConditionCheckFailure");
    }

    private static ReturnItemCollectionMetrics collectionMetrics(JsonIn in) {
        return in.enumValue("ReturnItemCollectionMetrics", ReturnItemCollectionMetrics.class,
                "returnItemCollectionMetrics");
    }

    /**
     * ReturnItemCollectionMetrics SIZE, after the write: the item collection's size estimate, for a table with
     * local indexes (read just after the write, so a concurrent write to the collection may be in it).
     */
    private static void collectionMetrics(JsonOut out, Engine engine, JsonIn in, ReturnItemCollectionMetrics wanted,
                                          Map<String, AttributeValue> keyOrItem) throws IOException {
        if (wanted != ReturnItemCollectionMetrics.SIZE) {
            return;
        }
        ItemCollectionMetrics metrics = engine.itemCollectionMetrics(in.string("TableName"), keyOrItem);
        if (metrics != null) {
            out.json.writeObjectFieldStart("ItemCollectionMetrics");
            out.attributes("ItemCollectionKey", metrics.itemCollectionKey());
            out.json.writeArrayFieldStart("SizeEstimateRangeGB");
            out.json.writeNumber(metrics.lowerGB());
            out.json.writeNumber(metrics.upperGB());
            out.json.writeEndArray();
            out.json.writeEndObject();
        }
    }

    private static ReturnConsumedCapacity capacity(JsonIn in) {
        return in.enumValue("ReturnConsumedCapacity", ReturnConsumedCapacity.class, "returnConsumedCapacity");
    }

    private static Select select(JsonIn in) {
        return in.enumValue("Select", Select.class, "select");
    }

    private static <T> List<T> listOf(JsonNode node, java.util.function.Function<JsonNode, T> element) {
        if (!node.isArray()) {
            throw JsonIn.serialization("Unexpected value type in payload: expected a list");
        }
        List<T> out = new ArrayList<>(node.size());
        for (JsonNode e : node) {
            out.add(element.apply(e));
        }
        return out;
    }

    private static KeysAndAttributes keysAndAttributes(JsonNode node) {
        JsonIn in = JsonIn.structure(LegacyParameters.rewrite(node));
        List<Map<String, AttributeValue>> keys = in.list("Keys", Operations::attributeMap);
        return new KeysAndAttributes(keys == null ? List.of() : keys, Boolean.TRUE.equals(in.bool("ConsistentRead")),
                in.string("ProjectionExpression"), in.strings("ExpressionAttributeNames"));
    }

    private static Map<String, AttributeValue> attributeMap(JsonNode node) {
        if (!node.isObject()) {
            throw JsonIn.serialization("Unexpected value type in payload: expected a map of attribute values");
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), JsonIn.attributeValue(e.getValue())));
        return out;
    }

    private static WriteRequest writeRequest(JsonNode node) {
        JsonIn in = JsonIn.structure(node);
        JsonIn put = in.object("PutRequest");
        JsonIn delete = in.object("DeleteRequest");
        if ((put == null) == (delete == null)) {
            throw DynamoException.validation("A WriteRequest must contain exactly one of PutRequest and DeleteRequest");
        }
        return put != null ? new WriteRequest.Put(required(put.item("Item"), "putRequest.item"))
                : new WriteRequest.Delete(required(delete.attributes("Key"), "deleteRequest.key"));
    }

    private static TransactWriteItem transactWriteItem(JsonNode node) {
        JsonIn in = JsonIn.structure(node);
        JsonIn put = in.object("Put");
        JsonIn update = in.object("Update");
        JsonIn delete = in.object("Delete");
        JsonIn check = in.object("ConditionCheck");
        int count = (put == null ? 0 : 1) + (update == null ? 0 : 1) + (delete == null ? 0 : 1) + (check == null ? 0 : 1);
        if (count != 1) {
            throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        if (put != null) {
            return new TransactWriteItem.Put(put.string("TableName"), put.item("Item"), put.string("ConditionExpression"),
                    expressions(put), onFailure(put));
        }
        if (update != null) {
            return new TransactWriteItem.Update(update.string("TableName"), update.attributes("Key"),
                    update.string("UpdateExpression"), update.string("ConditionExpression"), expressions(update),
                    onFailure(update));
        }
        if (delete != null) {
            return new TransactWriteItem.Delete(delete.string("TableName"), delete.attributes("Key"),
                    delete.string("ConditionExpression"), expressions(delete), onFailure(delete));
        }
        return new TransactWriteItem.ConditionCheck(check.string("TableName"), check.attributes("Key"),
                check.string("ConditionExpression"), expressions(check), onFailure(check));
    }

    private static TransactGetItem transactGetItem(JsonNode node) {
        JsonIn get = JsonIn.structure(node).object("Get");
        if (get == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'transactItems.member.get' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        return new TransactGetItem(get.string("TableName"), get.attributes("Key"), get.string("ProjectionExpression"),
                get.strings("ExpressionAttributeNames"));
    }

    // ---- responses

    private static void table(JsonOut out, String member, TableDescription table) throws IOException {
        var json = out.json;
        json.writeObjectFieldStart(member);
        json.writeStringField("TableName", table.tableName());
        json.writeStringField("TableArn", table.tableArn());
        json.writeStringField("TableId", table.tableId());
        json.writeStringField("TableStatus", table.tableStatus().name());
        if (table.tableStatus() != TableStatus.DELETING) {
            // DeleteTable's description leaves out the creation time and the schema, as the service's does
            tableSchema(json, table);
        }
        json.writeObjectFieldStart("BillingModeSummary");
        json.writeStringField("BillingMode", table.billingMode().name());
        ThroughputHistory history = table.throughputHistory();
        if (table.billingMode() == BillingMode.PAY_PER_REQUEST) {
            // the last switch (UpdateTable); for a table created on demand and never switched, its creation
            java.time.Instant switched = history.lastUpdateToPayPerRequestDateTime() != null
                    ? history.lastUpdateToPayPerRequestDateTime() : table.creationDateTime();
            json.writeNumberField("LastUpdateToPayPerRequestDateTime", switched.toEpochMilli() / 1000.0);
        }
        json.writeEndObject();
        json.writeObjectFieldStart("ProvisionedThroughput");
        ProvisionedThroughput p = table.provisionedThroughput();
        if (history.lastIncreaseDateTime() != null) {
            json.writeNumberField("LastIncreaseDateTime", history.lastIncreaseDateTime().toEpochMilli() / 1000.0);
        }
        if (history.lastDecreaseDateTime() != null) {
            json.writeNumberField("LastDecreaseDateTime", history.lastDecreaseDateTime().toEpochMilli() / 1000.0);
        }
        json.writeNumberField("NumberOfDecreasesToday", history.numberOfDecreasesToday());
        json.writeNumberField("ReadCapacityUnits", p == null ? 0 : p.readCapacityUnits());
        json.writeNumberField("WriteCapacityUnits", p == null ? 0 : p.writeCapacityUnits());
        json.writeEndObject();
        json.writeNumberField("ItemCount", table.itemCount());
        json.writeNumberField("TableSizeBytes", table.tableSizeBytes());
        if (table.tableStatus() != TableStatus.DELETING) {
            SecondaryIndexJson.write(json, table);
        }
        stream(json, table.stream());
        json.writeEndObject();
    }

    /**
     * A table's StreamSpecification, LatestStreamArn and LatestStreamLabel; none of them for a table that never
     * had a stream, and no StreamSpecification once its stream is disabled (DynamoDB then still names the latest
     * stream).
     */
    private static void stream(com.fasterxml.jackson.core.JsonGenerator json, TableStream stream) throws IOException {
        if (stream == null) {
            return;
        }
        StreamSpecification spec = stream.streamSpecification();
        if (spec != null && spec.streamEnabled()) {
            json.writeObjectFieldStart("StreamSpecification");
            json.writeBooleanField("StreamEnabled", true);
            if (spec.streamViewType() != null) {
                json.writeStringField("StreamViewType", spec.streamViewType().name());
            }
            json.writeEndObject();
        }
        if (stream.latestStreamArn() != null) {
            json.writeStringField("LatestStreamArn", stream.latestStreamArn());
        }
        if (stream.latestStreamLabel() != null) {
            json.writeStringField("LatestStreamLabel", stream.latestStreamLabel());
        }
    }

    private static void timeToLive(JsonOut out, TimeToLiveSpecification spec) throws IOException {
        out.json.writeObjectFieldStart("TimeToLiveSpecification");
        out.json.writeStringField("AttributeName", spec.attributeName());
        out.json.writeBooleanField("Enabled", spec.enabled());
        out.json.writeEndObject();
    }

    private static void timeToLive(JsonOut out, TimeToLiveDescription description) throws IOException {
        out.json.writeObjectFieldStart("TimeToLiveDescription");
        out.json.writeStringField("TimeToLiveStatus", description.timeToLiveStatus().name());
        if (description.attributeName() != null) {
            out.json.writeStringField("AttributeName", description.attributeName());
        }
        out.json.writeEndObject();
    }

    private static void tableSchema(com.fasterxml.jackson.core.JsonGenerator json, TableDescription table)
            throws IOException {
        json.writeNumberField("CreationDateTime", table.creationDateTime().toEpochMilli() / 1000.0);
        json.writeArrayFieldStart("AttributeDefinitions");
        for (AttributeDefinition d : table.attributeDefinitions()) {
            json.writeStartObject();
            json.writeStringField("AttributeName", d.attributeName());
            json.writeStringField("AttributeType", d.attributeType().name());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("KeySchema");
        for (KeySchemaElement k : table.keySchema()) {
            json.writeStartObject();
            json.writeStringField("AttributeName", k.attributeName());
            json.writeStringField("KeyType", k.keyType().name());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void listTags(JsonOut out, ListTagsOfResourceResponse response) throws IOException {
        out.json.writeArrayFieldStart("Tags");
        for (Tag tag : response.tags()) {
            out.json.writeStartObject();
            out.json.writeStringField("Key", tag.key());
            out.json.writeStringField("Value", tag.value());
            out.json.writeEndObject();
        }
        out.json.writeEndArray();
        if (response.nextToken() != null) {
            out.json.writeStringField("NextToken", response.nextToken());
        }
    }

    private static void describeLimits(JsonOut out, DescribeLimitsResponse limits) throws IOException {
        out.json.writeNumberField("AccountMaxReadCapacityUnits", limits.accountMaxReadCapacityUnits());
        out.json.writeNumberField("AccountMaxWriteCapacityUnits", limits.accountMaxWriteCapacityUnits());
        out.json.writeNumberField("TableMaxReadCapacityUnits", limits.tableMaxReadCapacityUnits());
        out.json.writeNumberField("TableMaxWriteCapacityUnits", limits.tableMaxWriteCapacityUnits());
    }

    /** DescribeEndpoints: this server, to be cached for a day (DynamoDB's CachePeriodInMinutes). */
    private static void describeEndpoints(JsonOut out, String address) throws IOException {
        out.json.writeArrayFieldStart("Endpoints");
        out.json.writeStartObject();
        out.json.writeStringField("Address", address);
        out.json.writeNumberField("CachePeriodInMinutes", 1440);
        out.json.writeEndObject();
        out.json.writeEndArray();
    }

    private static void listTables(JsonOut out, ListTablesResponse response) throws IOException {
        out.json.writeArrayFieldStart("TableNames");
        for (String name : response.tableNames()) {
            out.json.writeString(name);
        }
        out.json.writeEndArray();
        if (response.lastEvaluatedTableName() != null) {
            out.json.writeStringField("LastEvaluatedTableName", response.lastEvaluatedTableName());
        }
    }

    private static void write(JsonOut out, WriteResponse response) throws IOException {
        out.item("Attributes", response.attributes());
        out.capacity("ConsumedCapacity", response.consumedCapacity());
    }

    private static void getItem(JsonOut out, GetItemResponse response) throws IOException {
        out.item("Item", response.item());
        out.capacity("ConsumedCapacity", response.consumedCapacity());
    }

    private static void page(JsonOut out, PageResponse page) throws IOException {
        if (!page.items().isEmpty() || page.count() == page.items().size()) {
            out.items("Items", page.items());
        }
        out.json.writeNumberField("Count", page.count());
        out.json.writeNumberField("ScannedCount", page.scannedCount());
        if (page.lastEvaluatedKey() != null) {
            out.attributes("LastEvaluatedKey", page.lastEvaluatedKey());
        }
        out.capacity("ConsumedCapacity", page.consumedCapacity());
    }

    private static void batchGet(JsonOut out, BatchGetItemResponse response) throws IOException {
        var json = out.json;
        json.writeObjectFieldStart("Responses");
        for (Map.Entry<String, List<Item>> entry : response.responses().entrySet()) {
            out.items(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("UnprocessedKeys");
        for (Map.Entry<String, KeysAndAttributes> entry : response.unprocessedKeys().entrySet()) {
            KeysAndAttributes keys = entry.getValue();
            json.writeObjectFieldStart(entry.getKey());
            json.writeArrayFieldStart("Keys");
            for (Map<String, AttributeValue> key : keys.keys()) {
                out.attributes(key);
            }
            json.writeEndArray();
            if (keys.consistentRead()) {
                json.writeBooleanField("ConsistentRead", true);
            }
            if (keys.projectionExpression() != null) {
                json.writeStringField("ProjectionExpression", keys.projectionExpression());
            }
            if (keys.expressionAttributeNames() != null) {
                json.writeObjectFieldStart("ExpressionAttributeNames");
                for (Map.Entry<String, String> name : keys.expressionAttributeNames().entrySet()) {
                    json.writeStringField(name.getKey(), name.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        out.capacities(response.consumedCapacity());
    }

    private static void batchWrite(JsonOut out, BatchWriteItemResponse response) throws IOException {
        var json = out.json;
        json.writeObjectFieldStart("UnprocessedItems");
        for (Map.Entry<String, List<WriteRequest>> entry : response.unprocessedItems().entrySet()) {
            json.writeArrayFieldStart(entry.getKey());
            for (WriteRequest write : entry.getValue()) {
                json.writeStartObject();
                switch (write) {
                    case WriteRequest.Put put -> {
                        json.writeObjectFieldStart("PutRequest");
                        out.item("Item", put.item());
                        json.writeEndObject();
                    }
                    case WriteRequest.Delete delete -> {
                        json.writeObjectFieldStart("DeleteRequest");
                        out.attributes("Key", delete.key());
                        json.writeEndObject();
                    }
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        out.capacities(response.consumedCapacity());
    }

    private static void transactWrite(JsonOut out, TransactWriteItemsResponse response) throws IOException {
        out.capacities(response.consumedCapacity());
    }

    private static void transactGet(JsonOut out, TransactGetItemsResponse response) throws IOException {
        out.itemResponses(response.responses());
        out.capacities(response.consumedCapacity());
    }
}
