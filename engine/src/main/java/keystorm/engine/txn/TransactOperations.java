package keystorm.engine.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactGetItemsResponse;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.api.TransactionCanceledException;
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
import keystorm.engine.partition.ItemKey;
import keystorm.engine.partition.Partition;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.Scheduler;
import keystorm.engine.wal.LogRecord;

/**
 * TransactWriteItems and TransactGetItems.
 *
 * <p>A write transaction first marks every item it names, each inside that item's lock. A mark
 * already there means another transaction is in flight on the item: this one is cancelled at
 * once with TransactionConflict (DynamoDB cancels rather than waits), and single writes that meet
 * a mark fail with TransactionConflictException. With every item marked nobody else can change
 * them, so the transaction reads them, checks every condition, meters twice the units of a plain
 * write, logs one record for all its writes and installs them holding all their locks. Then it
 * lifts its marks. It is serializable at the moment its last mark was set.
 *
 * <p>TransactGetItems marks its items as a reader. A write transaction's mark already there
 * cancels it; a write that arrives while it reads spoils it, and it is cancelled with
 * TransactionConflict. A reader that was not spoiled saw every item as it stood at one instant.
 */
public final class TransactOperations {
    private TransactOperations() {
    }

    /** One validated action. */
    private record Action(int index, TransactWriteItem source, TransactionTable table, Map<String, AttributeValue> key,
                          ItemKey itemKey, Condition condition, Update update,
                          ReturnValuesOnConditionCheckFailure onFailure) {
        AttributeValue hash() {
            return key.get(table.schema().hashKey());
        }

        boolean writes() {
            return !(source instanceof TransactWriteItem.ConditionCheck);
        }
    }

    // ---- TransactWriteItems

    public static TransactWriteItemsResponse write(Environment environment, TransactWriteItemsRequest request,
                                                   Function<String, ? extends TransactionTable> tables) {
        Limits limits = environment.limits();
        List<Action> actions = prepare(request, tables, limits);
        String token = request.clientRequestToken();
        if (token != null && (token.isEmpty() || token.length() > limits.clientRequestTokenLengthMax())) {
            throw DynamoException.validation("1 validation error detected: Value '" + token + "' at "
                    + "'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal "
                    + "to " + limits.clientRequestTokenLengthMax() + " and greater than or equal to 1");
        }
        boolean idempotent = token != null && !environment.has(Bug.IGNORE_REQUEST_TOKEN);
        if (idempotent) {
            TransactWriteItemsResponse earlier = environment.tokens().claim(request);
            if (earlier != null) {
                return earlier;
            }
        }
        boolean done = false;
        try {
            TransactWriteItemsResponse response = environment.has(Bug.TORN_TRANSACTION)
                    ? writeTorn(environment, request, actions, idempotent)
                    : writeIsolated(environment, request, actions, idempotent);
            done = true;
            return response;
        } finally {
            if (idempotent && !done) {
                environment.tokens().release(request);
            }
        }
    }

    private static TransactWriteItemsResponse response(TransactWriteItemsRequest request, Map<String, Double> units) {
        return new TransactWriteItemsResponse(
                ReturnConsumedCapacity.wanted(request.returnConsumedCapacity()) ? capacity(units, false) : null);
    }

