package keystorm.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import keystorm.engine.api.DynamoException;
import keystorm.engine.auth.Request;
import keystorm.engine.auth.Request.Attributes;
import keystorm.engine.expr.ExpressionContext;
import keystorm.engine.expr.Expressions;
import keystorm.engine.item.AttributeValue;

/**
 * What one DynamoDB request asks to be allowed: the {@link Request}s (action, resource, and the context keys
 * {@code dynamodb:LeadingKeys}, {@code dynamodb:Attributes}, {@code dynamodb:Select}) that {@code keystorm serve
 * --auth} authorizes before the engine sees the request. It reads the same JSON tree the engine will read, through
 * the engine's own parsers (legacy parameters rewritten as {@link Operations} does, key conditions bound by
 * {@link Expressions#keyCondition}), so the partition key it names is the one the engine will touch.
 *
 * <p>After DynamoDB's "Using IAM policy conditions for fine-grained access control" and the "Actions, resources, and
 * condition keys for Amazon DynamoDB" reference:
 * <ul>
 * <li>Action {@code dynamodb:<Operation>}; TagResource, UntagResource and ListTagsOfResource are on their
 *     ResourceArn as given, DescribeLimits and DescribeEndpoints on {@code *}; a TransactWriteItems item needs its kind's action (Put: PutItem, Update:
 *     UpdateItem, Delete: DeleteItem, ConditionCheck: ConditionCheckItem), a TransactGetItems item GetItem.
 *     ListTables and ListStreams are on resource {@code *}, DescribeStream, GetShardIterator and GetRecords on the
 *     stream's ARN ({@code table/T/stream/LABEL}), everything else on {@code arn:aws:dynamodb:REGION:ACCOUNT:table/T}, with
 *     {@code /index/I} when the request names IndexName.
 * <li>One Request per item of a transaction or a batch (BatchWriteItem and BatchGetItem keep their own action), not
 *     one per table with the items' keys merged. DynamoDB's pages are silent on the grain; per item is the stricter
 *     reading: for ForAllValues conditions the two agree, and for ForAnyValue, plain StringEquals on several values,
 *     or a Deny naming one key, merging would let one allowed item carry a denied one through.
 * <li>LeadingKeys: the partition key's value of the key or item (S as is, N in DynamoDB's canonical text, B in
 *     base64); a Query's from its key condition. A Scan has none, so the key is absent from its context, and IAM
 *     holds {@code ForAllValues:...} true over an absent key: a leading-key policy keeps a user off a Scan only by
 *     not listing dynamodb:Scan (DynamoDB's own example policy lists GetItem, Query, PutItem ... and not Scan).
 * <li>Attributes: the top-level names a request reads or writes, key attributes included (DynamoDB asks a policy
 *     limiting attributes to list the key attributes): a projection's, a Put item's, an update's, and the names a
 *     condition or filter reads (the stricter reading: a condition reveals what it tests). A read without a
 *     projection, and a write with ReturnValues ALL_OLD or ALL_NEW, reads every attribute: {@link Attributes#ALL}.
 * <li>Select: the request's Select member when it has one.
 * </ul>
 *
 * <p>A Query or Scan that names IndexName is authorized on the index ARN, as DynamoDB names it
 * ({@code table/T/index/I}), and the engine then reads the index (or answers the ValidationException DynamoDB
 * gives for an index the table does not have): a grant on an index reaches only what the index holds.
 *
 * <p>An error found while building a context (a malformed key, a key condition that misses the partition key) is
 * not answered at once, which could tell a caller without access about a table's schema: it is {@link
 * Contexts#deferred}, answered once the parts that could be built are allowed, and the request never reaches the
 * engine. A request with no resource to name (no TableName, TransactItems not a list) is refused at once: that
 * reveals nothing.
 */
public final class RequestContexts {

    /** A table's key attribute names, as the engine has them. */
    public record TableKeys(String partitionKey, Optional<String> sortKey) {
        Set<String> names() {
            Set<String> names = new LinkedHashSet<>();
            names.add(partitionKey);
            sortKey.ifPresent(names::add);
            return names;
        }
    }

