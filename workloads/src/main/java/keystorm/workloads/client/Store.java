package keystorm.workloads.client;

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

/**
 * The DynamoDB operations the workloads use, in the engine's typed requests and responses, so a
 * workload's client is written once for every target: the embedded engine ({@link EmbeddedStore})
 * or any endpoint over HTTP through the AWS SDK.
 *
 * <p>Contract: a refusal the store answered is a {@link keystorm.engine.api.DynamoException}
 * with DynamoDB's error type; anything whose outcome the caller cannot know (a timeout, a 5xx, a
 * reset or closed connection) is an {@link IndeterminateException}. No implementation retries:
 * a hidden retry hides indeterminacy and can apply a non-idempotent write twice.
 */
public interface Store extends AutoCloseable {
    /** Creates the table; a table that already exists with that name is left as it is. */
    void createTable(CreateTableRequest request);

    /** Deletes the table if it exists. */
    void deleteTable(String tableName);

    WriteResponse putItem(PutItemRequest request);

    GetItemResponse getItem(GetItemRequest request);

    WriteResponse updateItem(UpdateItemRequest request);

    WriteResponse deleteItem(DeleteItemRequest request);

    PageResponse scan(ScanRequest request);

    /** One page of a Query, of the table or (with {@code indexName}) of one of its secondary indexes. */
    PageResponse query(QueryRequest request);

    TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request);

    TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request);

    // ---- DynamoDB Streams (issue 16): a table's change stream, read shard by shard

    keystorm.engine.api.ListStreamsResponse listStreams(keystorm.engine.api.ListStreamsRequest request);

    keystorm.engine.api.StreamDescription describeStream(keystorm.engine.api.DescribeStreamRequest request);

    String getShardIterator(keystorm.engine.api.GetShardIteratorRequest request);

    keystorm.engine.api.GetRecordsResponse getRecords(keystorm.engine.api.GetRecordsRequest request);

    /** The table's description (its stream's ARN, among the rest). */
    keystorm.engine.api.TableDescription describeTable(String tableName);

    // ---- PartiQL (issue 17)

    keystorm.engine.api.ExecuteStatementResponse executeStatement(keystorm.engine.api.ExecuteStatementRequest request);

    keystorm.engine.api.ExecuteTransactionResponse executeTransaction(
            keystorm.engine.api.ExecuteTransactionRequest request);

    /** The names of the tables there are (all of them: a nemesis picks the run's own by their prefix). */
    java.util.List<String> tableNames();

    /** A name for messages: {@code embedded}, {@code http://127.0.0.1:8000}. */
    String describe();

    @Override
    void close();
}
