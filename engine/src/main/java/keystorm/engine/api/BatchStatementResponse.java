package keystorm.engine.api;

import keystorm.engine.item.Item;

/** One statement's answer, in the request's order: the item read (or null), or its error. */
public record BatchStatementResponse(String tableName, Item item, BatchStatementError error) {
}