    /**
     * The requests to authorize; the tables named that do not exist (answered ResourceNotFoundException once
     * allowed); the error to answer once allowed, if building a context found one.
     */
    public record Contexts(List<Request> requests, Set<String> missingTables, Optional<DynamoException> deferred) {
        public Contexts {
            requests = List.copyOf(requests);
            missingTables = Set.copyOf(missingTables);
        }
    }

    private final String region;
    private final String account;
    private final Function<String, Optional<TableKeys>> tables;
    private final Map<String, Optional<TableKeys>> keysByTable = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Set<String> missing = new LinkedHashSet<>();
    private DynamoException deferred;

    private RequestContexts(String region, String account, Function<String, Optional<TableKeys>> tables) {
        this.region = region;
        this.account = account;
        this.tables = tables;
    }

    /**
     * @param operation the name after {@code DynamoDB_20120810.}, one of {@link Operations#NAMES}, or a DynamoDB
     *                  Streams target whole ({@code DynamoDBStreams_20120810.GetRecords})
     * @param body      the request's JSON, as the engine will read it
     * @param region    the region the request was signed for
     * @param tables    the key schema of a table, empty if it does not exist
     * @throws DynamoException for a request whose resources cannot even be named
     */
    public static Contexts of(String operation, JsonNode body, String region, String account,
                              Function<String, Optional<TableKeys>> tables) {
        RequestContexts contexts = new RequestContexts(region, account, tables);
        contexts.build(operation, body == null || body.isMissingNode() ? JsonNodeFactory.instance.objectNode() : body);
        return new Contexts(contexts.requests, contexts.missing, Optional.ofNullable(contexts.deferred));
    }

    private void build(String operation, JsonNode body) {
        if (operation.startsWith(StreamsOperations.PREFIX)) {
            stream(operation.substring(StreamsOperations.PREFIX.length()), new JsonIn(body));
            return;
        }
        JsonIn in = new JsonIn(LegacyParameters.rewrite(body));
        switch (operation) {
            case "ListTables" -> requests.add(Request.of("dynamodb:ListTables", "*"));
            case "CreateTable", "DescribeTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive", "DescribeTimeToLive" ->
                    requests.add(Request.of("dynamodb:" + operation, arn(table(in), null)));
            // on the ARN as the caller gave it: the engine then answers for an ARN it cannot read or a missing table
            case "TagResource", "UntagResource", "ListTagsOfResource" ->
                    requests.add(Request.of("dynamodb:" + operation, resourceArn(in)));
            case "DescribeLimits", "DescribeEndpoints" -> requests.add(Request.of("dynamodb:" + operation, "*"));
            case "GetItem" -> read("dynamodb:GetItem", in, in.string("TableName"), "Key");
            case "PutItem", "UpdateItem", "DeleteItem" -> write("dynamodb:" + operation, in, operation);
            case "Query", "Scan" -> page(operation, in);
            case "BatchGetItem" -> batchGet(in);
            case "BatchWriteItem" -> batchWrite(in);
            case "TransactGetItems" -> {
                for (JsonNode item : list(in, "TransactItems")) {
                    JsonIn get = JsonIn.structure(item).object("Get");
                    if (get == null) {
                        throw DynamoException.validation("1 validation error detected: Value null at "
                                + "'transactItems.member.get' failed to satisfy constraint: Member must not be null");
                    }
                    read("dynamodb:GetItem", get, get.string("TableName"), "Key");
                }
            }
            case "TransactWriteItems" -> {
                for (JsonNode item : list(in, "TransactItems")) {
                    transactWriteItem(JsonIn.structure(item));
                }
            }
            case "ExecuteStatement" -> statement(in.string("Statement"));
            case "BatchExecuteStatement", "ExecuteTransaction" -> {
                for (JsonNode statement : list(in, operation.equals("ExecuteTransaction") ? "TransactStatements"
                        : "Statements")) {
                    statement(JsonIn.structure(statement).string("Statement"));
                }
            }
            default -> throw new DynamoException(keystorm.engine.api.ErrorType.UnknownOperationException, "");
        }
    }

