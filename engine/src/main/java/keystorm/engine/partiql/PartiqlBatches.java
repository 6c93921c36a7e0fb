package keystorm.engine.partiql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.BatchExecuteStatementRequest;
import keystorm.engine.api.BatchExecuteStatementResponse;
import keystorm.engine.api.BatchStatementError;
import keystorm.engine.api.BatchStatementRequest;
import keystorm.engine.api.BatchStatementResponse;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExecuteTransactionRequest;
import keystorm.engine.api.ExecuteTransactionResponse;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.ParameterizedStatement;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactGetItemsResponse;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.TableSchema;

/**
 * BatchExecuteStatement and ExecuteTransaction on the item API.
 *
 * <p>A batch is all reads or all writes (DynamoDB Local: "Read and write requests together in the same
 * batch is not supported."); each statement runs as its own GetItem, PutItem, UpdateItem or DeleteItem
 * and answers on its own: an error of one (a malformed statement, a missing table, a failed condition)
 * is that statement's BatchStatementError, the others go on. Reads must name one item by its full key
 * and nothing else ("Only single item select is supported"); writes may not touch one item twice
 * ("Provided list of item keys contains duplicates", for the whole request).
 *
 * <p>A transaction is all reads, as one TransactGetItems, or all writes (INSERT, UPDATE, DELETE,
 * EXISTS), as one TransactWriteItems with the ClientRequestToken: the cancellation reasons are the
 * engine's, an INSERT's failed condition answered as DynamoDB does, code DuplicateItem.
 */
final class PartiqlBatches {
    private final PartiqlOperations operations;

    PartiqlBatches(PartiqlOperations operations) {
        this.operations = operations;
    }

