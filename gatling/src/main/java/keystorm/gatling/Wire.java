package keystorm.gatling;

/**
 * The headers every request carries. The Authorization header has SigV4's shape but a fixed,
 * meaningless signature: keystorm serve, DynamoDB Local and ScyllaDB Alternator (without
 * enforcement) accept any, which is what a load test of them wants (no signing cost in the
 * measurement). Real DynamoDB checks signatures: drive it with the AWS SDK instead.
 */
public final class Wire {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    public static final String AMZ_DATE = "20260101T000000Z";
    public static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=keystorm/20260101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64);

    private Wire() {
    }
}