    private static List<Action> prepare(TransactWriteItemsRequest request,
                                        Function<String, ? extends TransactionTable> tables, Limits limits) {
        List<TransactWriteItem> items = request.transactItems();
        checkCount(items.size(), limits);
        List<Action> actions = new ArrayList<>(items.size());
        Set<List<Object>> seen = new HashSet<>();
        long bytes = 0;
        for (int i = 0; i < items.size(); i++) {
            TransactWriteItem item = items.get(i);
            if (item == null) {
                throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            TransactionTable table = tables.apply(item.tableName());
            TableSchema schema = table.schema();
            Map<String, AttributeValue> key;
            Update update = null;
            ExpressionContext context;
            switch (item) {
                case TransactWriteItem.Put put -> {
                    if (put.item() == null) {
                        throw DynamoException.validation("1 validation error detected: Value null at "
                                + "'transactItems." + (i + 1) + ".member.put.item' failed to satisfy constraint: "
                                + "Member must not be null");
                    }
                    try {
                        schema.checkItem(put.item());
                    } catch (TableSchema.IndexKeyTypeMismatch mismatch) {
                        // answered once the items are held, as a cancellation reason (see after)
                        ItemSize.checkLimits(put.item());
                    }
                    key = schema.keyOf(put.item());
                    bytes += ItemSize.bytes(put.item());
                    context = ExpressionContext.of(put.expressions(), put.conditionExpression() != null);
                }
                case TransactWriteItem.Update upd -> {
                    schema.checkKey(upd.key());
                    key = upd.key();
                    if (upd.updateExpression() == null) {
                        throw DynamoException.validation("1 validation error detected: Value null at "
                                + "'transactItems." + (i + 1) + ".member.update.updateExpression' failed to satisfy "
                                + "constraint: Member must not be null");
                    }
                    context = ExpressionContext.of(upd.expressions(), true);
                    update = Expressions.update(upd.updateExpression(), context);
                    for (String name : update.topLevelNames()) {
                        if (schema.isKeyAttribute(name)) {
                            throw DynamoException.validation("One or more parameter values were invalid: Cannot "
                                    + "update attribute " + name + ". This attribute is part of the key");
                        }
                    }
                    schema.checkNoNestedIndexKey(update.nestedTopLevelNames());
                }
                case TransactWriteItem.Delete delete -> {
                    schema.checkKey(delete.key());
                    key = delete.key();
                    context = ExpressionContext.of(delete.expressions(), delete.conditionExpression() != null);
                }
                case TransactWriteItem.ConditionCheck check -> {
                    schema.checkKey(check.key());
                    key = check.key();
                    if (check.conditionExpression() == null) {
                        throw DynamoException.validation("1 validation error detected: Value null at "
                                + "'transactItems." + (i + 1) + ".member.conditionCheck.conditionExpression' failed "
                                + "to satisfy constraint: Member must not be null");
                    }
                    context = ExpressionContext.of(check.expressions(), true);
                }
            }
            Condition condition = item.conditionExpression() == null ? null
                    : Expressions.condition(item.conditionExpression(), context);
            context.checkAllUsed();
            bytes += ItemSize.bytes(Item.of(key));
            if (!seen.add(List.of(table.name(), key))) {
                throw DynamoException.validation(
                        "Transaction request cannot include multiple operations on one item");
            }
            actions.add(new Action(i, item, table, key, ItemKey.of(schema, key), condition, update,
                    item.returnValuesOnConditionCheckFailure()));
        }
        if (bytes > limits.transactionBytesMax()) {
            throw DynamoException.validation("Transaction request size exceeds the "
                    + Limits.bytesText(limits.transactionBytesMax()) + " limit");
        }
        return actions;
    }

    private static void checkCount(int count, Limits limits) {
        if (count < 1 || count > limits.transactionItemsMax()) {
            throw DynamoException.validation("1 validation error detected: Value '" + count + " items' at "
                    + "'transactItems' failed to satisfy constraint: Member must have length less than or equal to "
                    + limits.transactionItemsMax() + " and greater than or equal to 1");
        }
    }

    /**
     * The transaction, isolated by its marks. Under a token ({@code idempotent}) its completion is
     * logged in the record of its writes and completed while their locks are held, so that a
     * snapshot (which takes every lock once) holds every token logged before it.
     */
    private static TransactWriteItemsResponse writeIsolated(Environment environment, TransactWriteItemsRequest request,
                                                            List<Action> actions, boolean idempotent) {
        Object owner = new Object();
        List<Action> marked = new ArrayList<>(actions.size());
        try {
            for (Action action : actions) {
                boolean conflict = action.table().data().locked(action.hash(),
                        () -> !action.table().marks().markWriter(action.itemKey(), owner));
                if (conflict) {
                    throw cancelled(actions.size(), Map.of(action.index(), CancellationReason.conflict()));
                }
                marked.add(action);
            }
            // Every item is ours: nobody else changes them until the marks are lifted.
            Runnable inFlight = environment.transactionInFlight();
            if (inFlight != null) {
                inFlight.run();
            }
            int n = actions.size();
            Item[] current = new Item[n];
            Map<Integer, CancellationReason> failed = new LinkedHashMap<>();
            for (Action action : actions) {
                Item item = action.table().data().get(action.key());
                current[action.index()] = item;
                if (action.condition() != null && !action.condition().test(item == null ? Item.EMPTY : item)) {
                    failed.put(action.index(), CancellationReason.conditionalCheckFailed(
                            action.onFailure() == ReturnValuesOnConditionCheckFailure.ALL_OLD ? item : null));
                }
            }
            if (!failed.isEmpty()) {
                throw cancelled(n, failed);
            }
            Item[] next = new Item[n];
            for (Action action : actions) {
                try {
                    next[action.index()] = after(action, current[action.index()]);
                } catch (TableSchema.IndexKeyTypeMismatch mismatch) {
                    failed.put(action.index(), new CancellationReason("ValidationError", mismatch.getMessage(), null));
                    continue;
                }
                if (!IndexWrites.itemCollectionFits(action.table().data(), environment.limits().itemCollectionBytesMax(),
                        action.hash(), current[action.index()], next[action.index()])) {
                    failed.put(action.index(), new CancellationReason("ItemCollectionSizeLimitExceeded",
                            "The total size of an item collection has exceeded the maximum limit of 10 gigabytes.",
                            null));
                }
            }
            if (!failed.isEmpty()) {
                throw cancelled(n, failed);
            }
            IndexWrites[] units = meter(actions, current, next);
            TransactWriteItemsResponse response = response(request, unitsByTable(actions, units));
            try {
                commit(environment, actions, current, next,
                        idempotent ? new Completion(request, environment.tokens().completion(request, response)) : null);
            } catch (RuntimeException e) {
                refund(actions, units, actions.size());
                throw e;
            }
            return response;
        } finally {
            for (Action action : marked) {
                action.table().data().locked(action.hash(), () -> {
                    action.table().marks().unmarkWriter(action.itemKey(), owner);
                    return null;
                });
            }
        }
    }

    /** The item after the action; {@code current} for a ConditionCheck, null for a Delete. */
    private static Item after(Action action, Item current) {
        TableSchema schema = action.table().schema();
        return switch (action.source()) {
            case TransactWriteItem.Put put -> {
                schema.checkItem(put.item()); // passed when validated, but for an index key's type
                yield put.item();
            }
            case TransactWriteItem.Delete ignored -> null;
            case TransactWriteItem.ConditionCheck ignored -> current;
            case TransactWriteItem.Update ignored -> {
                if (current == null && action.update().removesOnly()) {
                    yield null;
                }
                Item updated = action.update().apply(current != null ? current : schema.keyItem(action.key()));
                schema.checkItem(updated);
                yield updated;
            }
        };
    }

    /**
     * Meters twice the write units of every action, and twice what it costs the table's indexes
     * ({@link IndexWrites}), all or none; cancels if a partition (the table's or a global index's) refuses.
     */
    private static IndexWrites[] meter(List<Action> actions, Item[] current, Item[] next) {
        IndexWrites[] units = new IndexWrites[actions.size()];
        for (Action action : actions) {
            int i = action.index();
            double u = 2 * CapacityUnits.write(Math.max(size(current[i]), size(next[i])));
            Partition partition = action.table().partition(action.key());
            DynamoException refused = null;
            if (!partition.tryMeterWrite(action.hash(), u)) {
                refused = partition.throttleError(true, u);
            } else {
                IndexWrites cost = IndexWrites.of(action.table().data().indexes(), current[i], next[i], u, 2);
                refused = cost.tryMeterIndexes(action.table().partitions(), action.hash());
                if (refused != null) {
                    partition.refundWrite(action.hash(), u);
                } else {
                    units[i] = cost;
                }
            }
            if (refused != null) {
                refund(actions, units, i);
                String code = refused.type() == ErrorType.ThrottlingException ? "ThrottlingError"
                        : "ProvisionedThroughputExceeded";
                throw cancelled(actions.size(), Map.of(i, new CancellationReason(code,
                        "Throughput exceeds the current capacity for one or more resources.", null)));
            }
        }
        return units;
    }

    private static void refund(List<Action> actions, IndexWrites[] units, int upTo) {
        for (int j = 0; j < upTo; j++) {
            Action action = actions.get(j);
            if (units[j] != null) {
                action.table().partition(action.key()).refundWrite(action.hash(), units[j].tableUnits());
                units[j].refundIndexes(action.table().partitions(), action.hash());
            }
        }
    }

    /** A request under a token, and what its completion logs. */
    private record Completion(TransactWriteItemsRequest request, LogRecord.CompletedToken token) {
    }

    /**
     * Logs one record for every write (and the token's completion, if any) and installs them
     * all, holding every lock they need. Under a token the record is logged even with nothing to
     * write (only ConditionChecks, or deletes of absent items), as a retry must still find it, and
     * the locks of every item it names are taken, written or not: a snapshot, which takes every
     * lock once, then cannot pass between the record and the token's completion.
     */
    private static void commit(Environment environment, List<Action> actions, Item[] current, Item[] next,
                               Completion completion) {
        List<Action> writes = new ArrayList<>();
        List<LogRecord.Write> records = new ArrayList<>();
        for (Action action : actions) {
            int i = action.index();
            if (action.writes() && !(current[i] == null && next[i] == null)) {
                action.table().partition(action.key()).checkWritable(action.table().data());
                writes.add(action);
                records.add(new LogRecord.Write(action.table().name(), action.key(), next[i]));
            }
        }
        if (writes.isEmpty() && completion == null) {
            return;
        }
        LogRecord record = completion != null ? new LogRecord.Transaction(records, completion.token())
                : records.size() == 1 ? records.getFirst() : new LogRecord.Transaction(records);
        // Locks in one global order (table name, stripe), each once.
        List<Map.Entry<String, Integer>> order = new ArrayList<>();
        Map<Map.Entry<String, Integer>, ReentrantLock> locks = new LinkedHashMap<>();
        for (Action action : completion != null ? actions : writes) {
            Map.Entry<String, Integer> id = Map.entry(action.table().name(), Table.stripe(action.hash()));
            if (locks.putIfAbsent(id, action.table().data().lockOf(action.hash())) == null) {
                order.add(id);
            }
        }
        order.sort(Comparator.<Map.Entry<String, Integer>, String>comparing(Map.Entry::getKey)
                .thenComparing(Map.Entry::getValue));
        int held = 0;
        try {
            for (; held < order.size(); held++) {
                locks.get(order.get(held)).lock();
            }
            environment.logAndWait(record);
            for (Action action : writes) {
                int i = action.index();
                action.table().install(action.table().partition(action.key()), action.key(), current[i], next[i]);
            }
            if (completion != null) {
                environment.tokens().complete(completion.request(), completion.token());
            }
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                locks.get(order.get(i)).unlock();
            }
        }
    }

