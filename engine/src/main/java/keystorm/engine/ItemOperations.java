package keystorm.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.capacity.CapacityUnits;
import keystorm.engine.expr.Condition;
import keystorm.engine.expr.ExpressionContext;
import keystorm.engine.expr.Expressions;
import keystorm.engine.expr.Projection;
import keystorm.engine.expr.Update;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem. Each validates and binds everything it can
 * before taking the item's lock, then reads, checks its condition and writes inside the lock.
 */
final class ItemOperations {
    private ItemOperations() {
    }

    static WriteResponse put(Table table, PutItemRequest request) {
        TableSchema schema = table.schema();
        if (request.item() == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'item' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        schema.checkItem(request.item());
        ReturnValue returnValues = returnValues(request.returnValues(), ReturnValue.NONE, ReturnValue.ALL_OLD);
        ExpressionContext context = Requests.context(request.expressions(), request.conditionExpression() != null);
        Condition condition = request.conditionExpression() == null ? null
                : Expressions.condition(request.conditionExpression(), context);
        context.checkAllUsed();
        Map<String, AttributeValue> key = schema.keyOf(request.item());
        Item old = table.locked(key.get(schema.hashKey()), () -> {
            Item previous = table.get(key);
            checkCondition(condition, previous, request.returnValuesOnConditionCheckFailure());
            table.write(key, previous, request.item());
            return previous;
        });
        double units = CapacityUnits.write(Math.max(size(old), ItemSize.bytes(request.item())));
        return new WriteResponse(returnValues == ReturnValue.ALL_OLD ? old : null,
                Requests.wantsCapacity(request.returnConsumedCapacity())
                        ? ConsumedCapacity.write(schema.name(), units) : null);
    }

    static GetItemResponse get(Table table, GetItemRequest request) {
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
        Item item = table.get(request.key());
        ConsumedCapacity capacity = Requests.wantsCapacity(request.returnConsumedCapacity())
                ? ConsumedCapacity.read(schema.name(), CapacityUnits.read(size(item), request.consistentRead()))
                : null;
        if (item != null && projection != null) {
            item = projection.apply(item);
        }
        return new GetItemResponse(item, capacity);
    }

    static WriteResponse update(Table table, UpdateItemRequest request) {
        TableSchema schema = table.schema();
        schema.checkKey(request.key());
        ReturnValue returnValues = returnValues(request.returnValues(), ReturnValue.values());
        ExpressionContext context = Requests.context(request.expressions(),
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
        }
        Map<String, AttributeValue> key = request.key();
        Item[] before = new Item[1];
        Item after = table.locked(key.get(schema.hashKey()), () -> {
            Item previous = table.get(key);
            checkCondition(condition, previous, request.returnValuesOnConditionCheckFailure());
            Item base = previous != null ? previous : schema.keyItem(key);
            Item updated = update == null ? base : update.apply(base);
            if (previous == null && update != null && update.removesOnly()) {
                // "An update that only REMOVEs or DELETEs on a missing item creates nothing."
                before[0] = null;
                return null;
            }
            schema.checkItem(updated);
            table.write(key, previous, updated);
            before[0] = previous;
            return updated;
        });
        Item old = before[0];
        Item returned = switch (returnValues) {
            case NONE -> null;
            case ALL_OLD -> old;
            case ALL_NEW -> after;
            case UPDATED_OLD -> old == null ? null : only(old, update == null ? Set.of() : update.topLevelNames());
            case UPDATED_NEW -> after == null ? null : only(after, update == null ? Set.of() : update.topLevelNames());
        };
        double units = CapacityUnits.write(Math.max(size(old), size(after)));
        return new WriteResponse(returned, Requests.wantsCapacity(request.returnConsumedCapacity())
                ? ConsumedCapacity.write(schema.name(), units) : null);
    }

    static WriteResponse delete(Table table, DeleteItemRequest request) {
        TableSchema schema = table.schema();
        schema.checkKey(request.key());
        ReturnValue returnValues = returnValues(request.returnValues(), ReturnValue.NONE, ReturnValue.ALL_OLD);
        ExpressionContext context = Requests.context(request.expressions(), request.conditionExpression() != null);
        Condition condition = request.conditionExpression() == null ? null
                : Expressions.condition(request.conditionExpression(), context);
        context.checkAllUsed();
        Map<String, AttributeValue> key = request.key();
        Item old = table.locked(key.get(schema.hashKey()), () -> {
            Item previous = table.get(key);
            checkCondition(condition, previous, request.returnValuesOnConditionCheckFailure());
            table.write(key, previous, null);
            return previous;
        });
        return new WriteResponse(returnValues == ReturnValue.ALL_OLD ? old : null,
                Requests.wantsCapacity(request.returnConsumedCapacity())
                        ? ConsumedCapacity.write(schema.name(), CapacityUnits.write(size(old))) : null);
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

    private static Item only(Item item, Set<String> names) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (String name : names) {
            AttributeValue value = item.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out.isEmpty() ? null : Item.of(out);
    }

    static int size(Item item) {
        return item == null ? 0 : ItemSize.bytes(item);
    }
}
