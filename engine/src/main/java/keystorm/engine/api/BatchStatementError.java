package keystorm.engine.api;

import keystorm.engine.item.Item;

/**
 * One statement's failure in BatchExecuteStatement: DynamoDB's code (ConditionalCheckFailed,
 * DuplicateItem, ValidationError, ProvisionedThroughputExceeded, ...), its message, and the item
 * when ReturnValuesOnConditionCheckFailure ALL_OLD asked for it (else null).
 */
public record BatchStatementError(String code, String message, Item item) {
}