    /**
     * The seeded bug {@link Bug#TORN_TRANSACTION}: conditions checked up front without holding
     * anything, then each item written on its own, visible before the next. A token's completion
     * is logged after the writes, in a record of its own: torn from them too, but kept, so that
     * the bug shows its own anomaly and not also a retry applied twice after a restart.
     */
    private static TransactWriteItemsResponse writeTorn(Environment environment, TransactWriteItemsRequest request,
                                                        List<Action> actions, boolean idempotent) {
        Scheduler scheduler = environment.scheduler();
        int n = actions.size();
        Map<Integer, CancellationReason> failed = new LinkedHashMap<>();
        for (Action action : actions) {
            Item item = action.table().data().get(action.key());
            if (action.condition() != null && !action.condition().test(item == null ? Item.EMPTY : item)) {
                failed.put(action.index(), CancellationReason.conditionalCheckFailed(
                        action.onFailure() == ReturnValuesOnConditionCheckFailure.ALL_OLD ? item : null));
            }
        }
        if (!failed.isEmpty()) {
            throw cancelled(n, failed);
        }
        IndexWrites[] units = new IndexWrites[n];
        for (Action action : actions) {
            scheduler.interleave();
            if (!action.writes()) {
                continue;
            }
            action.table().data().locked(action.hash(), () -> {
                Item current = action.table().data().get(action.key());
                Item next = after(action, current);
                double u = 2 * CapacityUnits.write(Math.max(size(current), size(next)));
                action.table().partition(action.key()).meterWrite(action.hash(), u);
                IndexWrites cost = IndexWrites.of(action.table().data().indexes(), current, next, u, 2);
                DynamoException refused = cost.tryMeterIndexes(action.table().partitions(), action.hash());
                if (refused != null) {
                    action.table().partition(action.key()).refundWrite(action.hash(), u);
                    throw refused;
                }
                units[action.index()] = cost;
                if (current != null || next != null) {
                    action.table().commit(action.key(), current, next);
                }
                return null;
            });
        }
        TransactWriteItemsResponse response = response(request, unitsByTable(actions, units));
        if (idempotent) {
            LogRecord.CompletedToken completed = environment.tokens().completion(request, response);
            environment.logAndWait(new LogRecord.Transaction(List.of(), completed));
            environment.tokens().complete(request, completed);
        }
        return response;
    }

