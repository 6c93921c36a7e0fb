package keystorm.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.Limits;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.Select;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScalarAttributeType;
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
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;

/**
 * Query and Scan: one page at a time. A page ends after {@code Limit} items are evaluated
 * (before the filter) or once 1 MB of items has been read, and then carries the key of the last
 * item evaluated as LastEvaluatedKey, from which the next request resumes.
 */
final class PageOperations {
    private PageOperations() {
    }

    /** What Query and Scan share once their requests are validated. */
    private record Plan(Condition filter, Projection projection, Select select, Integer limit,
                        boolean consistentRead, int pageBytesMax) {
    }

    /** Collects one page. */
    private static final class Page {
        final Plan plan;
        final TableSchema schema;
        final List<Item> items = new ArrayList<>();
        int count;
        int scanned;
        long bytes;
        Map<String, AttributeValue> lastEvaluatedKey;

        Page(Plan plan, TableSchema schema) {
            this.plan = plan;
            this.schema = schema;
        }

        /** Evaluates one item; returns false once the page is full. */
        boolean offer(Item item) {
            scanned++;
            bytes += ItemSize.bytes(item);
            if (plan.filter() == null || plan.filter().test(item)) {
                count++;
                if (plan.select() != Select.COUNT) {
                    items.add(plan.projection() == null ? item : plan.projection().apply(item));
                }
            }
            boolean full = (plan.limit() != null && scanned >= plan.limit()) || bytes >= plan.pageBytesMax();
            if (full) {
                lastEvaluatedKey = schema.keyOf(item);
            }
            return !full;
        }

        PageResponse response(boolean wantsCapacity) {
            return new PageResponse(items, count, scanned, lastEvaluatedKey, wantsCapacity
                    ? ConsumedCapacity.read(schema.name(), CapacityUnits.read(bytes, plan.consistentRead())) : null);
        }
    }

