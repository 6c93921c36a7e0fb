package keystorm.workloads.client;

import java.util.function.Supplier;
import keystorm.engine.Engine;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactGetItemsResponse;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;

/**
 * The engine in this process. After a crash (the engine's power-loss fault) {@link #restart()}
 * opens a new engine on the same data directory, as a restarted server would. A request that
 * finds the engine already stopped is refused before it reaches it ({@link NotSentException}: a
 * fail, like a refused connection); one the crash caught in flight answers InternalServerError
 * (indeterminate).
 */
public final class EmbeddedStore implements Store {
    private final Supplier<Engine> opener;
    private volatile Engine engine;

    /** @param opener opens the engine, the first time and after each crash */
    public EmbeddedStore(Supplier<Engine> opener) {
        this.opener = opener;
        this.engine = opener.get();
    }

    public Engine engine() {
        return engine;
    }

    /** Closes the current engine (crashed or not) and opens a new one on the same configuration. */
    public synchronized void restart() {
        engine.close();
        engine = opener.get();
    }

    /** The engine, unless it has stopped: then the request is not sent at all. */
    private Engine live() {
        Engine current = engine;
        if (current.stopped()) {
            throw new NotSentException("the embedded engine has stopped (crashed, not yet recovered)", null);
        }
        return current;
    }

    @Override
    public void createTable(CreateTableRequest request) {
        try {
            engine.createTable(request);
        } catch (DynamoException e) {
            if (e.type() != ErrorType.ResourceInUseException) {
                throw e;
            }
        }
    }

    @Override
    public void deleteTable(String tableName) {
        try {
            engine.deleteTable(tableName);
        } catch (DynamoException e) {
            if (e.type() != ErrorType.ResourceNotFoundException) {
                throw e;
            }
        }
    }

    @Override
    public WriteResponse putItem(PutItemRequest request) {
        return live().putItem(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return live().getItem(request);
    }

    @Override
    public WriteResponse updateItem(UpdateItemRequest request) {
        return live().updateItem(request);
    }

    @Override
    public WriteResponse deleteItem(DeleteItemRequest request) {
        return live().deleteItem(request);
    }

    @Override
    public PageResponse scan(ScanRequest request) {
        return live().scan(request);
    }

    @Override
    public PageResponse query(QueryRequest request) {
        return live().query(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return live().transactWriteItems(request);
    }

    @Override
    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        return live().transactGetItems(request);
    }

    @Override
    public keystorm.engine.api.ListStreamsResponse listStreams(keystorm.engine.api.ListStreamsRequest request) {
        return live().listStreams(request);
    }

    @Override
    public keystorm.engine.api.StreamDescription describeStream(keystorm.engine.api.DescribeStreamRequest request) {
        return live().describeStream(request);
    }

    @Override
    public String getShardIterator(keystorm.engine.api.GetShardIteratorRequest request) {
        return live().getShardIterator(request);
    }

    @Override
    public keystorm.engine.api.GetRecordsResponse getRecords(keystorm.engine.api.GetRecordsRequest request) {
        return live().getRecords(request);
    }

    @Override
    public keystorm.engine.api.TableDescription describeTable(String tableName) {
        return live().describeTable(tableName);
    }

    @Override
    public keystorm.engine.api.ExecuteStatementResponse executeStatement(
            keystorm.engine.api.ExecuteStatementRequest request) {
        return live().executeStatement(request);
    }

    @Override
    public keystorm.engine.api.ExecuteTransactionResponse executeTransaction(
            keystorm.engine.api.ExecuteTransactionRequest request) {
        return live().executeTransaction(request);
    }

    @Override
    public java.util.List<String> tableNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        String start = null;
        for (int page = 0; page < 10_000; page++) {
            keystorm.engine.api.ListTablesResponse response = engine.listTables(start, 100);
            names.addAll(response.tableNames());
            start = response.lastEvaluatedTableName();
            if (start == null) {
                return names;
            }
        }
        throw new IllegalStateException("more than a million tables");
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