    /**
     * One PartiQL statement: its action on the table or index it names ({@link keystorm.engine.partiql.Partiql#describe},
     * which parses it through the engine's cache; a malformed one is refused at once, revealing nothing), with no
     * LeadingKeys and every attribute: the statement's key is not read here, so a policy that limits
     * dynamodb:LeadingKeys with ForAllValues does not hold a PartiQL request back (grant the PartiQL actions only
     * to callers who may touch the whole table); a limit on dynamodb:Attributes does.
     */
    private void statement(String statement) {
        if (statement == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'statement' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        // the table's existence is left to the engine: BatchExecuteStatement answers a missing table per statement
        keystorm.engine.partiql.Partiql.Description target = keystorm.engine.partiql.Partiql.describe(statement);
        requests.add(new Request("dynamodb:" + target.action().name(), arn(target.tableName(), target.indexName()),
                Set.of(), Attributes.ALL, Optional.empty()));
    }

    // ---- one operation each

    /** GetItem, a TransactGetItems Get: one key, an optional projection. */
    private void read(String action, JsonIn in, String tableName, String keyMember) {
        String table = required(tableName);
        Optional<TableKeys> keys = keys(table);
        Set<String> leading = Set.of();
        Attributes attributes = Attributes.ALL;
        try {
            leading = leadingKey(in.attributes(keyMember), keys);
            String projection = in.string("ProjectionExpression");
            if (projection != null) {
                Set<String> names = new LinkedHashSet<>(Expressions.projectionNames(projection,
                        new ExpressionContext(in.strings("ExpressionAttributeNames"), null)));
                keys.ifPresent(k -> names.addAll(k.names()));
                attributes = new Attributes.Named(names);
            }
        } catch (DynamoException e) {
            defer(e);
        }
        requests.add(new Request(action, arn(table, null), leading, attributes, Optional.empty()));
    }

    /** PutItem, UpdateItem, DeleteItem and the like items of TransactWriteItems. */
    private void write(String action, JsonIn in, String kind) {
        String table = required(in.string("TableName"));
        Optional<TableKeys> keys = keys(table);
        Set<String> leading = Set.of();
        Attributes attributes = Attributes.ALL;
        try {
            Map<String, AttributeValue> keyOrItem = in.attributes(kind.equals("PutItem") ? "Item" : "Key");
            leading = leadingKey(keyOrItem, keys);
            ExpressionContext context = context(in);
            Set<String> names = new LinkedHashSet<>();
            keys.ifPresent(k -> names.addAll(k.names()));
            if (keyOrItem != null) {
                names.addAll(keyOrItem.keySet());
            }
            String update = in.string("UpdateExpression");
            if (update != null && kind.equals("UpdateItem")) {
                names.addAll(Expressions.update(update, context).topLevelNames());
            }
            String condition = in.string("ConditionExpression");
            if (condition != null) {
                names.addAll(Expressions.conditionNames(condition, context, "ConditionExpression"));
            }
            // ALL_OLD / ALL_NEW, or ALL_OLD on a failed condition, answer with every attribute of the item
            String returnValues = in.string("ReturnValues");
            boolean readsAll = "ALL_OLD".equals(returnValues) || "ALL_NEW".equals(returnValues)
                    || "ALL_OLD".equals(in.string("ReturnValuesOnConditionCheckFailure"));
            attributes = readsAll ? Attributes.ALL : new Attributes.Named(names);
        } catch (DynamoException e) {
            defer(e);
        }
        requests.add(new Request(action, arn(table, null), leading, attributes, Optional.empty()));
    }

    private void page(String operation, JsonIn in) {
        String table = required(in.string("TableName"));
        Optional<TableKeys> keys = keys(table);
        String select = in.string("Select");
        Set<String> leading = Set.of();
        Attributes attributes = Attributes.ALL;
        try {
            ExpressionContext context = context(in);
            Set<String> names = new LinkedHashSet<>();
            keys.ifPresent(k -> names.addAll(k.names()));
            if (operation.equals("Query")) {
                String keyCondition = in.string("KeyConditionExpression");
                if (keyCondition == null) {
                    throw DynamoException.validation("Either the KeyConditions or KeyConditionExpression parameter "
                            + "must be specified in the request.");
                }
                if (keys.isPresent()) {
                    leading = Set.of(text(Expressions.keyCondition(keyCondition, context, keys.get().partitionKey(),
                            keys.get().sortKey().orElse(null)).partitionKeyValue()));
                }
            }
            String filter = in.string("FilterExpression");
            if (filter != null) {
                names.addAll(Expressions.conditionNames(filter, context, "FilterExpression"));
            }
            String projection = in.string("ProjectionExpression");
            if (projection != null) {
                names.addAll(Expressions.projectionNames(projection, context));
                attributes = new Attributes.Named(names);
            } else if ("COUNT".equals(select)) {
                attributes = new Attributes.Named(names); // no attribute comes back, but the filter reads some
            }
        } catch (DynamoException e) {
            defer(e);
        }
        String index = in.string("IndexName"); // authorized on the index's ARN; the engine then knows the index or not
        requests.add(new Request("dynamodb:" + operation, arn(table, index), leading, attributes,
                Optional.ofNullable(select)));
    }

    private void batchGet(JsonIn in) {
        for (Map.Entry<String, JsonNode> entry : map(in, "RequestItems")) {
            JsonNode keysAndAttributes = LegacyParameters.rewrite(entry.getValue());
            for (JsonNode key : list(JsonIn.structure(keysAndAttributes), "Keys")) {
                ObjectNode one = JsonNodeFactory.instance.objectNode();
                one.set("Key", key);
                for (String member : List.of("ProjectionExpression", "ExpressionAttributeNames")) {
                    if (keysAndAttributes.has(member)) {
                        one.set(member, keysAndAttributes.get(member));
                    }
                }
                read("dynamodb:BatchGetItem", JsonIn.structure(one), entry.getKey(), "Key");
            }
        }
    }

    private void batchWrite(JsonIn in) {
        for (Map.Entry<String, JsonNode> entry : map(in, "RequestItems")) {
            if (!entry.getValue().isArray()) {
                throw JsonIn.serialization("Unexpected value type in payload: expected a list");
            }
            for (JsonNode write : entry.getValue()) {
                JsonIn request = JsonIn.structure(write);
                JsonIn put = request.object("PutRequest");
                JsonIn delete = request.object("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoException.validation("A WriteRequest must contain exactly one of PutRequest and "
                            + "DeleteRequest");
                }
                ObjectNode one = JsonNodeFactory.instance.objectNode().put("TableName", entry.getKey());
                if (put != null) {
                    one.set("Item", write.get("PutRequest").get("Item"));
                } else {
                    one.set("Key", write.get("DeleteRequest").get("Key"));
                }
                write("dynamodb:BatchWriteItem", JsonIn.structure(one), put != null ? "PutItem" : "DeleteItem");
            }
        }
    }

