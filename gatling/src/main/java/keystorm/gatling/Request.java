package keystorm.gatling;

import java.util.List;
import keystorm.workloads.bench.BenchKey;

/** One DynamoDB call: the operation (its {@code X-Amz-Target} and report name) and its JSON body. */
public record Request(Operation operation, String body) {
    public Request {
        if (operation == null || body == null || body.isEmpty()) {
            throw new IllegalArgumentException("a request has an operation and a body: " + operation + ", " + body);
        }
    }

    /** A point read under {@code keys}: a GetItem for one, a BatchGetItem when a strategy spreads the item over several. */
    public static Request pointRead(String table, List<BenchKey> keys) {
        return keys.size() == 1
                ? new Request(Operation.GetItem, DynamoJson.getItem(table, keys.getFirst()))
                : new Request(Operation.BatchGetItem, DynamoJson.batchGetItem(table, keys));
    }
}
