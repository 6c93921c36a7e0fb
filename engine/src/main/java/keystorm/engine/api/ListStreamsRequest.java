package keystorm.engine.api;

/** DynamoDB Streams' ListStreams: every stream, or one table's; null members are absent. */
public record ListStreamsRequest(String tableName, Integer limit, String exclusiveStartStreamArn) {
}