    private void transactWriteItem(JsonIn item) {
        String[][] kinds = {{"Put", "PutItem"}, {"Update", "UpdateItem"}, {"Delete", "DeleteItem"},
                {"ConditionCheck", "ConditionCheckItem"}};
        JsonIn found = null;
        String kind = null;
        int count = 0;
        for (String[] k : kinds) {
            JsonIn part = item.object(k[0]);
            if (part != null) {
                found = part;
                kind = k[1];
                count++;
            }
        }
        if (count != 1) {
            throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        write("dynamodb:" + kind, found, kind);
    }

    /**
     * DynamoDB Streams: ListStreams on {@code *}; DescribeStream and GetShardIterator on the stream's ARN; GetRecords
     * on the ARN of the stream its iterator reads, which an iterator begins with as DynamoDB's do
     * ({@code <stream ARN>|...}). A stream ARN is authorized in the caller's region and account, as a table's is.
     * An iterator that names no stream is authorized on {@code table/*}{@code /stream/*} itself, which only a
     * grant on every stream allows.
     */
    private void stream(String operation, JsonIn in) {
        switch (operation) {
            case "ListStreams" -> requests.add(Request.of("dynamodb:ListStreams", "*"));
            case "DescribeStream", "GetShardIterator" -> {
                String given = in.string("StreamArn");
                if (given == null) {
                    throw DynamoException.validation("1 validation error detected: Value null at 'streamArn' failed "
                            + "to satisfy constraint: Member must not be null");
                }
                requests.add(Request.of("dynamodb:" + operation, streamArn(StreamsOperations.streamArn(given,
                        "streamArn"))));
            }
            case "GetRecords" -> {
                String iterator = in.string("ShardIterator");
                if (iterator == null) {
                    throw DynamoException.validation("1 validation error detected: Value null at 'shardIterator' "
                            + "failed to satisfy constraint: Member must not be null");
                }
                int bar = iterator.indexOf('|');
                String named = bar < 0 ? null : iterator.substring(0, bar);
                String resource;
                try {
                    resource = named == null ? null : streamArn(StreamsOperations.streamArn(named, "shardIterator"));
                } catch (DynamoException notAnArn) {
                    resource = null;
                }
                requests.add(Request.of("dynamodb:GetRecords", resource != null ? resource
                        : "arn:aws:dynamodb:" + region + ":" + account + ":table/*/stream/*"));
            }
            default -> throw new DynamoException(keystorm.engine.api.ErrorType.UnknownOperationException, "");
        }
    }

    /** A well-formed stream ARN, in the caller's region and account: {@code ...:table/T/stream/LABEL}. */
    private String streamArn(String given) {
        String path = given.substring(given.indexOf(":table/") + ":table/".length());
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + path;
    }

    // ---- parts

    private void defer(DynamoException e) {
        if (deferred == null) {
            deferred = e;
        }
    }

    private Optional<TableKeys> keys(String table) {
        Optional<TableKeys> keys = keysByTable.computeIfAbsent(table, tables);
        if (keys.isEmpty()) {
            missing.add(table);
        }
        return keys;
    }

    private String arn(String table, String index) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table + (index == null ? "" : "/index/" + index);
    }