    private static TransactionCanceledException cancelled(int n, Map<Integer, CancellationReason> reasons) {
        CancellationReason[] all = new CancellationReason[n];
        Arrays.fill(all, CancellationReason.NONE);
        reasons.forEach((i, reason) -> all[i] = reason);
        return new TransactionCanceledException(Arrays.asList(all));
    }

    private static Map<String, Double> unitsByTable(List<Action> actions, IndexWrites[] units) {
        Map<String, Double> byTable = new LinkedHashMap<>();
        for (Action action : actions) {
            IndexWrites cost = units[action.index()];
            byTable.merge(action.table().name(), cost == null ? 0 : cost.total(), Double::sum);
        }
        return byTable;
    }

    private static List<ConsumedCapacity> capacity(Map<String, Double> units, boolean read) {
        List<ConsumedCapacity> out = new ArrayList<>();
        units.forEach((table, u) -> out.add(read ? ConsumedCapacity.read(table, u) : ConsumedCapacity.write(table, u)));
        return out;
    }

    // ---- TransactGetItems

    private record Get(int index, TransactionTable table, Map<String, AttributeValue> key, ItemKey itemKey,
                       Projection projection) {
        AttributeValue hash() {
            return key.get(table.schema().hashKey());
        }
    }

    public static TransactGetItemsResponse get(Environment environment, TransactGetItemsRequest request,
                                               Function<String, ? extends TransactionTable> tables) {
        List<TransactGetItem> items = request.transactItems();
        checkCount(items.size(), environment.limits());
        List<Get> gets = new ArrayList<>(items.size());
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            TransactGetItem item = items.get(i);
            TransactionTable table = tables.apply(item.tableName());
            table.schema().checkKey(item.key());
            Projection projection = null;
            if (item.projectionExpression() != null) {
                ExpressionContext context = new ExpressionContext(item.expressionAttributeNames(), null);
                projection = Expressions.projection(item.projectionExpression(), context);
                context.checkAllUsed();
            } else if (item.expressionAttributeNames() != null) {
                throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
            if (!seen.add(List.of(table.name(), item.key()))) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            gets.add(new Get(i, table, item.key(), ItemKey.of(table.schema(), item.key()), projection));
        }
        Item[] found = environment.has(Bug.DIRTY_TRANSACT_GET) ? readDirty(gets, environment.scheduler()) : readIsolated(gets);
        Map<String, Double> units = new LinkedHashMap<>();
        double[] taken = new double[gets.size()];
        for (Get get : gets) {
            double u = 2 * CapacityUnits.read(size(found[get.index()]), true);
            Partition partition = get.table().partition(get.key());
            if (!partition.tryMeterRead(get.hash(), u)) {
                for (int j = 0; j < get.index(); j++) {
                    Get earlier = gets.get(j);
                    earlier.table().partition(earlier.key()).refundRead(earlier.hash(), taken[j]);
                }
                String code = partition.throttleError().type().name().equals("ThrottlingException")
                        ? "ThrottlingError" : "ProvisionedThroughputExceeded";
                throw cancelled(gets.size(), Map.of(get.index(), new CancellationReason(code,
                        "Throughput exceeds the current capacity for one or more resources.", null)));
            }
            taken[get.index()] = u;
            units.merge(get.table().name(), u, Double::sum);
        }
        List<Item> responses = new ArrayList<>(gets.size());
        for (Get get : gets) {
            Item item = found[get.index()];
            responses.add(item == null || get.projection() == null ? item : get.projection().apply(item));
        }
        return new TransactGetItemsResponse(Collections.unmodifiableList(responses),
                ReturnConsumedCapacity.wanted(request.returnConsumedCapacity()) ? capacity(units, true) : null);
    }

