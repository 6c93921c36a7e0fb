package keystorm.engine.api;

/** One entry of ListStreams. */
public record StreamSummary(String streamArn, String tableName, String streamLabel) {
}
