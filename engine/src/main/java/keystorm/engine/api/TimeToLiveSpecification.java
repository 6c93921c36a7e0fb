package keystorm.engine.api;

/** UpdateTimeToLive's TimeToLiveSpecification, and what it answers. */
public record TimeToLiveSpecification(String attributeName, boolean enabled) {
}
