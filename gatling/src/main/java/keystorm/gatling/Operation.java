package keystorm.gatling;

/** The DynamoDB operations the simulations send; the name is also the request's name in Gatling's report. */
public enum Operation {
    GetItem, BatchGetItem, PutItem, UpdateItem, CreateTable, DescribeTable;

    /** The {@code X-Amz-Target} header's value. */
    public String target() {
        return "DynamoDB_20120810." + name();
    }
}
