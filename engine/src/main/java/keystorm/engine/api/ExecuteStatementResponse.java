package keystorm.engine.api;

import java.util.List;
import java.util.Map;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/**
 * A SELECT's page of items (empty for a write), the token of the next page (null on the last),
 * and the LastEvaluatedKey DynamoDB also answers when a page ends early.
 */
public record ExecuteStatementResponse(List<Item> items, String nextToken, ConsumedCapacity consumedCapacity,
                                       Map<String, AttributeValue> lastEvaluatedKey) {
    public ExecuteStatementResponse {
        items = List.copyOf(items);
    }
}
