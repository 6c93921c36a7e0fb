package keystorm.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.Limits;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.ProjectionType;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.Select;
import keystorm.engine.capacity.CapacityUnits;
import keystorm.engine.expr.Condition;
import keystorm.engine.expr.ExpressionContext;
import keystorm.engine.expr.Expressions;
import keystorm.engine.expr.KeyCondition;
import keystorm.engine.expr.Projection;
import keystorm.engine.expr.SortKeyCondition;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.SecondaryIndex;
import keystorm.engine.table.SecondaryIndex.EntryKey;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;

/**
 * Query and Scan of a secondary index, one page at a time, as {@link PageOperations} does for the
 * table: a page ends after {@code Limit} entries evaluated or 1 MB of index entries read (their
 * projected size), and its LastEvaluatedKey holds the index's keys and the table's.
 *
 * <p>What comes back is what the index holds: Select defaults to ALL_PROJECTED_ATTRIBUTES. A global
 * index can give nothing else (ALL_ATTRIBUTES, or a projection of an attribute it does not hold, is
 * a ValidationException); a local one fetches the rest of each item from the table, at the extra
 * read cost of the item fetched ("Local secondary indexes: provisioned throughput considerations").
 *
 * <p>Capacity: a local index's reads are metered on the table's partition of the item collection. A
 * global index's reads on the index's own partitions ({@code PartitionMap#index}), by the index
 * partition key, and throttled there as the table's reads are on its own.
 */
final class IndexPages {
    private IndexPages() {
    }

    /** What a page of an index needs once the request is validated. */
    private record Plan(SecondaryIndex index, Condition filter, Projection projection, Select select, Integer limit,
                        boolean consistentRead, boolean fetch, int pageBytesMax) {
    }

    /** Collects one page; {@code bytes} are index bytes, {@code fetchedUnits} the extra reads of the table. */
    private static final class Page {
        final Plan plan;
        final LiveTable live;
        final List<Item> items = new ArrayList<>();
        int count;
        int scanned;
        long bytes;
        double fetchedUnits;
        Map<String, AttributeValue> lastEvaluatedKey;

        Page(Plan plan, LiveTable live) {
            this.plan = plan;
            this.live = live;
        }

        /** Evaluates one entry; returns false once the page is full. */
        boolean offer(Item entry) {
            scanned++;
            bytes += ItemSize.bytes(entry);
            Item seen = entry;
            if (plan.fetch()) {
                // from the copy the local index was read from (the leader's), never a replica's older version
                // of the item, which might not match the key condition the entry matched; an item deleted
                // since the entry was read is gone, not answered as its projection
                seen = live.data.get(live.schema().keyOf(entry));
                if (seen != null) {
                    fetchedUnits += CapacityUnits.read(ItemSize.bytes(seen), plan.consistentRead());
                }
            }
            if (seen != null && (plan.filter() == null || plan.filter().test(seen))) {
                count++;
                if (plan.select() != Select.COUNT) {
                    items.add(plan.projection() == null ? seen : plan.projection().apply(seen));
                }
            }
            boolean full = (plan.limit() != null && scanned >= plan.limit()) || bytes >= plan.pageBytesMax();
            if (full) {
                lastEvaluatedKey = plan.index().lastEvaluatedKey(entry);
            }
            return !full;
        }

        double indexUnits() {
            return CapacityUnits.read(bytes, plan.consistentRead());
        }

        PageResponse response(ReturnConsumedCapacity wanted) {
            return new PageResponse(items, count, scanned, lastEvaluatedKey,
                    capacity(live.name(), plan.index().schema(), indexUnits(), fetchedUnits, wanted));
        }
    }

