package keystorm.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.capacity.CapacityUnits;
import keystorm.engine.expr.Condition;
import keystorm.engine.expr.ExpressionContext;
import keystorm.engine.expr.Expressions;
import keystorm.engine.expr.Projection;
import keystorm.engine.expr.Update;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.partition.IndexWrites;
import keystorm.engine.partition.Partition;
import keystorm.engine.table.TableSchema;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem. Each validates and binds everything it can
 * before taking the item's lock, then, inside the lock: reads the item, refuses if a transaction
 * holds it, meters its write units (a failed condition consumes them too, as in DynamoDB; a
 * throttled request consumes nothing), checks its condition and commits.
 */
final class ItemOperations {
    private ItemOperations() {
    }

    static WriteResponse put(LiveTable table, PutItemRequest request) {
        TableSchema schema = table.schema();
        if (request.item() == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'item' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        schema.checkItem(request.item());
        ReturnValue returnValues = returnValues(request.returnValues(), ReturnValue.NONE, ReturnValue.ALL_OLD);
        ExpressionContext context = ExpressionContext.of(request.expressions(), request.conditionExpression() != null);
        Condition condition = request.conditionExpression() == null ? null
                : Expressions.condition(request.conditionExpression(), context);
        context.checkAllUsed();
        Map<String, AttributeValue> key = schema.keyOf(request.item());
        int newSize = ItemSize.bytes(request.item());
        Item unlocked = lostUpdate(table, condition, key, request.returnValuesOnConditionCheckFailure(), newSize);
        IndexWrites[] cost = new IndexWrites[1];
        Item old = table.data.locked(key.get(schema.hashKey()), () -> {
            if (table.data.schema() != schema) {
                table.data.schema().checkItem(request.item()); // an index created since the check above
            }
            Item previous = table.data.get(key);
            table.checkNoTransaction(key);
            checkItemCollection(table, key, previous, request.item());
            double units = meterAndCheck(table, key, condition, unlocked == null ? previous : unlocked,
                    Math.max(size(previous), newSize), request.returnValuesOnConditionCheckFailure());
            cost[0] = meterIndexes(table, key, previous, request.item(), units);
            commit(table, key, previous, request.item(), cost[0]);
            return previous;
        });
        return new WriteResponse(returnValues == ReturnValue.ALL_OLD ? old : null,
                cost[0].capacity(schema.name(), request.returnConsumedCapacity()));
    }

    static GetItemResponse get(LiveTable table, GetItemRequest request) {
        TableSchema schema = table.schema();
        schema.checkKey(request.key());
        Projection projection = null;
        if (request.projectionExpression() != null) {
            ExpressionContext context = new ExpressionContext(request.expressionAttributeNames(), null);
            projection = Expressions.projection(request.projectionExpression(), context);
            context.checkAllUsed();
        } else if (request.expressionAttributeNames() != null) {
            throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        Partition partition = table.partition(request.key());
        Item item = table.read(partition, request.key(), request.consistentRead());
        double units = CapacityUnits.read(size(item), request.consistentRead());
        partition.meterRead(request.key().get(schema.hashKey()), units);
        ConsumedCapacity capacity = ReturnConsumedCapacity.wanted(request.returnConsumedCapacity())
                ? ConsumedCapacity.read(schema.name(), units) : null;
        if (item != null && projection != null) {
            item = projection.apply(item);
        }
        return new GetItemResponse(item, capacity);
    }

    static WriteResponse update(LiveTable table, UpdateItemRequest request) {
        TableSchema schema = table.schema();
        schema.checkKey(request.key());
        ReturnValue returnValues = returnValues(request.returnValues(), ReturnValue.values());
        ExpressionContext context = ExpressionContext.of(request.expressions(),
                request.conditionExpression() != null || request.updateExpression() != null);
        Update update = request.updateExpression() == null ? null
                : Expressions.update(request.updateExpression(), context);
        Condition condition = request.conditionExpression() == null ? null
                : Expressions.condition(request.conditionExpression(), context);
        context.checkAllUsed();
        if (update != null) {
            for (String name : update.topLevelNames()) {
                if (schema.isKeyAttribute(name)) {
                    throw DynamoException.validation("One or more parameter values were invalid: Cannot update attribute "
                            + name + ". This attribute is part of the key");
                }
            }
            schema.checkNoNestedIndexKey(update.nestedTopLevelNames());
        }
        Map<String, AttributeValue> key = request.key();
        Item[] before = new Item[1];
        IndexWrites[] cost = new IndexWrites[1];
        Item unlocked = lostUpdate(table, condition, key, request.returnValuesOnConditionCheckFailure(), 0);
        Item after = table.data.locked(key.get(schema.hashKey()), () -> {
            Item previous = table.data.get(key);
            table.checkNoTransaction(key);
            Item checked = unlocked == null ? previous : unlocked;
            if (condition != null && !condition.test(checked == null ? Item.EMPTY : checked)) {
                meterAndCheck(table, key, condition, checked, size(previous), request.returnValuesOnConditionCheckFailure());
            }
            if (previous == null && update != null && update.removesOnly()) {
                // "An update that only REMOVEs or DELETEs on a missing item creates nothing."
                double units = CapacityUnits.write(0);
                table.partition(key).meterWrite(key.get(schema.hashKey()), units);
                cost[0] = IndexWrites.tableOnly(units);
                before[0] = null;
                return null;
            }
            Item base = previous != null ? previous : schema.keyItem(key);
            Item updated = update == null ? base : update.apply(base);
            table.data.schema().checkItem(updated); // the schema now, with any index created since the request began
            checkItemCollection(table, key, previous, updated);
            double units = meterAndCheck(table, key, null, checked, Math.max(size(previous), size(updated)),
                    request.returnValuesOnConditionCheckFailure());
            cost[0] = meterIndexes(table, key, previous, updated, units);
            commit(table, key, previous, updated, cost[0]);
            before[0] = previous;
            return updated;
        });
        Item old = before[0];
        Item returned = switch (returnValues) {
            case NONE -> null;
            case ALL_OLD -> old;
            case ALL_NEW -> after;
            case UPDATED_OLD -> updatedPart(old, update);
            case UPDATED_NEW -> updatedPart(after, update);
        };
        return new WriteResponse(returned, cost[0].capacity(schema.name(), request.returnConsumedCapacity()));
    }

    static WriteResponse delete(LiveTable table, DeleteItemRequest request) {
        TableSchema schema = table.schema();
        schema.checkKey(request.key());
        ReturnValue returnValues = returnValues(request.returnValues(), ReturnValue.NONE, ReturnValue.ALL_OLD);
        ExpressionContext context = ExpressionContext.of(request.expressions(), request.conditionExpression() != null);
        Condition condition = request.conditionExpression() == null ? null
                : Expressions.condition(request.conditionExpression(), context);
        context.checkAllUsed();
        Map<String, AttributeValue> key = request.key();
        Item unlocked = lostUpdate(table, condition, key, request.returnValuesOnConditionCheckFailure(), 0);
        IndexWrites[] cost = new IndexWrites[1];
        Item old = table.data.locked(key.get(schema.hashKey()), () -> {
            Item previous = table.data.get(key);
            table.checkNoTransaction(key);
            double units = meterAndCheck(table, key, condition, unlocked == null ? previous : unlocked,
                    size(previous), request.returnValuesOnConditionCheckFailure());
            cost[0] = meterIndexes(table, key, previous, null, units);
            if (previous != null) {
                commit(table, key, previous, null, cost[0]);
            }
            return previous;
        });
        return new WriteResponse(returnValues == ReturnValue.ALL_OLD ? old : null,
                cost[0].capacity(schema.name(), request.returnConsumedCapacity()));
    }

    /**
     * Meters a write of {@code bytes} (throttled: nothing consumed, nothing written), then checks
     * the condition against {@code previous}: a failed condition has still consumed its units.
     * Answers the units metered.
     */
    private static double meterAndCheck(LiveTable table, Map<String, AttributeValue> key, Condition condition,
                                        Item previous, int bytes, ReturnValuesOnConditionCheckFailure onFailure) {
        Partition partition = table.partition(key);
        double units = CapacityUnits.write(bytes);
        partition.meterWrite(key.get(table.schema().hashKey()), units);
        checkCondition(condition, previous, onFailure);
        return units;
    }

    /** The 10 GB bound of an item collection in a table with local indexes ({@link IndexWrites#checkItemCollection}). */
    static void checkItemCollection(LiveTable table, Map<String, AttributeValue> key, Item previous, Item replacement) {
        IndexWrites.checkItemCollection(table.data, table.environment().limits().itemCollectionBytesMax(),
                key.get(table.schema().hashKey()), previous, replacement);
    }

    /**
     * After the table's {@code units} are metered (and the condition passed): meters what the write costs its
     * secondary indexes ({@link IndexWrites}). A global index that cannot take its units throttles the write:
     * the table's units are given back and the index's error thrown (back-pressure).
     */
    private static IndexWrites meterIndexes(LiveTable table, Map<String, AttributeValue> key, Item previous,
                                            Item replacement, double units) {
        IndexWrites cost = IndexWrites.of(table.data.indexes(), previous, replacement, units, 1);
        AttributeValue hashKey = key.get(table.schema().hashKey());
        DynamoException refused = cost.tryMeterIndexes(table.partitions, hashKey);
        if (refused != null) {
            table.partition(key).refundWrite(hashKey, units);
            throw refused;
        }
        return cost;
    }

    /**
     * Commits a metered write. Refused by one of the engine's own bounds (a ThrottlingException,
     * thrown before anything is applied), it gives its units back, the indexes' too: a throttled
     * request consumes nothing.
     */
    private static void commit(LiveTable table, Map<String, AttributeValue> key, Item previous, Item replacement,
                               IndexWrites cost) {
        try {
            table.commit(key, previous, replacement);
        } catch (DynamoException refused) {
            if (refused.type() == ErrorType.ThrottlingException) {
                AttributeValue hashKey = key.get(table.schema().hashKey());
                table.partition(key).refundWrite(hashKey, cost.tableUnits());
                cost.refundIndexes(table.partitions, hashKey);
            }
            throw refused;
        }
    }

    /**
     * The seeded bug {@link Bug#LOST_UPDATE}: the condition is read and checked before the item's
     * lock is taken, so a concurrent write can slip in between check and write. Answers the item
     * the condition was checked against, or null when the bug is off (or there is no condition).
     */
    private static Item lostUpdate(LiveTable table, Condition condition, Map<String, AttributeValue> key,
                                   ReturnValuesOnConditionCheckFailure onFailure, int bytes) {
        if (condition == null || !table.environment().has(Bug.LOST_UPDATE)) {
            return null;
        }
        Item previous = table.data.get(key);
        checkCondition(condition, previous, onFailure);
        table.environment().scheduler().interleave();
        return previous == null ? Item.EMPTY : previous;
    }

    static void checkCondition(Condition condition, Item previous, ReturnValuesOnConditionCheckFailure onFailure) {
        if (condition != null && !condition.test(previous == null ? Item.EMPTY : previous)) {
            throw new ConditionalCheckFailedException(
                    onFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD ? previous : null);
        }
    }

    private static ReturnValue returnValues(ReturnValue requested, ReturnValue... allowed) {
        ReturnValue value = requested == null ? ReturnValue.NONE : requested;
        for (ReturnValue ok : allowed) {
            if (ok == value) {
                return value;
            }
        }
        throw DynamoException.validation("Return values set to invalid value");
    }

    /** The item projected on the paths the update wrote (UPDATED_OLD, UPDATED_NEW); null when nothing is there. */
    private static Item updatedPart(Item item, Update update) {
        if (item == null || update == null) {
            return null;
        }
        Item part = update.updatedPaths().apply(item);
        return part.isEmpty() ? null : part;
    }

    static int size(Item item) {
        return item == null ? 0 : ItemSize.bytes(item);
    }
}
