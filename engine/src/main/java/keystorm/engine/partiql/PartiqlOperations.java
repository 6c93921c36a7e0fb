package keystorm.engine.partiql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import keystorm.engine.Engine;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteStatementResponse;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.expr.Condition;
import keystorm.engine.expr.Expressions;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;

/**
 * ExecuteStatement on the engine's item API, so that every guarantee underneath (conditions, locks,
 * the log, replication, throttling, metering, faults) is the item API's own code:
 * <ul>
 *   <li>SELECT whose WHERE fixes the partition key (= or IN) is a Query per value (ORDER BY the sort
 *   key sets ScanIndexForward), any other a Scan; the whole WHERE is then evaluated on each item read
 *   as a FilterExpression would be (DynamoDB applies Limit before the filter, so filtering the page
 *   here is the same; it also lets PartiQL filter on key attributes, which a Query's FilterExpression
 *   may not), and the projection picks the named paths;</li>
 *   <li>INSERT is PutItem with attribute_not_exists on the partition key: DuplicateItemException;</li>
 *   <li>UPDATE is UpdateItem with attribute_exists on the partition key and the rest of the WHERE as
 *   its condition (an absent item is ConditionalCheckFailedException, as DynamoDB answers);</li>
 *   <li>DELETE is DeleteItem with the rest of the WHERE as its condition (an absent item is no error).</li>
 * </ul>
 * BatchExecuteStatement and ExecuteTransaction are in {@link PartiqlBatches}.
 */
public final class PartiqlOperations {
    static final String DUPLICATE_ITEM = "Duplicate primary key exists in table";

    private final Engine engine;
    private final Function<String, TableSchema> schemas;

    /** {@code schemas} answers a table's schema, or throws ResourceNotFoundException. */
    public PartiqlOperations(Engine engine, Function<String, TableSchema> schemas) {
        this.engine = engine;
        this.schemas = schemas;
    }

    Engine engine() {
        return engine;
    }

    TableSchema schema(String tableName) {
        return schemas.apply(tableName);
    }

    public keystorm.engine.api.BatchExecuteStatementResponse batch(
            keystorm.engine.api.BatchExecuteStatementRequest request) {
        return new PartiqlBatches(this).batch(request);
    }

    public keystorm.engine.api.ExecuteTransactionResponse transaction(
            keystorm.engine.api.ExecuteTransactionRequest request) {
        return new PartiqlBatches(this).transaction(request);
    }