    private static Item[] readIsolated(List<Get> gets) {
        ReadSet reader = new ReadSet();
        List<Get> marked = new ArrayList<>(gets.size());
        try {
            for (Get get : gets) {
                boolean conflict = get.table().data().locked(get.hash(),
                        () -> !get.table().marks().markReader(get.itemKey(), reader));
                if (conflict) {
                    throw cancelled(gets.size(), Map.of(get.index(), CancellationReason.conflict()));
                }
                marked.add(get);
            }
            Item[] found = new Item[gets.size()];
            for (Get get : gets) {
                found[get.index()] = get.table().data().get(get.key());
            }
            return found;
        } finally {
            for (Get get : marked) {
                get.table().data().locked(get.hash(), () -> {
                    get.table().marks().unmarkReader(get.itemKey(), reader);
                    return null;
                });
            }
            if (reader.isSpoiled() && marked.size() == gets.size()) {
                Map<Integer, CancellationReason> reasons = new LinkedHashMap<>();
                for (Get get : gets) {
                    if (reader.spoiled(get.itemKey())) {
                        reasons.put(get.index(), CancellationReason.conflict());
                    }
                }
                throw cancelled(gets.size(), reasons);
            }
        }
    }

    /** The seeded bug {@link Bug#DIRTY_TRANSACT_GET}: items read one by one, whatever is in flight on them. */
    private static Item[] readDirty(List<Get> gets, Scheduler scheduler) {
        Item[] found = new Item[gets.size()];
        for (Get get : gets) {
            found[get.index()] = get.table().data().get(get.key());
            scheduler.interleave();
        }
        return found;
    }

    private static int size(Item item) {
        return item == null ? 0 : ItemSize.bytes(item);
    }
}
