package keystorm.workloads.sim;

import java.util.List;
import java.util.function.Supplier;
import keystorm.engine.Engine;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
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
import keystorm.engine.fault.Fault;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.client.IndeterminateException;
import keystorm.workloads.client.Store;

/**
 * The embedded engine behind a simulated network: what the TCP proxy does to real runs, done to
 * each request of the operation being executed, drawing from that operation's network stream.
 * <ul>
 * <li>net-delay: the answer comes later by the delay, plus or minus a uniform jitter, per request;</li>
 * <li>net-drop: a share of requests is lost before the store sees it (not applied), or its
 * answer after (applied); either way the client hears nothing and times out;</li>
 * <li>net-reset: every request or answer is cut, either way, and the client hears of it at once;</li>
 * <li>net-blackhole: every request is lost, and the client times out.</li>
 * </ul>
 * A lost exchange is an {@link IndeterminateException}: the client cannot tell which side was lost,
 * and records {@code info}. Table administration (the workloads' setup) passes untouched.
 */
final class SimStore implements Store {
    private final EmbeddedStore embedded;
    private Fault.NetworkFault network = new Fault.NetHeal();
    private OpState current;

    SimStore(EmbeddedStore embedded) {
        this.embedded = embedded;
    }

    Engine engine() {
        return embedded.engine();
    }

    void restart() {
        embedded.restart();
    }

    /** The network from now on: a fault's, or {@link Fault.NetHeal} for a working one. */
    void network(Fault.NetworkFault fault) {
        network = fault;
    }

    /** The operation whose requests pass from now on (null: none); answers the one before, to restore. */
    OpState begin(OpState op) {
        OpState before = current;
        current = op;
        return before;
    }

    private <T> T send(Supplier<T> request) {
        OpState op = current;
        if (op == null) {
            return request.get();
        }
        return switch (network) {
            case Fault.NetHeal heal -> request.get();
            case Fault.NetDelay delay -> {
                long jitter = delay.jitter().toNanos(); // plus or minus, never below zero (jitter <= delay)
                op.extraNanos += delay.delay().toNanos() - jitter + op.network.nextLong(2 * jitter + 1);
                yield request.get();
            }
            case Fault.NetDrop drop -> op.network.nextDouble() < drop.probability()
                    ? lose(op, request, op.network.nextBoolean(), true, "net-drop")
                    : request.get();
            case Fault.NetReset reset -> lose(op, request, op.network.nextBoolean(), false, "net-reset");
            case Fault.NetBlackhole blackhole -> lose(op, request, true, true, "net-blackhole");
        };
    }

    private static <T> T lose(OpState op, Supplier<T> request, boolean requestLost, boolean timesOut, String fault) {
        if (!requestLost) {
            try {
                request.get();
            } catch (RuntimeException e) {
                // the store's refusal is lost with the rest of its answer
            }
        }
        op.timedOut |= timesOut;
        String what = (requestLost ? "request" : "response") + " lost (" + fault + ")";
        throw new IndeterminateException(timesOut ? "timed out: " + what : "connection reset: " + what);
    }

    @Override
    public void createTable(CreateTableRequest request) {
        embedded.createTable(request);
    }

    @Override
    public void deleteTable(String tableName) {
        embedded.deleteTable(tableName);
    }

    @Override
    public WriteResponse putItem(PutItemRequest request) {
        return send(() -> embedded.putItem(request));
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return send(() -> embedded.getItem(request));
    }

    @Override
    public WriteResponse updateItem(UpdateItemRequest request) {
        return send(() -> embedded.updateItem(request));
    }

    @Override
    public WriteResponse deleteItem(DeleteItemRequest request) {
        return send(() -> embedded.deleteItem(request));
    }

    @Override
    public PageResponse scan(ScanRequest request) {
        return send(() -> embedded.scan(request));
    }

    @Override
    public PageResponse query(QueryRequest request) {
        return send(() -> embedded.query(request));
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return send(() -> embedded.transactWriteItems(request));
    }

    @Override
    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        return send(() -> embedded.transactGetItems(request));
    }

    @Override
    public keystorm.engine.api.ListStreamsResponse listStreams(keystorm.engine.api.ListStreamsRequest request) {
        return send(() -> embedded.listStreams(request));
    }

    @Override
    public keystorm.engine.api.StreamDescription describeStream(keystorm.engine.api.DescribeStreamRequest request) {
        return send(() -> embedded.describeStream(request));
    }

    @Override
    public String getShardIterator(keystorm.engine.api.GetShardIteratorRequest request) {
        return send(() -> embedded.getShardIterator(request));
    }

    @Override
    public keystorm.engine.api.GetRecordsResponse getRecords(keystorm.engine.api.GetRecordsRequest request) {
        return send(() -> embedded.getRecords(request));
    }

    @Override
    public keystorm.engine.api.TableDescription describeTable(String tableName) {
        return embedded.describeTable(tableName);
    }

    @Override
    public keystorm.engine.api.ExecuteStatementResponse executeStatement(
            keystorm.engine.api.ExecuteStatementRequest request) {
        return send(() -> embedded.executeStatement(request));
    }

    @Override
    public keystorm.engine.api.ExecuteTransactionResponse executeTransaction(
            keystorm.engine.api.ExecuteTransactionRequest request) {
        return send(() -> embedded.executeTransaction(request));
    }

    @Override
    public List<String> tableNames() {
        return embedded.tableNames();
    }

    @Override
    public String describe() {
        return "simulated";
    }

    @Override
    public void close() {
        embedded.close();
    }
}
