package keystorm.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import keystorm.engine.api.BatchGetItemRequest;
import keystorm.engine.api.BatchGetItemResponse;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.BatchWriteItemResponse;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.KeysAndAttributes;
import keystorm.engine.api.Limits;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.capacity.CapacityUnits;
import keystorm.engine.partition.IndexWrites;
import keystorm.engine.expr.ExpressionContext;
import keystorm.engine.expr.Expressions;
import keystorm.engine.expr.Projection;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.partition.Partition;
import keystorm.engine.table.TableSchema;

/**
 * BatchGetItem and BatchWriteItem. The whole request is validated before anything is read or
 * written; then each item is its own atomic operation (a batch as a whole is not atomic, as in
 * DynamoDB). Parts that cannot be served go back as UnprocessedKeys / UnprocessedItems: past
 * the 16 MB response limit, throttled (also by one of the engine's own bounds), or (for writes)
 * held by a transaction in flight. When
 * throttling leaves nothing processed at all, the whole call fails with the throttling error, as
 * DynamoDB's does.
 */
final class BatchOperations {
    private BatchOperations() {
    }

    static BatchGetItemResponse get(BatchGetItemRequest request, Function<String, LiveTable> tables, Limits limits) {
        Map<String, KeysAndAttributes> requested = request.requestItems();
        if (requested.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        int total = requested.values().stream().mapToInt(k -> k.keys().size()).sum();
        if (total > limits.batchGetKeysMax()) {
            throw DynamoException.validation("Too many items requested for the BatchGetItem call");
        }
        Map<String, Projection> projections = new LinkedHashMap<>();
        for (Map.Entry<String, KeysAndAttributes> entry : requested.entrySet()) {
            LiveTable table = tables.apply(entry.getKey());
            KeysAndAttributes keys = entry.getValue();
            if (keys.keys().isEmpty()) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems." + entry.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            checkKeys(table.schema(), keys.keys());
            if (keys.projectionExpression() != null) {
                ExpressionContext context = new ExpressionContext(keys.expressionAttributeNames(), null);
                projections.put(entry.getKey(), Expressions.projection(keys.projectionExpression(), context));
                context.checkAllUsed();
            } else if (keys.expressionAttributeNames() != null) {
                throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
        }
        Map<String, List<Item>> responses = new LinkedHashMap<>();
        Map<String, KeysAndAttributes> unprocessed = new LinkedHashMap<>();
        List<ConsumedCapacity> capacity = new ArrayList<>();
        long bytes = 0;
        int throttled = 0;
        DynamoException throttle = null;
        for (Map.Entry<String, KeysAndAttributes> entry : requested.entrySet()) {
            LiveTable table = tables.apply(entry.getKey());
            KeysAndAttributes keys = entry.getValue();
            List<Item> found = new ArrayList<>();
            List<Map<String, AttributeValue>> left = new ArrayList<>();
            double units = 0;
            for (Map<String, AttributeValue> key : keys.keys()) {
                if (bytes >= limits.batchGetResponseBytesMax()) {
                    left.add(key);
                    continue;
                }
                Item item = table.read(key, keys.consistentRead());
                int size = item == null ? 0 : ItemSize.bytes(item);
                double itemUnits = CapacityUnits.read(size, keys.consistentRead());
                Partition partition = table.partition(key);
                if (!partition.tryMeterRead(key.get(table.schema().hashKey()), itemUnits)) {
                    throttled++;
                    throttle = partition.throttleError(false, itemUnits);
                    left.add(key);
                    continue;
                }
                bytes += size;
                units += itemUnits;
                if (item != null) {
                    Projection projection = projections.get(entry.getKey());
                    found.add(projection == null ? item : projection.apply(item));
                }
            }
            responses.put(entry.getKey(), found);
            if (!left.isEmpty()) {
                unprocessed.put(entry.getKey(), new KeysAndAttributes(left, keys.consistentRead(),
                        keys.projectionExpression(), keys.expressionAttributeNames()));
            }
            capacity.add(ConsumedCapacity.read(entry.getKey(), units));
        }
        if (throttled == total) {
            throw throttle;
        }
        return new BatchGetItemResponse(responses, unprocessed,
                ReturnConsumedCapacity.wanted(request.returnConsumedCapacity()) ? capacity : null);
    }

    static BatchWriteItemResponse write(BatchWriteItemRequest request, Function<String, LiveTable> tables,
                                        Limits limits) {
        Map<String, List<WriteRequest>> requested = request.requestItems();
        if (requested.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        for (List<WriteRequest> perTable : requested.values()) {
            if (perTable.size() > limits.batchWriteItemsMax()) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                        + "constraint: Map value must satisfy constraint: [Member must have length less than or equal "
                        + "to " + limits.batchWriteItemsMax() + ", Member must have length greater than or equal to 1]");
            }
        }
        int total = requested.values().stream().mapToInt(List::size).sum();
        if (total > limits.batchWriteItemsMax()) {
            throw DynamoException.validation("Too many items requested for the BatchWriteItem call");
        }
        for (Map.Entry<String, List<WriteRequest>> entry : requested.entrySet()) {
            TableSchema schema = tables.apply(entry.getKey()).schema();
            if (entry.getValue().isEmpty()) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems." + entry.getKey()
                        + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            Set<Map<String, AttributeValue>> seen = new HashSet<>();
            for (WriteRequest write : entry.getValue()) {
                Map<String, AttributeValue> key = switch (write) {
                    case WriteRequest.Put put -> {
                        if (put.item() == null) {
                            throw DynamoException.validation("PutRequest requires an Item");
                        }
                        schema.checkItem(put.item());
                        yield schema.keyOf(put.item());
                    }
                    case WriteRequest.Delete delete -> {
                        schema.checkKey(delete.key());
                        yield delete.key();
                    }
                };
                if (!seen.add(key)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
            }
        }
        List<ConsumedCapacity> capacity = new ArrayList<>();
        Map<String, List<WriteRequest>> unprocessed = new LinkedHashMap<>();
        int throttled = 0;
        DynamoException throttle = null;
        for (Map.Entry<String, List<WriteRequest>> entry : requested.entrySet()) {
            LiveTable table = tables.apply(entry.getKey());
            TableSchema schema = table.schema();
            IndexWrites units = IndexWrites.tableOnly(0);
            for (WriteRequest write : entry.getValue()) {
                Item replacement = write instanceof WriteRequest.Put put ? put.item() : null;
                Map<String, AttributeValue> key = write instanceof WriteRequest.Put put ? schema.keyOf(put.item())
                        : ((WriteRequest.Delete) write).key();
                IndexWrites[] used = {null};
                DynamoException refused = table.data.locked(key.get(schema.hashKey()), () -> {
                    Item old = table.data.get(key);
                    try {
                        table.checkNoTransaction(key);
                    } catch (DynamoException conflict) {
                        return conflict;
                    }
                    ItemOperations.checkItemCollection(table, key, old, replacement);
                    double itemUnits = CapacityUnits.write(Math.max(ItemOperations.size(old),
                            ItemOperations.size(replacement)));
                    if (!table.partition(key).tryMeterWrite(key.get(schema.hashKey()), itemUnits)) {
                        return table.partition(key).throttleError(true, itemUnits);
                    }
                    IndexWrites cost = IndexWrites.of(table.data.indexes(), old, replacement, itemUnits, 1);
                    DynamoException backPressure = cost.tryMeterIndexes(table.partitions, key.get(schema.hashKey()));
                    if (backPressure != null) {
                        table.partition(key).refundWrite(key.get(schema.hashKey()), itemUnits);
                        return backPressure;
                    }
                    if (old != null || replacement != null) {
                        try {
                            table.commit(key, old, replacement);
                        } catch (DynamoException bound) {
                            if (bound.type() != ErrorType.ThrottlingException) {
                                throw bound;
                            }
                            // an engine bound refused it before anything was applied: unprocessed, as throttled
                            table.partition(key).refundWrite(key.get(schema.hashKey()), itemUnits);
                            cost.refundIndexes(table.partitions, key.get(schema.hashKey()));
                            return bound;
                        }
                    }
                    used[0] = cost;
                    return null;
                });
                if (refused != null) {
                    unprocessed.computeIfAbsent(entry.getKey(), t -> new ArrayList<>()).add(write);
                    if (refused.type().retryable()) {
                        throttled++;
                        throttle = refused;
                    }
                }
                if (used[0] != null) {
                    units = units.plus(used[0]);
                }
            }
            ConsumedCapacity consumed = units.capacity(entry.getKey(), request.returnConsumedCapacity());
            if (consumed != null) {
                capacity.add(consumed);
            }
        }
        if (throttled == total) {
            throw throttle;
        }
        return new BatchWriteItemResponse(unprocessed,
                ReturnConsumedCapacity.wanted(request.returnConsumedCapacity()) ? capacity : null);
    }

    private static void checkKeys(TableSchema schema, List<Map<String, AttributeValue>> keys) {
        Set<Map<String, AttributeValue>> seen = new HashSet<>();
        for (Map<String, AttributeValue> key : keys) {
            schema.checkKey(key);
            if (!seen.add(key)) {
                throw DynamoException.validation("Provided list of item keys contains duplicates");
            }
        }
    }
}