    public ExecuteStatementResponse execute(ExecuteStatementRequest request) {
        Ast.Statement statement = Statements.parse(request.statement());
        checkParameters(statement, request.parameters());
        if (request.limit() != null && request.limit() < 1) {
            throw DynamoException.validation("1 validation error detected: Value '" + request.limit()
                    + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        ReturnConsumedCapacity capacity = request.returnConsumedCapacity();
        ReturnValuesOnConditionCheckFailure onFailure = request.returnValuesOnConditionCheckFailure();
        return switch (statement) {
            case Ast.Select select -> select(request, select);
            case Ast.Insert insert -> written(insert(insert, request.parameters(), onFailure, capacity));
            case Ast.Update update -> written(engine.updateItem(update(update, request.parameters(), onFailure,
                    capacity)));
            case Ast.Delete delete -> written(engine.deleteItem(delete(delete, request.parameters(), onFailure,
                    capacity)));
            case Ast.Check check -> throw DynamoException.validation(
                    "EXISTS can only be used in ExecuteTransaction write requests.");
        };
    }

    static void checkParameters(Ast.Statement statement, List<AttributeValue> parameters) {
        if (statement.parameterCount() != parameters.size()) {
            throw DynamoException.validation("Number of parameters in request and statement don't match.");
        }
    }

    private static ExecuteStatementResponse written(WriteResponse response) {
        List<Item> items = response.attributes() == null ? List.of() : List.of(response.attributes());
        return new ExecuteStatementResponse(items, null, response.consumedCapacity(), null);
    }

    // ---- writes: each one request of the item API

    WriteResponse insert(Ast.Insert insert, List<AttributeValue> parameters,
                         ReturnValuesOnConditionCheckFailure onFailure, ReturnConsumedCapacity capacity) {
        PutItemRequest put = put(insert, parameters, onFailure, capacity);
        try {
            return engine.putItem(put);
        } catch (ConditionalCheckFailedException e) {
            throw new DynamoException(ErrorType.DuplicateItemException, DUPLICATE_ITEM);
        }
    }

    PutItemRequest put(Ast.Insert insert, List<AttributeValue> parameters,
                       ReturnValuesOnConditionCheckFailure onFailure, ReturnConsumedCapacity capacity) {
        TableSchema schema = schema(insert.tableName());
        if (!(insert.value() instanceof Ast.MapLiteral)
                || !(Values.of(insert.value(), parameters) instanceof AttributeValue.M document)) {
            throw DynamoException.validation("Unsupported format in item expression. Please use struct format {...} "
                    + "to express item values for insert statement.");
        }
        Translator translator = new Translator(parameters);
        String condition = "attribute_not_exists(" + translator.name(schema.hashKey()) + ")";
        return new PutItemRequest(insert.tableName(), Item.of(document.values()), condition, translator.input(),
                null, null, capacity);
    }

    UpdateItemRequest update(Ast.Update update, List<AttributeValue> parameters,
                             ReturnValuesOnConditionCheckFailure onFailure, ReturnConsumedCapacity capacity) {
        TableSchema schema = schema(update.tableName());
        Where.ItemTarget target = Where.itemTarget(update.where(), keyNames(schema), parameters);
        Translator translator = new Translator(parameters);
        String updateText = translator.update(update.clauses());
        String condition = "attribute_exists(" + translator.name(schema.hashKey()) + ")"
                + (target.condition() == null ? "" : " AND " + translator.condition(target.condition()));
        return new UpdateItemRequest(update.tableName(), target.key(), updateText, condition, translator.input(),
                returnValue(update.returning()), onFailure, capacity);
    }

    DeleteItemRequest delete(Ast.Delete delete, List<AttributeValue> parameters,
                             ReturnValuesOnConditionCheckFailure onFailure, ReturnConsumedCapacity capacity) {
        TableSchema schema = schema(delete.tableName());
        Where.ItemTarget target = Where.itemTarget(delete.where(), keyNames(schema), parameters);
        if (delete.returning() != Ast.Returning.NONE && delete.returning() != Ast.Returning.ALL_OLD) {
            throw DynamoException.validation("Invalid returning clause: RETURNING " + switch (delete.returning()) {
                case MODIFIED_OLD -> "MODIFIED OLD";
                case ALL_NEW -> "ALL NEW";
                default -> "MODIFIED NEW";
            } + " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
        }
        Translator translator = new Translator(parameters);
        String condition = target.condition() == null ? null : translator.condition(target.condition());
        return new DeleteItemRequest(delete.tableName(), target.key(), condition, translator.input(),
                returnValue(delete.returning()), onFailure, capacity);
    }

    private static ReturnValue returnValue(Ast.Returning returning) {
        return switch (returning) {
            case NONE -> null;
            case ALL_OLD -> ReturnValue.ALL_OLD;
            case MODIFIED_OLD -> ReturnValue.UPDATED_OLD;
            case ALL_NEW -> ReturnValue.ALL_NEW;
            case MODIFIED_NEW -> ReturnValue.UPDATED_NEW;
        };
    }

    static List<String> keyNames(TableSchema schema) {
        return schema.rangeKey() == null ? List.of(schema.hashKey()) : List.of(schema.hashKey(), schema.rangeKey());
    }

    // ---- reads

    /** A point read: a SELECT (or EXISTS) whose WHERE gives the full primary key, as a GetItem. */
    GetItemRequest get(Ast.Select select, List<AttributeValue> parameters, boolean consistentRead,
                       ReturnConsumedCapacity capacity) {
        if (select.indexName() != null) {
            throw DynamoException.validation("Only reads of a table's items by their full primary key are supported "
                    + "here, not of an index");
        }
        TableSchema schema = schema(select.tableName());
        Where.ItemTarget target = Where.itemTarget(select.where(), keyNames(schema), parameters);
        return new GetItemRequest(select.tableName(), target.key(), consistentRead, null, null, capacity);
    }

    /** The item as a SELECT answers it: null when the WHERE (the filter) rejects it, else its projection. */
    static Item answer(Ast.Select select, Condition filter, Item item) {
        if (item == null || (filter != null && !filter.test(item))) {
            return null;
        }
        return project(select, item);
    }

    static Condition filter(Ast.Select select, List<AttributeValue> parameters) {
        if (select.where() == null) {
            return null;
        }
        Translator translator = new Translator(parameters);
        String text = translator.condition(select.where());
        return Expressions.filter(text, translator.context());
    }

    static Item project(Ast.Select select, Item item) {
        if (select.selectsAll()) {
            return item;
        }
        Map<String, AttributeValue> projected = new LinkedHashMap<>();
        for (Ast.PathExpr path : select.projection()) {
            AttributeValue value = walk(item.get(path.name()), path.steps());
            if (value != null) {
                projected.put(path.outputName(), value);
            }
        }
        return Item.of(projected);
    }

    private static AttributeValue walk(AttributeValue value, List<Ast.Step> steps) {
        for (Ast.Step step : steps) {
            if (value == null) {
                return null;
            }
            value = switch (step) {
                case Ast.Field field -> value instanceof AttributeValue.M map ? map.values().get(field.name()) : null;
                case Ast.Index index -> value instanceof AttributeValue.L list && index.index() < list.values().size()
                        ? list.values().get(index.index()) : null;
            };
        }
        return value;
    }

    private ExecuteStatementResponse select(ExecuteStatementRequest request, Ast.Select select) {
        TableSchema schema = schema(select.tableName());
        String hashKey = schema.hashKey();
        String rangeKey = schema.rangeKey();
        if (select.indexName() != null) {
            IndexSchema index = schema.index(select.indexName());
            if (index == null) {
                throw DynamoException.validation("The table does not have the specified index: "
                        + select.indexName());
            }
            hashKey = index.hashKey();
            rangeKey = index.rangeKey();
        }
        List<AttributeValue> parameters = request.parameters();
        List<Ast.Expr> partitionValues = select.where() == null ? null : Where.partitionValues(select.where(), hashKey);
        if (select.orderBy() != null) {
            if (select.where() == null) {
                throw DynamoException.validation("Must have WHERE clause in the statement when using ORDER BY clause.");
            }
            if (partitionValues == null) {
                throw DynamoException.validation("Must have at least one non-optional hash key condition in WHERE "
                        + "clause when using ORDER BY clause.");
            }
            for (Ast.PathExpr ordered : select.orderBy()) {
                if (!Where.isPath(ordered, rangeKey) && !Where.isPath(ordered, hashKey)) {
                    throw DynamoException.validation("Variable reference " + ordered
                            + " in ORDER BY clause must be part of the primary key");
                }
            }
        }
        Condition filter = filter(select, parameters);
        NextTokens.Position position = request.nextToken() == null ? new NextTokens.Position(0, null)
                : NextTokens.decode(request.statement(), request.nextToken());
        List<Item> items = new ArrayList<>();
        ConsumedCapacity consumed = null;
        Integer limit = request.limit();
        Map<String, AttributeValue> lastEvaluatedKey;
        int partitionIndex = position.partitionIndex();
        Map<String, AttributeValue> startKey = position.lastEvaluatedKey();
        while (true) {
            PageResponse page;
            if (partitionValues == null) {
                page = engine.scan(new ScanRequest(select.tableName(), null, null, null, null, limit,
                        request.consistentRead(), startKey, null, null, request.returnConsumedCapacity(),
                        select.indexName()));
            } else {
                if (partitionIndex >= partitionValues.size()) {
                    throw DynamoException.validation("Invalid NextToken");
                }
                Translator keys = new Translator(parameters);
                String keyCondition = keys.name(hashKey) + " = " + keys.operand(partitionValues.get(partitionIndex));
                String sortCondition = Where.sortKeyCondition(select.where(), rangeKey, keys);
                if (sortCondition != null) {
                    keyCondition += " AND " + sortCondition;
                }
                page = engine.query(new QueryRequest(select.tableName(), keyCondition, null, null, keys.input(), null,
                        limit, request.consistentRead(), !select.descending(), startKey,
                        request.returnConsumedCapacity(), select.indexName()));
            }
            for (Item item : page.items()) {
                Item answered = answer(select, filter, item);
                if (answered != null) {
                    items.add(answered);
                }
            }
            if (page.consumedCapacity() != null) {
                consumed = consumed == null ? page.consumedCapacity() : consumed.plus(page.consumedCapacity());
            }
            lastEvaluatedKey = page.lastEvaluatedKey();
            if (limit != null) {
                limit -= page.scannedCount();
            }
            boolean morePartitions = partitionValues != null && partitionIndex + 1 < partitionValues.size();
            if (lastEvaluatedKey != null || !morePartitions) {
                break;
            }
            // this partition key value is done: go on to the next one, in this call while the limit lasts
            partitionIndex++;
            startKey = null;
            if (limit != null && limit <= 0) {
                String token = NextTokens.encode(request.statement(), new NextTokens.Position(partitionIndex, null));
                return new ExecuteStatementResponse(items, token, consumed, null);
            }
        }
        String token = lastEvaluatedKey == null ? null
                : NextTokens.encode(request.statement(), new NextTokens.Position(partitionIndex, lastEvaluatedKey));
        return new ExecuteStatementResponse(items, token, consumed, lastEvaluatedKey);
    }
}
