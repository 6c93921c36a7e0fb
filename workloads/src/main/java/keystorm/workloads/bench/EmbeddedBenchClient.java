package keystorm.workloads.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import keystorm.engine.Engine;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BatchGetItemRequest;
import keystorm.engine.api.BatchGetItemResponse;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.KeysAndAttributes;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/**
 * The bench's client of an {@link Engine} in this process: each request is the engine's typed
 * request, called on the sender's thread (no JSON, no copy beyond building the key), so the
 * future is complete when {@link #execute} returns ({@link #pipelined()} is false). Every request
 * asks for its consumed capacity (ReturnConsumedCapacity TOTAL) and the outcome carries it.
 *
 * <p>Outcomes: a {@link DynamoException} whose type {@link BenchOutcome#isThrottling} is THROTTLED,
 * another 4xx FAILED, InternalServerError (a 5xx: a crashed or closed engine) INDETERMINATE. A
 * BatchGetItem whose keys were partly left unprocessed is OK with the items it did return (the
 * client never retries; {@link BenchOutcome#items} says how many). Anything else the engine
 * throws is a broken invariant and propagates.
 *
 * <p>The client owns the engine: {@link #close()} closes it.
 */
public final class EmbeddedBenchClient implements BenchClient {
    private static final ReturnConsumedCapacity TOTAL = ReturnConsumedCapacity.TOTAL;
    private static final String PK_VALUE = ":pk";
    private static final String FIELD_NAME = "#f";
    private static final String FIELD_VALUE = ":v";
    private static final String QUERY_CONDITION = BenchKey.PARTITION_KEY + " = " + PK_VALUE;
    private static final String UPDATE_EXPRESSION = "SET " + FIELD_NAME + " = " + FIELD_VALUE;

    private final Engine engine;

    public EmbeddedBenchClient(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    public Engine engine() {
        return engine;
    }

    @Override
    public void createTable(String table, TableMode mode) {
        deleteTable(table);
        List<AttributeDefinition> attributes = List.of(
                new AttributeDefinition(BenchKey.PARTITION_KEY, ScalarAttributeType.S),
                new AttributeDefinition(BenchKey.SORT_KEY, ScalarAttributeType.S));
        List<KeySchemaElement> schema = List.of(new KeySchemaElement(BenchKey.PARTITION_KEY, KeyType.HASH),
                new KeySchemaElement(BenchKey.SORT_KEY, KeyType.RANGE));
        CreateTableRequest request = switch (mode) {
            case TableMode.OnDemand ignored ->
                    new CreateTableRequest(table, attributes, schema, BillingMode.PAY_PER_REQUEST, null);
            case TableMode.Provisioned p -> new CreateTableRequest(table, attributes, schema, BillingMode.PROVISIONED,
                    new ProvisionedThroughput(p.readCapacityUnits(), p.writeCapacityUnits()));
        };
        engine.createTable(request); // the engine's tables are ACTIVE as soon as created
    }

    @Override
    public void deleteTable(String table) {
        try {
            engine.deleteTable(table);
        } catch (DynamoException e) {
            if (e.type() != ErrorType.ResourceNotFoundException) {
                throw e;
            }
        }
    }

    @Override
    public CompletableFuture<BenchOutcome> execute(BenchRequest request) {
        BenchOutcome outcome;
        try {
            outcome = switch (request) {
                case BenchRequest.Get get -> get(get);
                case BenchRequest.Put put -> written(engine.putItem(new PutItemRequest(put.table(), item(put),
                        null, null, null, null, TOTAL)));
                case BenchRequest.Update update -> written(engine.updateItem(new UpdateItemRequest(update.table(),
                        key(update.key()), UPDATE_EXPRESSION, null, new ExpressionInput(Map.of(FIELD_NAME,
                        update.field()), Map.of(FIELD_VALUE, AttributeValue.s(update.value()))), null, null, TOTAL)));
                case BenchRequest.Query query -> page(engine.query(new QueryRequest(query.table(), QUERY_CONDITION,
                        null, null, ExpressionInput.values(Map.of(PK_VALUE, AttributeValue.s(query.pk()))), null,
                        limit(query.limit()), query.consistent(), null, null, TOTAL)));
                case BenchRequest.Scan scan -> page(engine.scan(new ScanRequest(scan.table(), null, null, null, null,
                        limit(scan.limit()), false, scan.exclusiveStart() == null ? null : key(scan.exclusiveStart()),
                        null, null, TOTAL)));
                case BenchRequest.BatchGet batch -> batchGet(batch);
            };
        } catch (DynamoException e) {
            outcome = outcomeOf(e);
        }
        return CompletableFuture.completedFuture(outcome);
    }

    private BenchOutcome get(BenchRequest.Get get) {
        GetItemResponse response = engine.getItem(new GetItemRequest(get.table(), key(get.key()), get.consistent(),
                null, null, TOTAL));
        return BenchOutcome.ok(readUnits(response.consumedCapacity()), 0, response.item() == null ? 0 : 1);
    }

    private BenchOutcome batchGet(BenchRequest.BatchGet batch) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(batch.keys().size());
        for (BenchKey key : batch.keys()) {
            keys.add(key(key));
        }
        BatchGetItemResponse response = engine.batchGetItem(new BatchGetItemRequest(
                Map.of(batch.table(), new KeysAndAttributes(keys, batch.consistent(), null, null)), TOTAL));
        double units = 0;
        if (response.consumedCapacity() != null) {
            for (ConsumedCapacity consumed : response.consumedCapacity()) {
                units += consumed.readCapacityUnits();
            }
        }
        List<Item> items = response.responses().get(batch.table());
        return BenchOutcome.ok(units, 0, items == null ? 0 : items.size());
    }

    /** The outcome of a refusal: throttled, failed (another 4xx) or indeterminate (a 5xx). */
    static BenchOutcome outcomeOf(DynamoException e) {
        String type = e.type().name();
        if (BenchOutcome.isThrottling(type)) {
            return BenchOutcome.throttled(type);
        }
        return e.type().httpStatus() >= 500 ? BenchOutcome.indeterminate(type) : BenchOutcome.failed(type);
    }

    private static BenchOutcome written(WriteResponse response) {
        ConsumedCapacity consumed = response.consumedCapacity();
        return BenchOutcome.ok(0, consumed == null ? 0 : consumed.writeCapacityUnits(), 0);
    }

    private static BenchOutcome page(PageResponse response) {
        return BenchOutcome.ok(readUnits(response.consumedCapacity()), 0, response.count());
    }

    private static double readUnits(ConsumedCapacity consumed) {
        return consumed == null ? 0 : consumed.readCapacityUnits();
    }

    private static Integer limit(int limit) {
        return limit > 0 ? limit : null;
    }

    private static Map<String, AttributeValue> key(BenchKey key) {
        return Map.of(BenchKey.PARTITION_KEY, AttributeValue.s(key.pk()), BenchKey.SORT_KEY, AttributeValue.s(key.sk()));
    }

    private static Item item(BenchRequest.Put put) {
        Map<String, AttributeValue> attributes = new HashMap<>(put.fields().size() * 2 + 4);
        put.fields().forEach((name, value) -> attributes.put(name, AttributeValue.s(value)));
        attributes.put(BenchKey.PARTITION_KEY, AttributeValue.s(put.key().pk()));
        attributes.put(BenchKey.SORT_KEY, AttributeValue.s(put.key().sk()));
        return new Item(attributes);
    }

    @Override
    public boolean pipelined() {
        return false;
    }

    @Override
    public String describe() {
        return "embedded";
    }

    @Override
    public void close() {
        engine.close();
    }
}