    private static String resourceArn(JsonIn in) {
        String arn = in.string("ResourceArn");
        if (arn == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'resourceArn' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        return arn;
    }

    private static String table(JsonIn in) {
        return required(in.string("TableName"));
    }

    private static String required(String tableName) {
        if (tableName == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'tableName' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        return tableName;
    }

    /**
     * The partition key's value of a key or an item; none for a table that does not exist (answered
     * ResourceNotFoundException once allowed). A key or item without it is refused, as the engine would.
     */
    private static Set<String> leadingKey(Map<String, AttributeValue> keyOrItem, Optional<TableKeys> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        if (keyOrItem == null || !keyOrItem.containsKey(keys.get().partitionKey())) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        return Set.of(text(keyOrItem.get(keys.get().partitionKey())));
    }

    /** A key value as IAM compares it: S as is, N in DynamoDB's canonical text, B in base64. */
    static String text(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> s.value();
            case AttributeValue.N n -> n.value().toString();
            case AttributeValue.B b -> b.value().toBase64();
            default -> value.toString(); // not a key type: the engine refuses it
        };
    }

    private static ExpressionContext context(JsonIn in) {
        return new ExpressionContext(in.strings("ExpressionAttributeNames"), in.attributes("ExpressionAttributeValues"));
    }

    private static List<JsonNode> list(JsonIn in, String member) {
        List<JsonNode> out = in.list(member, n -> n);
        return out == null ? List.of() : out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> map(JsonIn in, String member) {
        Map<String, JsonNode> out = in.map(member, n -> n);
        return out == null ? List.of() : out.entrySet();
    }

}
