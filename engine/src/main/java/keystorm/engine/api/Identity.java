package keystorm.engine.api;

/**
 * A stream record's userIdentity: present only on the REMOVE records of Time to Live's deletions,
 * {@code {"type": "Service", "principalId": "dynamodb.amazonaws.com"}}.
 */
public record Identity(String type, String principalId) {
    public static final Identity TIME_TO_LIVE = new Identity("Service", "dynamodb.amazonaws.com");
}