    static PageResponse query(LiveTable live, SecondaryIndex index, QueryRequest request, Limits limits) {
        IndexSchema schema = index.schema();
        PageOperations.checkLimit(request.limit());
        if (request.keyConditionExpression() == null) {
            throw DynamoException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        checkConsistentRead(schema, request.consistentRead());
        ExpressionContext context = ExpressionContext.of(request.expressions(), true);
        KeyCondition key = Expressions.keyCondition(request.keyConditionExpression(), context, schema.hashKey(),
                schema.rangeKey());
        PageOperations.checkKeyConditionTypes(key, schema.hashKeyType(), schema.rangeKeyType());
        Set<String> indexKeys = schema.hasRangeKey() ? Set.of(schema.hashKey(), schema.rangeKey())
                : Set.of(schema.hashKey());
        Condition filter = request.filterExpression() == null ? null
                : Expressions.queryFilter(request.filterExpression(), context, indexKeys);
        Set<String> filterNames = request.filterExpression() == null ? Set.of()
                : Expressions.conditionNames(request.filterExpression(), context, "FilterExpression");
        Plan plan = plan(live, index, filter, filterNames, request.projectionExpression(), request.select(),
                request.limit(), request.consistentRead(), context, limits);
        Map<String, AttributeValue> start = request.exclusiveStartKey();
        EntryKey startKey = null;
        if (start != null) {
            startKey = checkStartKey(live.schema(), index, start);
            PageOperations.checkStartInBounds(start.get(schema.hashKey()),
                    schema.hasRangeKey() ? start.get(schema.rangeKey()) : null, key);
        }
        if (schema.isGlobal()) {
            live.data.catchUpIndexes(false);
        }
        Page page = new Page(plan, live);
        NavigableMap<EntryKey, Item> entries = narrow(index.partition(key.partitionKeyValue()), key);
        boolean forward = request.scanIndexForward() == null || request.scanIndexForward();
        if (startKey != null) {
            entries = forward ? entries.tailMap(startKey, false) : entries.headMap(startKey, false);
        }
        if (!forward) {
            entries = entries.descendingMap();
        }
        SortKeyCondition sort = key.sortKey().orElse(null);
        for (Map.Entry<EntryKey, Item> entry : entries.entrySet()) {
            if (sort != null && sort.op() == SortKeyCondition.Operator.BEGINS_WITH
                    && !sort.test(entry.getKey().rangeKey())) {
                if (forward) {
                    break; // the entries with a prefix are contiguous, starting at the prefix
                }
                continue;
            }
            if (!page.offer(entry.getValue())) {
                break;
            }
        }
        if (schema.isGlobal()) {
            // A global index's own partition of the index partition-key value.
            globalPartitions(live, index).of(key.partitionKeyValue()).meterRead(key.partitionKeyValue(),
                    page.indexUnits());
        } else {
            // A local index lives with its item collection, on the table's partition.
            live.partitions.of(key.partitionKeyValue()).meterRead(key.partitionKeyValue(),
                    page.indexUnits() + page.fetchedUnits);
        }
        return page.response(request.returnConsumedCapacity());
    }

    static PageResponse scan(LiveTable live, SecondaryIndex index, ScanRequest request, Limits limits) {
        IndexSchema schema = index.schema();
        PageOperations.checkLimit(request.limit());
        checkConsistentRead(schema, request.consistentRead());
        ExpressionContext context = ExpressionContext.of(request.expressions(),
                request.filterExpression() != null || request.projectionExpression() != null);
        Condition filter = request.filterExpression() == null ? null
                : Expressions.filter(request.filterExpression(), context);
        Set<String> filterNames = request.filterExpression() == null ? Set.of()
                : Expressions.conditionNames(request.filterExpression(), context, "FilterExpression");
        Plan plan = plan(live, index, filter, filterNames, request.projectionExpression(), request.select(),
                request.limit(), request.consistentRead(), context, limits);
        long[] range = PageOperations.segmentRange(request.segment(), request.totalSegments(),
                limits.totalSegmentsMax());
        Map<String, AttributeValue> start = request.exclusiveStartKey();
        EntryKey from = EntryKey.atHash(range[0], -1);
        boolean inclusive = true;
        if (start != null) {
            from = checkStartKey(live.schema(), index, start);
            inclusive = false;
            boolean before = Long.compareUnsigned(from.hash(), range[0]) < 0;
            boolean after = range[2] == 0 && Long.compareUnsigned(from.hash(), range[1]) >= 0;
            if (before || after) {
                throw DynamoException.validation("The provided Exclusive start key does not map to the provided segment");
            }
        }
        if (schema.isGlobal()) {
            live.data.catchUpIndexes(false);
        }
        NavigableMap<EntryKey, Item> entries = index.entries().tailMap(from, inclusive);
        if (range[2] == 0) {
            entries = entries.headMap(EntryKey.atHash(range[1], -1), false);
        }
        Page page = new Page(plan, live);
        Map<Partition, double[]> unitsByPartition = new LinkedHashMap<>();
        PartitionMap partitions = schema.isGlobal() ? globalPartitions(live, index) : live.partitions;
        String partitionKey = schema.isGlobal() ? schema.hashKey() : live.schema().hashKey();
        for (Item entry : entries.values()) {
            long bytesBefore = page.bytes;
            double fetchedBefore = page.fetchedUnits;
            boolean more = page.offer(entry);
            AttributeValue hashKey = entry.get(partitionKey);
            double[] units = unitsByPartition.computeIfAbsent(partitions.of(hashKey), p -> new double[2]);
            units[0] += page.bytes - bytesBefore;
            units[1] += page.fetchedUnits - fetchedBefore;
            if (!more) {
                break;
            }
        }
        meterScanPage(unitsByPartition, request.consistentRead());
        return page.response(request.returnConsumedCapacity());
    }

    /** The partitions of a global index (its own throughput), or a ValidationException if it went meanwhile. */
    private static PartitionMap globalPartitions(LiveTable live, SecondaryIndex index) {
        PartitionMap partitions = live.partitions.index(index.schema().name());
        if (partitions == null) {
            throw DynamoException.validation("The table does not have the specified index: " + index.schema().name());
        }
        return partitions;
    }

    /**
     * Meters an index's scan page on every partition it read (a local index's: the table's; a global one's: its
     * own); if one refuses, nothing is consumed.
     */
    private static void meterScanPage(Map<Partition, double[]> unitsByPartition, boolean consistent) {
        List<Map.Entry<Partition, Double>> taken = new ArrayList<>();
        for (Map.Entry<Partition, double[]> entry : unitsByPartition.entrySet()) {
            double units = CapacityUnits.read((long) entry.getValue()[0], consistent) + entry.getValue()[1];
            Partition partition = entry.getKey();
            if (!partition.tryMeterRead(null, units)) {
                taken.forEach(t -> t.getKey().refundRead(null, t.getValue()));
                throw partition.throttleError(false, units);
            }
            taken.add(Map.entry(partition, units));
        }
    }

    private static void checkConsistentRead(IndexSchema schema, boolean consistentRead) {
        if (consistentRead && schema.isGlobal()) {
            throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
        }
    }

    /** The attributes of {@code names} the index does not hold, in their order. */
    private static List<String> unprojected(SecondaryIndex index, Set<String> names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!index.projects(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static Plan plan(LiveTable live, SecondaryIndex index, Condition filter, Set<String> filterNames,
                             String projectionText, Select requestedSelect, Integer limit, boolean consistentRead,
                             ExpressionContext context, Limits limits) {
        IndexSchema schema = index.schema();
        Projection projection = projectionText == null ? null : Expressions.projection(projectionText, context);
        Set<String> projectionNames = projectionText == null ? Set.of()
                : Expressions.projectionNames(projectionText, context);
        context.checkAllUsed();
        Select select = requestedSelect != null ? requestedSelect
                : projection != null ? Select.SPECIFIC_ATTRIBUTES : Select.ALL_PROJECTED_ATTRIBUTES;
        boolean projectsAll = schema.projection().projectionType() == ProjectionType.ALL;
        PageOperations.checkSelectAgainstProjection(select, projection);
        boolean fetch = false;
        switch (select) {
            case ALL_ATTRIBUTES -> {
                if (!projectsAll && schema.isGlobal()) {
                    throw DynamoException.validation("One or more parameter values were invalid: Select type "
                            + "ALL_ATTRIBUTES is not supported for global secondary index " + schema.name()
                            + " because its projection type is not ALL");
                }
                fetch = !projectsAll;
            }
            case SPECIFIC_ATTRIBUTES -> {
                List<String> missing = unprojected(index, projectionNames);
                if (!missing.isEmpty() && schema.isGlobal()) {
                    throw DynamoException.validation("One or more parameter values were invalid: Global secondary "
                            + "index " + schema.name() + " does not project " + missing);
                }
                fetch = !missing.isEmpty();
            }
            default -> {
            }
        }
        // A filter may not name what the index lacks, even when the rest of the item is fetched
        // from the table (as DynamoDB Local 3.1.0 answers, in the service's wording).
        List<String> lacking = unprojected(index, filterNames);
        if (!lacking.isEmpty()) {
            throw DynamoException.validation("One or more parameter values were invalid: Secondary index "
                    + schema.name() + " does not project one or more filter attributes: " + lacking);
        }
        return new Plan(index, filter, projection, select, limit, consistentRead, fetch, limits.pageBytesMax());
    }

    /** The sub-range of one index partition that a sort-key condition selects (begins_with: from the prefix on). */
    private static NavigableMap<EntryKey, Item> narrow(NavigableMap<EntryKey, Item> entries, KeyCondition key) {
        SortKeyCondition sort = key.sortKey().orElse(null);
        if (sort == null) {
            return entries;
        }
        AttributeValue hash = key.partitionKeyValue();
        AttributeValue first = sort.operands().getFirst();
        EntryKey below = SecondaryIndex.sortBound(hash, first, -1);
        EntryKey above = SecondaryIndex.sortBound(hash, first, 1);
        return switch (sort.op()) {
            case EQ -> entries.subMap(below, true, above, true);
            case LT -> entries.headMap(below, false);
            case LE -> entries.headMap(above, false);
            case GT -> entries.tailMap(above, false);
            case GE, BEGINS_WITH -> entries.tailMap(below, true);
            case BETWEEN -> entries.subMap(below, true, SecondaryIndex.sortBound(hash, sort.operands().get(1), 1), true);
        };
    }

    /**
     * An ExclusiveStartKey of an index holds the table's keys and the index's, each of its declared
     * type, and nothing else; answers its place in the index.
     */
    private static EntryKey checkStartKey(TableSchema table, SecondaryIndex index, Map<String, AttributeValue> start) {
        IndexSchema schema = index.schema();
        Map<String, keystorm.engine.api.ScalarAttributeType> expected = new LinkedHashMap<>();
        expected.put(table.hashKey(), table.hashKeyType());
        if (table.hasRangeKey()) {
            expected.put(table.rangeKey(), table.rangeKeyType());
        }
        expected.put(schema.hashKey(), schema.hashKeyType());
        if (schema.hasRangeKey()) {
            expected.put(schema.rangeKey(), schema.rangeKeyType());
        }
        boolean fits = start.size() == expected.size();
        for (Map.Entry<String, keystorm.engine.api.ScalarAttributeType> entry : expected.entrySet()) {
            AttributeValue value = start.get(entry.getKey());
            fits &= value != null && TableSchema.matches(value, entry.getValue());
        }
        EntryKey key = fits ? index.keyOf(start) : null;
        if (key == null) {
            throw DynamoException.validation("The provided starting key is invalid: The provided key element does not "
                    + "match the schema");
        }
        return key;
    }

    /**
     * ConsumedCapacity of an index read: TOTAL gives the sum; INDEXES also its parts, the table's
     * (the items a local index fetched from it) and the index's, under GlobalSecondaryIndexes or
     * LocalSecondaryIndexes.
     */
    private static ConsumedCapacity capacity(String tableName, IndexSchema index, double indexUnits,
                                             double tableUnits, ReturnConsumedCapacity wanted) {
        if (!ReturnConsumedCapacity.wanted(wanted)) {
            return null;
        }
        ConsumedCapacity total = ConsumedCapacity.read(tableName, indexUnits + tableUnits);
        if (wanted != ReturnConsumedCapacity.INDEXES) {
            return total;
        }
        return total.withParts(tableUnits, index.isGlobal() ? Map.of(index.name(), indexUnits) : null,
                index.isGlobal() ? null : Map.of(index.name(), indexUnits));
    }

    /** The index a Query or Scan names, or a ValidationException naming it. */
    static SecondaryIndex index(Table table, String indexName) {
        SecondaryIndex index = table.index(indexName);
        if (index == null) {
            throw DynamoException.validation("The table does not have the specified index: " + indexName);
        }
        return index;
    }
}
