package keystorm.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BatchGetItemRequest;
import keystorm.engine.api.BatchGetItemResponse;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.BatchWriteItemResponse;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.ListTablesResponse;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TableDescription;
import keystorm.engine.api.TableStatus;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.Clock;

/**
 * keystorm's reference store, embedded: DynamoDB's tables, items, expressions and operations
 * as a Java library. Thread-safe; single-item operations are atomic and linearizable.
 *
 * <p>Every method answers as DynamoDB would, and fails with a {@link DynamoException} whose
 * {@link keystorm.engine.api.ErrorType} is DynamoDB's name for the error.
 */
public final class Engine {
    static final int LIST_TABLES_LIMIT_MAX = 100;

    private final Clock clock;
    private final ConcurrentHashMap<String, Table> tables = new ConcurrentHashMap<>();

    public Engine() {
        this(Clock.system());
    }

    public Engine(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Clock clock() {
        return clock;
    }

    // ---- tables

    public TableDescription createTable(CreateTableRequest request) {
        TableSchema schema = TableSchema.of(request);
        Table table = new Table(schema, Instant.ofEpochMilli(clock.epochMillis()));
        if (tables.putIfAbsent(schema.name(), table) != null) {
            throw DynamoException.resourceInUse("Table already exists: " + schema.name());
        }
        return describe(table, TableStatus.ACTIVE);
    }

    public TableDescription describeTable(String tableName) {
        return describe(table(tableName), TableStatus.ACTIVE);
    }

    /** Deletes the table at once and answers its last description, with status DELETING. */
    public TableDescription deleteTable(String tableName) {
        TableSchema.checkTableName(tableName);
        Table table = tables.remove(tableName);
        if (table == null) {
            throw notFound(tableName);
        }
        return describe(table, TableStatus.DELETING);
    }

    /** Table names in order, a page at a time ({@code limit} 1 to 100, null for 100). */
    public ListTablesResponse listTables(String exclusiveStartTableName, Integer limit) {
        if (limit != null && (limit < 1 || limit > LIST_TABLES_LIMIT_MAX)) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                    + "satisfy constraint: Member must have value less than or equal to 100 and greater than or equal to 1");
        }
        int pageSize = limit == null ? LIST_TABLES_LIMIT_MAX : limit;
        TreeSet<String> names = new TreeSet<>(tables.keySet());
        List<String> page = new ArrayList<>();
        for (String name : exclusiveStartTableName == null ? names : names.tailSet(exclusiveStartTableName, false)) {
            if (page.size() == pageSize) {
                return new ListTablesResponse(page, page.getLast());
            }
            page.add(name);
        }
        return new ListTablesResponse(page, null);
    }

    // ---- items

    public WriteResponse putItem(PutItemRequest request) {
        return ItemOperations.put(table(request.tableName()), request);
    }

    public GetItemResponse getItem(GetItemRequest request) {
        return ItemOperations.get(table(request.tableName()), request);
    }

    public WriteResponse updateItem(UpdateItemRequest request) {
        return ItemOperations.update(table(request.tableName()), request);
    }

    public WriteResponse deleteItem(DeleteItemRequest request) {
        return ItemOperations.delete(table(request.tableName()), request);
    }

    public PageResponse query(QueryRequest request) {
        return PageOperations.query(table(request.tableName()), request);
    }

    public PageResponse scan(ScanRequest request) {
        return PageOperations.scan(table(request.tableName()), request);
    }

    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return BatchOperations.get(request, this::table);
    }

    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return BatchOperations.write(request, this::table);
    }

    private Table table(String tableName) {
        TableSchema.checkTableName(tableName);
        Table table = tables.get(tableName);
        if (table == null) {
            throw notFound(tableName);
        }
        return table;
    }

    private static DynamoException notFound(String tableName) {
        return DynamoException.resourceNotFound("Requested resource not found: Table: " + tableName + " not found");
    }

    private static TableDescription describe(Table table, TableStatus status) {
        TableSchema schema = table.schema();
        List<AttributeDefinition> definitions = new ArrayList<>();
        List<KeySchemaElement> keySchema = new ArrayList<>();
        definitions.add(new AttributeDefinition(schema.hashKey(), schema.hashKeyType()));
        keySchema.add(new KeySchemaElement(schema.hashKey(), KeyType.HASH));
        if (schema.hasRangeKey()) {
            definitions.add(new AttributeDefinition(schema.rangeKey(), schema.rangeKeyType()));
            keySchema.add(new KeySchemaElement(schema.rangeKey(), KeyType.RANGE));
        }
        return new TableDescription(schema.name(), "arn:aws:dynamodb:ddblocal:000000000000:table/" + schema.name(),
                definitions, keySchema, status, table.creationDateTime(), schema.billingMode(),
                schema.provisionedThroughput(), table.itemCount(), table.sizeBytes());
    }
}
