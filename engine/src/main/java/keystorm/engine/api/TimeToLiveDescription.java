package keystorm.engine.api;

/** DescribeTimeToLive; {@code attributeName} is null while DISABLED. */
public record TimeToLiveDescription(TimeToLiveStatus timeToLiveStatus, String attributeName) {
}
