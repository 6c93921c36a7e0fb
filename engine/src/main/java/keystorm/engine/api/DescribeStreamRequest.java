package keystorm.engine.api;

/** DynamoDB Streams' DescribeStream; null members are absent. */
public record DescribeStreamRequest(String streamArn, Integer limit, String exclusiveStartShardId) {
}
