package keystorm.engine.expr;

import java.util.Optional;
import keystorm.engine.item.AttributeValue;

/** A KeyConditionExpression: the partition key's value and an optional sort-key condition. */
public record KeyCondition(String partitionKeyName, AttributeValue partitionKeyValue,
                           Optional<SortKeyCondition> sortKey) {
}