    static PageResponse query(LiveTable live, QueryRequest request, Limits limits) {
        if (request.indexName() != null) {
            return IndexPages.query(live, IndexPages.index(live.data, request.indexName()), request, limits);
        }
        Table table = live.data;
        TableSchema schema = table.schema();
        checkLimit(request.limit());
        if (request.keyConditionExpression() == null) {
            throw DynamoException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        ExpressionContext context = ExpressionContext.of(request.expressions(), true);
        KeyCondition key = Expressions.keyCondition(request.keyConditionExpression(), context, schema.hashKey(),
                schema.rangeKey());
        checkKeyConditionTypes(key, schema.hashKeyType(), schema.rangeKeyType());
        Condition filter = request.filterExpression() == null ? null
                : Expressions.queryFilter(request.filterExpression(), context, schema.keyAttributeNames());
        Plan plan = plan(filter, request.projectionExpression(), request.select(),
                request.limit(), request.consistentRead(), context, limits);
        Map<String, AttributeValue> start = request.exclusiveStartKey();
        if (start != null) {
            checkStartKey(schema, start);
            checkStartInBounds(start.get(schema.hashKey()), schema.hasRangeKey() ? start.get(schema.rangeKey()) : null,
                    key);
        }
        Page page = new Page(plan, schema);
        Table.ItemCollection collection = table.collection(key.partitionKeyValue());
        if (collection != null) {
            NavigableMap<AttributeValue, Item> items = narrow(collection.items(), key.sortKey().orElse(null));
            boolean forward = request.scanIndexForward() == null || request.scanIndexForward();
            if (start != null) {
                AttributeValue startKey = schema.hasRangeKey() ? start.get(schema.rangeKey()) : collection.hashKey();
                items = forward ? items.tailMap(startKey, false) : items.headMap(startKey, false);
            }
            if (!forward) {
                items = items.descendingMap();
            }
            SortKeyCondition sort = key.sortKey().orElse(null);
            for (Map.Entry<AttributeValue, Item> entry : items.entrySet()) {
                if (sort != null && sort.op() == SortKeyCondition.Operator.BEGINS_WITH && !sort.test(entry.getKey())) {
                    if (forward) {
                        break; // the items with a prefix are contiguous, starting at the prefix
                    }
                    continue;
                }
                if (!page.offer(entry.getValue())) {
                    break;
                }
            }
        }
        // A query reads one partition; its units are metered when the page is known (DynamoDB
        // meters a page by the bytes it read, before the filter).
        live.partitions.of(key.partitionKeyValue()).meterRead(key.partitionKeyValue(),
                CapacityUnits.read(page.bytes, request.consistentRead()));
        return page.response(ReturnConsumedCapacity.wanted(request.returnConsumedCapacity()));
    }

    static PageResponse scan(LiveTable live, ScanRequest request, Limits limits) {
        if (request.indexName() != null) {
            return IndexPages.scan(live, IndexPages.index(live.data, request.indexName()), request, limits);
        }
        Table table = live.data;
        TableSchema schema = table.schema();
        checkLimit(request.limit());
        ExpressionContext context = ExpressionContext.of(request.expressions(),
                request.filterExpression() != null || request.projectionExpression() != null);
        Plan plan = plan(request.filterExpression(), request.projectionExpression(), request.select(),
                request.limit(), request.consistentRead(), context, limits);
        long[] range = segmentRange(request.segment(), request.totalSegments(), limits.totalSegmentsMax());
        Map<String, AttributeValue> start = request.exclusiveStartKey();
        Table.HashedKey from = Table.HashedKey.lowestAt(range[0]);
        if (start != null) {
            checkStartKey(schema, start);
            from = Table.HashedKey.of(start.get(schema.hashKey()));
            boolean before = Long.compareUnsigned(from.hash(), range[0]) < 0;
            boolean after = range[2] == 0 && Long.compareUnsigned(from.hash(), range[1]) >= 0;
            if (before || after) {
                throw DynamoException.validation("The provided Exclusive start key does not map to the provided segment");
            }
        }
        Page page = new Page(plan, schema);
        Iterator<Table.ItemCollection> collections = table.collectionsFrom(from, true);
        Map<Partition, long[]> bytesByPartition = new java.util.LinkedHashMap<>();
        boolean first = true;
        outer:
        while (collections.hasNext()) {
            Table.ItemCollection collection = collections.next();
            Table.HashedKey position = Table.HashedKey.of(collection.hashKey());
            if (range[2] == 0 && Long.compareUnsigned(position.hash(), range[1]) >= 0) {
                break; // past this segment's share of the hash range
            }
            NavigableMap<AttributeValue, Item> items = collection.items();
            if (first && start != null && position.equals(Table.HashedKey.of(start.get(schema.hashKey())))) {
                if (!schema.hasRangeKey()) {
                    first = false;
                    continue; // the start item itself was the last of the previous page
                }
                items = items.tailMap(start.get(schema.rangeKey()), false);
            }
            first = false;
            long[] partitionBytes = bytesByPartition.computeIfAbsent(live.partitions.of(collection.hashKey()),
                    p -> new long[1]);
            for (Item item : items.values()) {
                long before = page.bytes;
                boolean more = page.offer(item);
                partitionBytes[0] += page.bytes - before;
                if (!more) {
                    break outer;
                }
            }
        }
        meterScan(bytesByPartition, request.consistentRead(), live);
        return page.response(ReturnConsumedCapacity.wanted(request.returnConsumedCapacity()));
    }

    /** Meters a scan page on every partition it read; if one refuses, nothing is consumed anywhere. */
    private static void meterScan(Map<Partition, long[]> bytesByPartition, boolean consistent, LiveTable live) {
        List<Map.Entry<Partition, Double>> taken = new ArrayList<>();
        for (Map.Entry<Partition, long[]> entry : bytesByPartition.entrySet()) {
            double units = CapacityUnits.read(entry.getValue()[0], consistent);
            Partition partition = entry.getKey();
            if (!partition.tryMeterRead(null, units)) {
                taken.forEach(t -> t.getKey().refundRead(null, t.getValue()));
                throw partition.throttleError(false, units);
            }
            taken.add(Map.entry(partition, units));
        }
    }

    static void checkLimit(Integer limit) {
        if (limit != null && limit < 1) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
    }

    private static Plan plan(String filterText, String projectionText, Select requestedSelect, Integer limit,
                             boolean consistentRead, ExpressionContext context, Limits limits) {
        return plan(filterText == null ? null : Expressions.filter(filterText, context), projectionText,
                requestedSelect, limit, consistentRead, context, limits);
    }

    private static Plan plan(Condition filter, String projectionText, Select requestedSelect, Integer limit,
                             boolean consistentRead, ExpressionContext context, Limits limits) {
        Projection projection = projectionText == null ? null : Expressions.projection(projectionText, context);
        context.checkAllUsed();
        Select select = requestedSelect != null ? requestedSelect
                : projection != null ? Select.SPECIFIC_ATTRIBUTES : Select.ALL_ATTRIBUTES;
        if (select == Select.ALL_PROJECTED_ATTRIBUTES) {
            throw DynamoException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        checkSelectAgainstProjection(select, projection);
        return new Plan(filter, projection, select, limit, consistentRead, limits.pageBytesMax());
    }

    /**
     * Select against ProjectionExpression, as every Query and Scan (of a table or an index) checks
     * them: a projection comes only with SPECIFIC_ATTRIBUTES, and SPECIFIC_ATTRIBUTES only with one.
     */
    static void checkSelectAgainstProjection(Select select, Projection projection) {
        if (select == Select.SPECIFIC_ATTRIBUTES) {
            if (projection == null) {
                throw DynamoException.validation(
                        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
            }
        } else if (projection != null) {
            throw DynamoException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
    }

    static void checkKeyConditionTypes(KeyCondition key, ScalarAttributeType hashKeyType,
                                       ScalarAttributeType rangeKeyType) {
        if (!TableSchema.matches(key.partitionKeyValue(), hashKeyType)) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
        key.sortKey().ifPresent(sort -> {
            for (AttributeValue operand : sort.operands()) {
                if (!TableSchema.matches(operand, rangeKeyType)) {
                    throw DynamoException.validation(
                            "One or more parameter values were invalid: Condition parameter type does not match schema type");
                }
            }
            if (sort.op() == SortKeyCondition.Operator.BEGINS_WITH && operandIsNumber(sort)) {
                throw DynamoException.validation("Invalid KeyConditionExpression: Incorrect operand type for operator or "
                        + "function; operator or function: begins_with, operand type: N");
            }
        });
    }

    private static boolean operandIsNumber(SortKeyCondition sort) {
        return sort.operands().getFirst() instanceof AttributeValue.N;
    }

    /** The sub-range of a collection that a sort-key condition selects (begins_with: from the prefix on). */
    private static NavigableMap<AttributeValue, Item> narrow(NavigableMap<AttributeValue, Item> items,
                                                             SortKeyCondition sort) {
        if (sort == null) {
            return items;
        }
        AttributeValue first = sort.operands().getFirst();
        return switch (sort.op()) {
            case EQ -> items.subMap(first, true, first, true);
            case LT -> items.headMap(first, false);
            case LE -> items.headMap(first, true);
            case GT -> items.tailMap(first, false);
            case GE, BEGINS_WITH -> items.tailMap(first, true);
            case BETWEEN -> items.subMap(first, true, sort.operands().get(1), true);
        };
    }

    /**
     * A Query's ExclusiveStartKey must lie inside what its key condition selects: in the queried
     * partition, and with a sort key the sort-key condition accepts (DynamoDB's wording; paging
     * from there then runs in either direction within those bounds).
     */
    static void checkStartInBounds(AttributeValue startHash, AttributeValue startSort, KeyCondition key) {
        boolean inside = startHash.equals(key.partitionKeyValue())
                && key.sortKey().map(sort -> startSort != null && sort.test(startSort)).orElse(true);
        if (!inside) {
            throw DynamoException.validation(
                    "The provided starting key is outside query boundaries based on provided conditions");
        }
    }

    private static void checkStartKey(TableSchema schema, Map<String, AttributeValue> start) {
        try {
            schema.checkKey(start);
        } catch (DynamoException e) {
            throw DynamoException.validation("The provided starting key is invalid: " + e.getMessage());
        }
    }

    /**
     * The unsigned hash range [from, to) of a scan segment; {@code [2]} is 1 when the range runs
     * to the end of the hash space.
     */
    static long[] segmentRange(Integer segment, Integer totalSegments, int totalSegmentsMax) {
        if (segment == null && totalSegments == null) {
            return new long[] {0, 0, 1};
        }
        if (segment == null) {
            throw DynamoException.validation("The Segment parameter is required but was not present in the request "
                    + "when parameter TotalSegments is present");
        }
        if (totalSegments == null) {
            throw DynamoException.validation("The TotalSegments parameter is required but was not present in the "
                    + "request when Segment parameter is present");
        }
        if (totalSegments < 1 || totalSegments > totalSegmentsMax) {
            throw DynamoException.validation("1 validation error detected: Value '" + totalSegments + "' at "
                    + "'totalSegments' failed to satisfy constraint: Member must have value less than or equal to "
                    + totalSegmentsMax + " and greater than or equal to 1");
        }
        if (segment < 0 || segment >= totalSegments) {
            throw DynamoException.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        BigInteger space = BigInteger.ONE.shiftLeft(64);
        BigInteger total = BigInteger.valueOf(totalSegments);
        long from = space.multiply(BigInteger.valueOf(segment)).divide(total).longValue();
        boolean last = segment == totalSegments - 1;
        long to = last ? 0 : space.multiply(BigInteger.valueOf(segment + 1L)).divide(total).longValue();
        return new long[] {from, to, last ? 1 : 0};
    }
}