    BatchExecuteStatementResponse batch(BatchExecuteStatementRequest request) {
        List<BatchStatementRequest> statements = request.statements();
        checkCount("statements", statements.size(), Partiql.BATCH_STATEMENTS_MAX);
        List<Ast.Statement> parsed = new ArrayList<>();
        List<DynamoException> parseErrors = new ArrayList<>();
        boolean reads = false;
        boolean writes = false;
        for (BatchStatementRequest statement : statements) {
            try {
                Ast.Statement one = Statements.parse(statement.statement());
                parsed.add(one);
                parseErrors.add(null);
                reads |= one instanceof Ast.Select;
                writes |= !(one instanceof Ast.Select);
            } catch (DynamoException e) {
                parsed.add(null);
                parseErrors.add(e);
            }
        }
        if (reads && writes) {
            throw DynamoException.validation("Read and write requests together in the same batch is not supported.");
        }
        ReturnConsumedCapacity capacity = request.returnConsumedCapacity();
        Set<List<Object>> written = new HashSet<>();
        List<BatchStatementResponse> responses = new ArrayList<>();
        Map<String, ConsumedCapacity> consumed = new LinkedHashMap<>();
        // the duplicate check is of the whole request, before any write: plan them all first
        List<Object> plans = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Ast.Statement statement = parsed.get(i);
            if (statement == null) {
                plans.add(parseErrors.get(i));
                continue;
            }
            BatchStatementRequest given = statements.get(i);
            try {
                PartiqlOperations.checkParameters(statement, given.parameters());
                Object plan = plan(statement, given, capacity);
                if (!(plan instanceof GetItemRequest) && !written.add(List.of(statement.tableName(), keyOf(plan)))) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                plans.add(plan);
            } catch (DynamoException e) {
                if (e.getMessage().equals("Provided list of item keys contains duplicates")) {
                    throw e;
                }
                plans.add(e);
            }
        }
        for (int i = 0; i < plans.size(); i++) {
            Object plan = plans.get(i);
            Ast.Statement statement = parsed.get(i);
            String table = statement == null ? null : statement.tableName();
            if (plan instanceof DynamoException e) {
                responses.add(new BatchStatementResponse(null, null, error(e, null)));
                continue;
            }
            try {
                ConsumedCapacity spent;
                Item item = null;
                if (plan instanceof GetItemRequest get) {
                    GetItemResponse got = operations.engine().getItem(get);
                    item = got.item() == null ? null : PartiqlOperations.project((Ast.Select) statement, got.item());
                    spent = got.consumedCapacity();
                } else {
                    WriteResponse response = switch (plan) {
                        case PutItemRequest put -> putOrDuplicate(put);
                        case UpdateItemRequest update -> operations.engine().updateItem(update);
                        case DeleteItemRequest delete -> operations.engine().deleteItem(delete);
                        default -> throw new IllegalStateException("no plan for " + plan);
                    };
                    spent = response.consumedCapacity();
                }
                if (spent != null) {
                    consumed.merge(spent.tableName(), spent, ConsumedCapacity::plus);
                }
                responses.add(new BatchStatementResponse(table, item, null));
            } catch (DynamoException e) {
                responses.add(new BatchStatementResponse(table, null, error(e,
                        e instanceof ConditionalCheckFailedException failed ? failed.item() : null)));
            }
        }
        return new BatchExecuteStatementResponse(responses, new ArrayList<>(consumed.values()));
    }

    private Object plan(Ast.Statement statement, BatchStatementRequest given, ReturnConsumedCapacity capacity) {
        List<AttributeValue> parameters = given.parameters();
        return switch (statement) {
            case Ast.Select select -> {
                GetItemRequest get;
                try {
                    get = singleItem(select, parameters, given.consistentRead(), capacity);
                } catch (DynamoException e) {
                    if (e.type() == ErrorType.ResourceNotFoundException) {
                        throw e;
                    }
                    throw DynamoException.validation("Only single item select is supported");
                }
                yield get;
            }
            case Ast.Insert insert -> operations.put(insert, parameters, given.returnValuesOnConditionCheckFailure(),
                    capacity);
            case Ast.Update update -> operations.update(update, parameters,
                    given.returnValuesOnConditionCheckFailure(), capacity);
            case Ast.Delete delete -> operations.delete(delete, parameters,
                    given.returnValuesOnConditionCheckFailure(), capacity);
            case Ast.Check check -> throw DynamoException.validation(
                    "EXISTS can only be used in ExecuteTransaction write requests.");
        };
    }

    /** A SELECT that names one item by its full key and says nothing else, as a GetItem. */
    private GetItemRequest singleItem(Ast.Select select, List<AttributeValue> parameters, boolean consistentRead,
                                      ReturnConsumedCapacity capacity) {
        TableSchema schema = operations.schema(select.tableName());
        if (select.where() == null || select.indexName() != null || select.orderBy() != null) {
            throw DynamoException.validation("Only single item select is supported");
        }
        Where.ItemTarget target = Where.itemTarget(select.where(), PartiqlOperations.keyNames(schema), parameters);
        if (target.condition() != null) {
            throw DynamoException.validation("Only single item select is supported");
        }
        return new GetItemRequest(select.tableName(), target.key(), consistentRead, null, null, capacity);
    }

    private WriteResponse putOrDuplicate(PutItemRequest put) {
        try {
            return operations.engine().putItem(put);
        } catch (ConditionalCheckFailedException e) {
            throw new DynamoException(ErrorType.DuplicateItemException, PartiqlOperations.DUPLICATE_ITEM);
        }
    }

    private Map<String, AttributeValue> keyOf(Object plan) {
        return switch (plan) {
            case UpdateItemRequest update -> update.key();
            case DeleteItemRequest delete -> delete.key();
            // the key only: two INSERTs of one key with other attributes are still one item twice
            case PutItemRequest put -> operations.schema(put.tableName()).keyOf(put.item());
            default -> throw new IllegalStateException("no key for " + plan);
        };
    }

    /** DynamoDB's BatchStatementError codes: the error type without "Exception", a few renamed. */
    static BatchStatementError error(DynamoException e, Item item) {
        String code = switch (e.type()) {
            case ConditionalCheckFailedException -> "ConditionalCheckFailed";
            case DuplicateItemException -> "DuplicateItem";
            case ValidationException -> "ValidationError";
            case ResourceNotFoundException -> "ResourceNotFound";
            case ProvisionedThroughputExceededException -> "ProvisionedThroughputExceeded";
            case ThrottlingException -> "ThrottlingError";
            case TransactionConflictException -> "TransactionConflict";
            case RequestLimitExceeded -> "RequestLimitExceeded";
            case ItemCollectionSizeLimitExceededException -> "ItemCollectionSizeLimitExceeded";
            case AccessDeniedException -> "AccessDenied";
            default -> "InternalServerError";
        };
        return new BatchStatementError(code, e.getMessage(), item);
    }

    // ---- ExecuteTransaction

    ExecuteTransactionResponse transaction(ExecuteTransactionRequest request) {
        List<ParameterizedStatement> statements = request.transactStatements();
        checkCount("transactStatements", statements.size(), Partiql.TRANSACTION_STATEMENTS_MAX);
        List<Ast.Statement> parsed = new ArrayList<>();
        boolean reads = false;
        boolean writes = false;
        for (ParameterizedStatement statement : statements) {
            Ast.Statement one = Statements.parse(statement.statement());
            PartiqlOperations.checkParameters(one, statement.parameters());
            parsed.add(one);
            reads |= one instanceof Ast.Select;
            writes |= !(one instanceof Ast.Select);
        }
        if (reads && writes) {
            throw DynamoException.validation(
                    "ExecuteTransaction API does not support both read and write operations in the same request.");
        }
        ReturnConsumedCapacity capacity = request.returnConsumedCapacity();
        if (reads) {
            List<TransactGetItem> gets = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                Ast.Select select = (Ast.Select) parsed.get(i);
                GetItemRequest get;
                try {
                    get = singleItem(select, statements.get(i).parameters(), false, capacity);
                } catch (DynamoException e) {
                    if (e.type() == ErrorType.ResourceNotFoundException) {
                        throw e;
                    }
                    throw DynamoException.validation("Validation failed in TransactStatements[" + i + "]: Select "
                            + "statements within ExecuteTransaction must specify the primary key in the where clause.");
                }
                gets.add(TransactGetItem.of(get.tableName(), get.key()));
            }
            TransactGetItemsResponse got = operations.engine().transactGetItems(new TransactGetItemsRequest(gets,
                    capacity));
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                Item item = got.responses().get(i);
                items.add(item == null ? null : PartiqlOperations.project((Ast.Select) parsed.get(i), item));
            }
            return new ExecuteTransactionResponse(items, got.consumedCapacity());
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            actions.add(action(parsed.get(i), statements.get(i), i));
        }
        TransactWriteItemsResponse written;
        try {
            written = operations.engine().transactWriteItems(new TransactWriteItemsRequest(actions,
                    request.clientRequestToken(), capacity));
        } catch (TransactionCanceledException e) {
            throw new TransactionCanceledException(reasons(parsed, e.reasons()));
        }
        return new ExecuteTransactionResponse(List.of(), written.consumedCapacity());
    }

    private TransactWriteItem action(Ast.Statement statement, ParameterizedStatement given, int index) {
        List<AttributeValue> parameters = given.parameters();
        return switch (statement) {
            case Ast.Insert insert -> {
                PutItemRequest put = operations.put(insert, parameters, null, null);
                yield new TransactWriteItem.Put(put.tableName(), put.item(), put.conditionExpression(),
                        put.expressions(), given.returnValuesOnConditionCheckFailure());
            }
            case Ast.Update update -> {
                if (update.returning() != Ast.Returning.NONE) {
                    throw DynamoException.validation("Validation failed in TransactStatements[" + index
                            + "]: RETURNING is not supported in ExecuteTransaction");
                }
                UpdateItemRequest request = operations.update(update, parameters, null, null);
                yield new TransactWriteItem.Update(request.tableName(), request.key(), request.updateExpression(),
                        request.conditionExpression(), request.expressions(),
                        given.returnValuesOnConditionCheckFailure());
            }
            case Ast.Delete delete -> {
                if (delete.returning() != Ast.Returning.NONE) {
                    throw DynamoException.validation("Validation failed in TransactStatements[" + index
                            + "]: RETURNING is not supported in ExecuteTransaction");
                }
                DeleteItemRequest request = operations.delete(delete, parameters, null, null);
                yield new TransactWriteItem.Delete(request.tableName(), request.key(), request.conditionExpression(),
                        request.expressions(), given.returnValuesOnConditionCheckFailure());
            }
            case Ast.Check check -> check(check, parameters, given, index);
            case Ast.Select select -> throw new IllegalStateException("a read among writes");
        };
    }

    /** EXISTS(SELECT ... WHERE <full key> AND condition): the item must exist and meet the condition. */
    private TransactWriteItem check(Ast.Check check, List<AttributeValue> parameters, ParameterizedStatement given,
                                    int index) {
        Ast.Select select = check.select();
        TableSchema schema = operations.schema(select.tableName());
        Where.ItemTarget target;
        try {
            if (select.where() == null || select.indexName() != null) {
                throw DynamoException.validation("not a single item");
            }
            target = Where.itemTarget(select.where(), PartiqlOperations.keyNames(schema), parameters);
        } catch (DynamoException e) {
            target = null;
        }
        if (target == null || target.condition() == null) {
            throw DynamoException.validation("Validation failed in TransactStatements[" + index
                    + "]: EXISTS() must contain a single item read with additional condition");
        }
        Translator translator = new Translator(parameters);
        String condition = "attribute_exists(" + translator.name(schema.hashKey()) + ") AND "
                + translator.condition(target.condition());
        return new TransactWriteItem.ConditionCheck(select.tableName(), target.key(), condition, translator.input(),
                given.returnValuesOnConditionCheckFailure());
    }

    private static List<CancellationReason> reasons(List<Ast.Statement> statements, List<CancellationReason> reasons) {
        List<CancellationReason> renamed = new ArrayList<>();
        for (int i = 0; i < reasons.size(); i++) {
            CancellationReason reason = reasons.get(i);
            if (i < statements.size() && statements.get(i) instanceof Ast.Insert
                    && reason.code().equals("ConditionalCheckFailed")) {
                renamed.add(new CancellationReason("DuplicateItem", PartiqlOperations.DUPLICATE_ITEM, null));
            } else {
                renamed.add(reason);
            }
        }
        return renamed;
    }

    private static void checkCount(String member, int count, int max) {
        if (count < 1) {
            throw DynamoException.validation("1 validation error detected: Value '[]' at '" + member
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        if (count > max) {
            throw DynamoException.validation("1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }
}
