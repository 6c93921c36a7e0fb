package keystorm.engine.api;

/**
 * What DescribeTable says of a table's stream: its StreamSpecification and its latest stream's
 * ARN and label (a stream disabled keeps them: DynamoDB still names the latest stream). Null in a
 * {@link TableDescription} of a table that never had a stream.
 */
public record TableStream(StreamSpecification streamSpecification, String latestStreamArn, String latestStreamLabel) {
}
